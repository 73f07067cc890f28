/** A HAR capture of the lab's lax API that every layer's tests share (engine, report, panel). */
import { harEntry } from "../adapters/har-entry-builder"

export const NOTE = "http://127.0.0.1:8787/api/lax/notes/1"

const json = [{ name: "Content-Type", value: "application/json" }]
const etag = (value: string) => [...json, { name: "ETag", value }]
const ifMatch = (value: string) => [...json, { name: "If-Match", value }]

/** GET v1 → PUT If-Match v1 (current) → PUT without If-Match → PUT If-Match v1 (stale), all 200: a lax server. */
export function laxScenario(url = NOTE) {
  const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
  return [
    harEntry({ url, startedDateTime: at(1), responseHeaders: etag('"v1"'), text: '{"text":"first"}' }),
    harEntry({
      url,
      method: "PUT",
      startedDateTime: at(2),
      requestHeaders: ifMatch('"v1"'),
      requestBody: '{"text":"a"}',
      responseHeaders: etag('"v2"'),
      text: '{"text":"a"}'
    }),
    harEntry({
      url,
      method: "PUT",
      startedDateTime: at(3),
      requestHeaders: json,
      requestBody: '{"text":"b"}',
      responseHeaders: etag('"v3"'),
      text: '{"text":"b"}'
    }),
    harEntry({
      url,
      method: "PUT",
      startedDateTime: at(4),
      requestHeaders: ifMatch('"v1"'),
      requestBody: '{"text":"c"}',
      responseHeaders: etag('"v4"'),
      text: '{"text":"c"}'
    })
  ]
}

/** The lax scenario with its first two requests sent by Alice and the last two by Bob (Basic user-ids). */
export function laxScenarioOfTwoUsers(url = NOTE) {
  return laxScenario(url).map((entry, position) => ({
    ...entry,
    request: {
      ...entry.request,
      headers: [
        ...entry.request.headers,
        { name: "Authorization", value: `Basic ${btoa(position < 2 ? "alice:pw" : "bob:pw")}` }
      ]
    }
  }))
}
