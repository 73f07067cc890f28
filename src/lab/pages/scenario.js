// The scenario page: GET → PUT (current tag) → PUT (no tag) → PUT (first, stale tag) on note 1.
// `?api=http://127.0.0.1:PORT` calls the lab on that origin instead: open the page on
// http://localhost:PORT to make it a cross-origin API (the lab allows loopback origins).
// `&cors=hide-etag` asks that API to answer without exposing ETag: the page cannot read its tags.
/* global LabTags, location */
// Each status goes into #out as "<step>: <status>"; body.dataset.done = "1" at the end.
"use strict"
;(function runScenarioPage() {
  const params = new URLSearchParams(location.search)
  const policy = params.get("policy") || "strict"
  const apiOrigin = /^https?:\/\/[^/?#]+$/.test(params.get("api") || "") ? params.get("api") : ""
  const hideETag = apiOrigin !== "" && params.get("cors") === "hide-etag"
  const noteUrl =
    apiOrigin + "/api/" + encodeURIComponent(policy) + "/notes/1" + (hideETag ? "?cors=hide-etag" : "")
  const out = document.getElementById("out")
  document.getElementById("policy-name").textContent = apiOrigin
    ? policy + " (API on " + apiOrigin + (hideETag ? ", ETag not exposed" : "") + ")"
    : policy

  function report(step, status) {
    out.textContent += step + ": " + status + "\n"
    const statuses = document.body.dataset.statuses ? document.body.dataset.statuses.split(" ") : []
    statuses.push(String(status))
    document.body.dataset.statuses = statuses.join(" ")
  }

  async function put(tag, text) {
    const response = await fetch(noteUrl, LabTags.putInit(policy, tag, text))
    const body = await LabTags.readJson(response)
    return { status: response.status, tag: LabTags.readTag(policy, response, body) }
  }

  async function run() {
    out.textContent = ""
    delete document.body.dataset.statuses
    delete document.body.dataset.done
    try {
      const first = await fetch(noteUrl)
      const firstTag = LabTags.readTag(policy, first, await LabTags.readJson(first))
      report("GET", first.status)
      report("PUT (current tag)", (await put(firstTag, "edited with the current tag")).status)
      report("PUT (no tag)", (await put(null, "edited without a tag")).status)
      report("PUT (stale tag)", (await put(firstTag, "edited with the stale first tag")).status)
    } catch (error) {
      report("error", String(error))
    }
    document.body.dataset.done = "1"
  }

  document.getElementById("run").addEventListener("click", run)
})()
