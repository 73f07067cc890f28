// The scenario pages' step: one fetch, its status listed as it arrives. scripts/record-real-servers.ts
// injects this before a page's own script runs (playwright's addInitScript), so it adds no request
// of its own to the recorded captures.
"use strict"
window.scenarioSteps = function scenarioSteps(url, contentType, sharedHeaders = {}) {
  const statuses = []
  return {
    /**
     * `body`: the request's text, sent as `type` (else `contentType`); `query` is added to the URL;
     * `at`: another URL for this step (a presigned URL is one method's own).
     */
    async step(name, method, { headers = {}, body, type = contentType, query = "", at = url } = {}) {
      const init = { method, headers: { ...sharedHeaders, ...headers }, cache: "no-store" }
      if (body !== undefined) {
        init.body = body
        init.headers["Content-Type"] = type
      }
      const response = await fetch(at + query, init)
      const text = await response.text()
      statuses.push(response.status)
      document.getElementById("out").textContent += name + ": " + response.status + "\n"
      return { etag: response.headers.get("ETag"), text }
    },
    /** Tells the recorder the page is done, with every status in order. */
    done() {
      document.body.dataset.statuses = statuses.join(" ")
      document.body.dataset.done = "1"
    }
  }
}

/** An iCalendar event (CRLF line ends, as RFC 5545 requires) whose summary is "version <n>". */
window.calendarEvent = function calendarEvent(n) {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//ETag Lens//scenario//EN",
    "BEGIN:VEVENT",
    "UID:note-1",
    "DTSTAMP:20260101T000000Z",
    "DTSTART:20260101T100000Z",
    "SUMMARY:version " + n,
    "END:VEVENT",
    "END:VCALENDAR",
    ""
  ].join("\r\n")
}
