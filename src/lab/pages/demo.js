// The two-user demo: Alice and Bob edit note 1 of the chosen policy; each column shows the status,
// the tag the user holds and what the answer means. Stable ids (#alice-load, #bob-save, …) for tests.
/* global LabTags, location, history */
"use strict"
;(function runDemoPage() {
  const USERS = { alice: "Alice", bob: "Bob" }
  const policySelect = document.getElementById("policy")
  const state = { alice: emptyUser(), bob: emptyUser() }

  // servedBy: the farm server whose answer gave the tag (X-Served-By), to name it in a refusal.
  function emptyUser() {
    return { tag: null, version: null, servedBy: null }
  }
  function el(user, part) {
    return document.getElementById(user + "-" + part)
  }
  function other(user) {
    return user === "alice" ? "bob" : "alice"
  }
  function policy() {
    return policySelect.value
  }
  function noteUrl() {
    return "/api/" + encodeURIComponent(policy()) + "/notes/1"
  }
  // Each user sends their own credentials, as two users of a real app do: it is how ETag Lens tells
  // Bob's refused save from Alice's next one, and names who read and who wrote. An unsigned JWT
  // (alg "none") whose subject is the user, like an app's access token; the lab checks none.
  function base64url(value) {
    return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")
  }
  function credentials(user) {
    const token =
      base64url({ alg: "none", typ: "JWT" }) + "." + base64url({ iss: "etag-lens-lab", sub: user })
    return { Authorization: "Bearer " + token + "." }
  }
  function versionOf(response) {
    const raw = response.headers.get("X-Lab-Version")
    return raw === null ? null : Number(raw)
  }

  // A farm policy names the server that answered (X-Served-By): tags differ between servers.
  function logRequest(user, method, init, response) {
    const status = response.status
    const servedBy = response.headers.get("X-Served-By")
    const item = document.createElement("li")
    const headers = (init && init.headers) || {}
    const body = init && init.body ? JSON.parse(init.body) : undefined
    const rev = body && body._rev
    // An Azure DevOps-style JSON Patch names its revision in a test of /rev.
    const tested = Array.isArray(body)
      ? body.find((operation) => operation.op === "test" && operation.path === "/rev")
      : undefined
    const condition = ["If-Match", "If-Unmodified-Since", "X-Contentful-Version"].find(
      (name) => headers[name] !== undefined
    )
    const sent = condition
      ? " " + condition + ": " + headers[condition]
      : rev
        ? " _rev: " + rev
        : tested
          ? " test rev: " + tested.value
          : ""
    item.textContent =
      USERS[user] +
      ": " +
      method +
      " " +
      noteUrl() +
      sent +
      " → " +
      status +
      (servedBy ? " (" + servedBy + ")" : "")
    document.getElementById("log").append(item)
  }

  // Shows an answer in the user's column; data-seq changes on every answer so tests can wait for it.
  function show(user, code, message, tone) {
    const status = el(user, "status")
    status.textContent = String(code)
    status.dataset.code = String(code)
    status.dataset.seq = String(Number(status.dataset.seq || "0") + 1)
    const line = el(user, "message")
    line.textContent = message
    line.className = "message " + tone
    el(user, "tag").textContent = state[user].tag === null ? "none" : state[user].tag
  }

  async function load(user) {
    const response = await fetch(noteUrl(), { headers: credentials(user) })
    const body = await LabTags.readJson(response)
    logRequest(user, "GET", null, response)
    if (!response.ok) {
      state[user] = emptyUser()
      return { response, body }
    }
    state[user] = {
      tag: LabTags.readTag(policy(), response, body),
      version: versionOf(response),
      servedBy: response.headers.get("X-Served-By")
    }
    return { response, body }
  }

  async function onLoad(user) {
    const { response, body } = await load(user)
    el(user, "retry").hidden = true
    if (!response.ok)
      return show(user, response.status, response.status + ": the note is gone — Reset lab.", "bad")
    el(user, "text").value = body.text
    show(user, 200, "200: loaded version " + state[user].version + ". Edit the text, then Save.", "ok")
  }

  // What a save sends: the held tag, `*` (any version: overwrites whatever is there), or nothing.
  function tagToSend(user) {
    if (!el(user, "ifmatch").checked) return null
    return readsIfMatch() && el(user, "star").checked ? "*" : state[user].tag
  }

  // A JSON Patch (RFC 6902) sends one operation, not the note: yet without If-Match it overwrites
  // the other user's text all the same. Policies whose version travels in the body take PUT only.
  function saveMethod() {
    return document.getElementById("save-method").value
  }
  function versionInBody() {
    return ["couch", "spring", "confluence", "kube"].indexOf(policy()) >= 0
  }
  // Azure DevOps-style updates are JSON Patches, their revision tested in the patch: PATCH only.
  function patchesOnly() {
    return policy() === "azure-devops"
  }

  async function save(user) {
    const tag = tagToSend(user)
    const text = el(user, "text").value
    const init = LabTags.putInit(policy(), tag, text)
    if (saveMethod() === "PATCH" && !patchesOnly()) {
      init.method = "PATCH"
      init.headers["Content-Type"] = "application/json-patch+json"
      init.body = JSON.stringify([{ op: "replace", path: "/text", value: text }])
    }
    Object.assign(init.headers, credentials(user))
    const response = await fetch(noteUrl(), init)
    const body = await LabTags.readJson(response)
    logRequest(user, init.method, init, response)
    return { response, body, basedOn: state[user].version }
  }

  function explainSuccess(user, response, body, basedOn) {
    const newVersion = versionOf(response)
    state[user] = {
      tag: LabTags.readTag(policy(), response, body),
      version: newVersion,
      servedBy: response.headers.get("X-Served-By")
    }
    const code = response.status
    if (basedOn !== null && newVersion !== null && newVersion > basedOn + 1) {
      const name = USERS[other(user)]
      return show(user, code, code + ": saved — but " + name + "'s change was silently overwritten!", "bad")
    }
    show(user, code, code + ": saved as version " + newVersion + ".", "ok")
  }

  // The part of a tag that differs between two tags of one version: Apache mod_deflate's "-gzip"
  // suffix (deflate), or the farm server's name (":web1"). Other policies: none.
  function serverSuffix() {
    if (policy() === "deflate") return /-gzip"$/
    if (policy() === "farm") return /:[^":]*"$/
    return null
  }

  // Whether a 412 refused a tag of the current version: its problem body's currentETag names the
  // same version apart from the server's suffix. RFC 9110 §13.1.1 says such a tag must pass.
  function refusedCurrentTag(sentTag, body) {
    const suffix = serverSuffix()
    const current = body && typeof body.currentETag === "string" ? body.currentETag : null
    if (suffix === null || current === null || sentTag === null || sentTag === "*") return false
    return sentTag.replace(suffix, '"') === current.replace(suffix, '"')
  }

  function currentTagRefusal(user, response) {
    if (policy() === "deflate")
      return "412: the server refused its own current tag — nobody changed the note. It sends its ETag with Apache mod_deflate's “-gzip” suffix but compares If-Match without it, so Refresh & retry gets the same 412."
    const refuser = response.headers.get("X-Served-By") || "this server"
    const maker = state[user].servedBy || "another server"
    return (
      "412: " +
      refuser +
      " refused a current tag — nobody changed the note. The tag came from " +
      maker +
      ", and each server of the farm tags the same note differently: a save passes only on the server whose tag it sends."
    )
  }

  function explainRefusal(user, response, body, sentTag) {
    const code = response.status
    const couch = policy() === "couch"
    let message = code + ": refused."
    // FHIR and SCIM servers compare the version inside W/"…", as those specifications say.
    const versionInWeakTag = policy() === "fhir" || policy() === "scim"
    if (code === 412 && sentTag !== null && sentTag.indexOf("W/") === 0 && !versionInWeakTag) {
      message = "412: a weak tag (W/…) can never match If-Match — strong comparison, RFC 9110 §13.1.1."
    } else if (code === 412 && refusedCurrentTag(sentTag, body)) message = currentTagRefusal(user, response)
    else if (code === 412) message = "412: someone changed it — refresh and retry."
    else if (code === 409 && couch)
      message = "409: conflict — your _rev is missing or stale. Refresh and retry."
    else if (code === 409 && policy() === "spring")
      message = "409: someone changed it — your version is stale. Refresh and retry."
    else if (code === 409 && policy() === "confluence")
      message = "409: someone changed it — your version.number is not the next one. Refresh and retry."
    else if (code === 400 && policy() === "confluence")
      message =
        "400: this API requires version.number (the next one) — tick “send version.number”, then retry."
    else if (code === 409 && patchesOnly())
      message = "409: the patch's test of rev failed — someone changed it. Refresh and retry."
    else if (code === 409 && policy() === "contentful")
      message = "409: VersionMismatch — your X-Contentful-Version is missing or stale. Refresh and retry."
    // nox answers 409 to a write without If-Match too: nobody changed anything then.
    else if (code === 409 && sentTag === null)
      message =
        "409: this API wants " +
        sentName() +
        " on every write (it says 409, not 428) — tick “send " +
        sentName() +
        "”, then retry."
    else if (code === 409)
      message = "409: someone changed it (this API says 409, not 412) — refresh and retry."
    else if (code === 428)
      message = "428: the server requires " + sentName() + " — tick “send " + sentName() + "”, then retry."
    else if (code === 404) message = "404: the note is gone — Reset lab."
    else if (code === 500)
      message =
        "500: the server failed — was it your stale tag? It detected the conflict but never said so (412): refresh and retry."
    el(user, "retry").hidden = code === 404
    show(user, code, message, code === 404 ? "bad" : "warn")
  }

  async function onSave(user) {
    const sentTag = tagToSend(user)
    const { response, body, basedOn } = await save(user)
    if (response.ok) {
      el(user, "retry").hidden = true
      return explainSuccess(user, response, body, basedOn)
    }
    explainRefusal(user, response, body, sentTag)
  }

  // Refresh & retry: read the latest version (and tag), keep this user's text, save again.
  async function onRetry(user) {
    const { response: read } = await load(user)
    if (!read.ok) return show(user, read.status, read.status + ": the note is gone — Reset lab.", "bad")
    return onSave(user)
  }

  async function onReset() {
    const response = await fetch("/api/_reset", { method: "POST" })
    clearUsers("Lab reset (" + response.status + "): note 1 is back to version 1. Load it in both columns.")
  }

  // Reset and a policy switch start the lesson over: each user's toggles go back to the defaults in
  // demo.html too, or an "as *" ticked on strict would make nox's stale-tag conflict pass with 200.
  function clearUsers(message) {
    for (const user of Object.keys(USERS)) {
      state[user] = emptyUser()
      for (const part of ["ifmatch", "star"]) el(user, part).checked = el(user, part).defaultChecked
      el(user, "text").value = ""
      el(user, "retry").hidden = true
      el(user, "status").textContent = "—"
      el(user, "tag").textContent = "none"
      el(user, "message").textContent = ""
      el(user, "message").className = "message"
    }
    document.getElementById("notice").textContent = message
  }

  // What this policy's clients send back: the tag in If-Match, couch's body _rev, a date,
  // kube's metadata.resourceVersion, spring's version, or contentful's X-Contentful-Version header.
  function sentName() {
    if (policy() === "couch") return "_rev"
    if (policy() === "spring") return "version"
    if (policy() === "confluence") return "version.number"
    if (policy() === "contentful") return "X-Contentful-Version"
    if (policy() === "kube") return "metadata.resourceVersion"
    if (patchesOnly()) return "rev"
    return LabTags.validatesByDate(policy()) ? "If-Unmodified-Since" : "If-Match"
  }

  // Policies whose clients send the tag back in If-Match (not a body version or a date).
  function readsIfMatch() {
    return sentName() === "If-Match"
  }

  function describePolicy(descriptions) {
    for (const user of Object.keys(USERS)) {
      const inBody = policy() === "couch" || policy() === "spring" || policy() === "confluence"
      // Where a version that is not If-Match or a date goes: the body, or contentful's own header.
      const where = inBody
        ? " (in the body)"
        : policy() === "contentful"
          ? " (a header)"
          : patchesOnly()
            ? " (a JSON Patch test)"
            : ""
      const label = "send " + sentName() + where
      el(user, "ifmatch").nextElementSibling.textContent = label
      el(user, "star").parentElement.hidden = !readsIfMatch()
    }
    const saveSelect = document.getElementById("save-method")
    saveSelect.querySelector('option[value="PATCH"]').disabled = versionInBody()
    saveSelect.querySelector('option[value="PUT"]').disabled = patchesOnly()
    if (versionInBody()) saveSelect.value = "PUT"
    // PATCH forced by azure-devops goes back to PUT when another policy is chosen.
    if (patchesOnly()) {
      saveSelect.value = "PATCH"
      saveSelect.dataset.forced = "1"
    } else if (saveSelect.dataset.forced) {
      saveSelect.value = "PUT"
      delete saveSelect.dataset.forced
    }
    document.getElementById("policy-description").textContent = descriptions[policy()] || ""
    history.replaceState(null, "", "?policy=" + encodeURIComponent(policy()))
  }

  function guard(action) {
    return () =>
      action().catch((error) => {
        document.getElementById("notice").textContent = "Request failed: " + String(error)
      })
  }

  async function start() {
    const answer = await (await fetch("/api/_policies")).json()
    const descriptions = {}
    for (const { name, description } of answer.policies) {
      descriptions[name] = description
      const option = document.createElement("option")
      option.value = name
      option.textContent = name
      policySelect.append(option)
    }
    const wanted = new URLSearchParams(location.search).get("policy")
    if (wanted && descriptions[wanted]) policySelect.value = wanted
    policySelect.addEventListener("change", () => {
      clearUsers("")
      describePolicy(descriptions)
    })
    describePolicy(descriptions)
    for (const user of Object.keys(USERS)) {
      el(user, "load").addEventListener(
        "click",
        guard(() => onLoad(user))
      )
      el(user, "save").addEventListener(
        "click",
        guard(() => onSave(user))
      )
      el(user, "retry").addEventListener(
        "click",
        guard(() => onRetry(user))
      )
    }
    document.getElementById("reset").addEventListener("click", guard(onReset))
    document.body.dataset.ready = "1"
  }

  start().catch((error) => {
    document.getElementById("notice").textContent = "Could not reach the lab: " + String(error)
  })
})()
