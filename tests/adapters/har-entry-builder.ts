import type { HarEntry } from "../../src/adapters/traffic-source"

/** A minimal but complete HAR entry; override what the test is about. */
export function harEntry(overrides: {
  method?: string
  url?: string
  status?: number
  requestHeaders?: { name: string; value: string }[]
  responseHeaders?: { name: string; value: string }[]
  mimeType?: string
  text?: string
  requestBody?: string
  resourceType?: string
  startedDateTime?: string
}): HarEntry {
  const mimeType = overrides.mimeType ?? "application/json"
  const entry = {
    startedDateTime: overrides.startedDateTime ?? "2026-11-25T12:00:00.000Z",
    time: 5,
    request: {
      method: overrides.method ?? "GET",
      url: overrides.url ?? "http://127.0.0.1:8787/api/strict/notes/1",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: overrides.requestHeaders ?? [],
      queryString: [],
      headersSize: -1,
      bodySize: overrides.requestBody ? overrides.requestBody.length : 0,
      ...(overrides.requestBody
        ? { postData: { mimeType: "application/json", text: overrides.requestBody } }
        : {})
    },
    response: {
      status: overrides.status ?? 200,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: overrides.responseHeaders ?? [{ name: "content-type", value: mimeType }],
      content: {
        size: overrides.text?.length ?? 0,
        mimeType,
        ...(overrides.text !== undefined ? { text: overrides.text } : {})
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
    _resourceType: overrides.resourceType ?? "fetch"
  }
  // HAR types list only known resource types; captures carry others (Playwright lower-case, Firefox none).
  return entry as HarEntry
}
