// The scenario page: GET → PUT (current tag) → PUT (no tag) → PUT (first, stale tag) on note 1.
// On scim the first read is a query by POST to notes/.search (RFC 7644 §3.4.3): the note's tag is
// the meta.version its ListResponse lists.
// `?api=http://127.0.0.1:PORT` calls the lab on that origin instead: open the page on
// http://localhost:PORT to make it a cross-origin API (the lab allows loopback origins).
// `&cors=hide-etag` asks that API to answer without exposing ETag: the page cannot read its tags;
// `&cors=block-if-match` to leave If-Match out of its preflights' allowed headers, and
// `&cors=refuse-if-match` to refuse such preflights (403): the browser then refuses the PUTs.
// `&override=1` sends each PUT as a POST naming PUT in X-HTTP-Method-Override, as clients behind
// proxies that pass only GET and POST do.
// `&batch=1` sends each step inside an OData `$batch` (multipart, each PUT in a change set), as a
// SAP UI5 app does; with `&cors=`, to `$batch?cors=…`, so the batch and its preflight meet that mode
// (the operations' If-Match and ETag travel in the multipart body, where CORS does not look).
/* global LabTags, location, Headers, Response */
// Each status goes into #out as "<step>: <status>"; body.dataset.done = "1" at the end.
"use strict"
;(function runScenarioPage() {
  const params = new URLSearchParams(location.search)
  const policy = params.get("policy") || "strict"
  // An origin, with or without its trailing slash; anything else is named on the page, not used.
  const apiParam = params.get("api") || ""
  const apiOrigin = /^https?:\/\/[^/?#]+\/?$/.test(apiParam) ? apiParam.replace(/\/$/, "") : ""
  const corsMode = apiOrigin !== "" ? params.get("cors") || "" : ""
  const corsModes = ["hide-etag", "block-if-match", "refuse-if-match"]
  const corsQuery = corsModes.indexOf(corsMode) >= 0 ? "?cors=" + corsMode : ""
  const noteUrl = apiOrigin + "/api/" + encodeURIComponent(policy) + "/notes/1" + corsQuery
  const useBatch = params.get("batch") === "1"
  const tunnelPut = !useBatch && params.get("override") === "1"
  const batchUrl = apiOrigin + "/api/" + encodeURIComponent(policy) + "/$batch" + corsQuery
  const out = document.getElementById("out")
  document.getElementById("policy-name").textContent = apiOrigin
    ? policy +
      " (API on " +
      apiOrigin +
      (corsMode === "hide-etag" ? ", ETag not exposed" : "") +
      (corsMode === "block-if-match" || corsMode === "refuse-if-match" ? ", If-Match not allowed" : "") +
      ")"
    : apiParam !== ""
      ? policy + " (api=" + apiParam + " ignored: not an origin such as http://127.0.0.1:8787; same origin)"
      : policy

  function report(step, status) {
    out.textContent += step + ": " + status + "\n"
    const statuses = document.body.dataset.statuses ? document.body.dataset.statuses.split(" ") : []
    statuses.push(String(status))
    document.body.dataset.statuses = statuses.join(" ")
  }

  // One operation in a $batch; its answer as a Response, so reading its tag works as for a fetch.
  async function viaBatch(method, init) {
    const lines = ["--batch_page", "Content-Type: application/http", ""]
    const operation = [method + " notes/1 HTTP/1.1"]
    const headers = (init && init.headers) || {}
    for (const name of Object.keys(headers)) operation.push(name + ": " + headers[name])
    operation.push("", (init && init.body) || "")
    if (method === "GET") lines.push.apply(lines, operation)
    else {
      lines.length = 1
      lines.push("Content-Type: multipart/mixed; boundary=changeset_page", "", "--changeset_page")
      lines.push("Content-Type: application/http", "Content-ID: 1", "")
      lines.push.apply(lines, operation)
      lines.push("--changeset_page--")
    }
    lines.push("--batch_page--", "")
    const response = await fetch(batchUrl, {
      method: "POST",
      headers: { "Content-Type": "multipart/mixed; boundary=batch_page" },
      body: lines.join("\r\n")
    })
    const text = await response.text()
    const message = /HTTP\/1\.1 (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*?)\r\n--/.exec(text)
    if (!message) return new Response(null, { status: 502 })
    const answerHeaders = new Headers()
    for (const line of message[2].split("\r\n")) {
      const colon = line.indexOf(":")
      if (colon > 0) answerHeaders.append(line.slice(0, colon), line.slice(colon + 1).trim())
    }
    const status = Number(message[1])
    const empty = status === 204 || status === 304 || message[3] === ""
    return new Response(empty ? null : message[3], { status: status, headers: answerHeaders })
  }

  function send(method, init) {
    return useBatch ? viaBatch(method, init) : fetch(noteUrl, init)
  }

  // A SCIM client's search: `POST …/notes/.search` with a SearchRequest; the answer lists note 1.
  function search() {
    const searchUrl = apiOrigin + "/api/" + encodeURIComponent(policy) + "/notes/.search" + corsQuery
    return fetch(searchUrl, {
      method: "POST",
      headers: { "Content-Type": "application/scim+json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        filter: 'id eq "1"'
      })
    })
  }

  async function put(tag, text) {
    const init = LabTags.putInit(policy, tag, text)
    const method = init.method
    if (tunnelPut) {
      init.method = "POST"
      init.headers["X-HTTP-Method-Override"] = "PUT"
    }
    let response
    try {
      response = await send("PUT", init)
    } catch (error) {
      // A write the browser refused to send (a CORS preflight that does not allow If-Match):
      // the steps after it still run.
      return { method: method, status: "failed (" + String(error) + ")", tag: null }
    }
    const body = await LabTags.readJson(response)
    return { method: method, status: response.status, tag: LabTags.readTag(policy, response, body) }
  }

  async function run() {
    out.textContent = ""
    delete document.body.dataset.statuses
    delete document.body.dataset.done
    try {
      const searches = policy === "scim" && !useBatch
      const first = searches ? await search() : await send("GET")
      const firstTag = LabTags.readTag(policy, first, await LabTags.readJson(first))
      report(searches ? "POST .search" : "GET", first.status)
      // Each write is a PUT, or the PATCH a policy's clients send instead (azure-devops).
      const current = await put(firstTag, "edited with the current tag")
      report(current.method + " (current tag)", current.status)
      const none = await put(null, "edited without a tag")
      report(none.method + " (no tag)", none.status)
      const stale = await put(firstTag, "edited with the stale first tag")
      report(stale.method + " (stale tag)", stale.status)
    } catch (error) {
      report("error", String(error))
    }
    document.body.dataset.done = "1"
  }

  document.getElementById("run").addEventListener("click", run)
})()
