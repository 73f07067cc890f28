/**
 * Builders of HAR 1.2 entries in the shapes real tools produce:
 * - chrome: chrome.devtools.network / DevTools "Save all as HAR" (`_resourceType` "fetch", `_fromCache`, `_error`, `pageref`)
 * - firefox: Firefox DevTools (no `_resourceType`, no `pageref`, `+00:00` times, `postData.params: []`,
 *   `bodySize` counting headers, `cache.afterRequest` with string times on 304s)
 * - playwright: `recordHar` (lower-case `_resourceType`, `_transferSize`, `pageref` "page@…")
 */
import type { Header } from "../../src/core/model"

export type HarShape = "chrome" | "firefox" | "playwright"

export interface HarEntrySpec {
  readonly method?: string
  readonly url?: string
  readonly status?: number
  readonly statusText?: string
  readonly requestHeaders?: readonly Header[]
  readonly responseHeaders?: readonly Header[]
  /** Request body text (postData.text). */
  readonly requestBody?: string
  readonly requestMime?: string
  /** Response body text (content.text); pass `responseEncoding: "base64"` for base64 text. */
  readonly responseBody?: string
  readonly responseEncoding?: string
  readonly responseMime?: string
  readonly resourceType?: string
  readonly startedDateTime?: string
}

type HarRecord = Record<string, unknown>

const headerList = (headers: readonly Header[]) => headers.map((h) => ({ name: h.name, value: h.value }))

/** A HAR entry as the given tool would record it. */
export function harEntry(spec: HarEntrySpec = {}, shape: HarShape = "chrome"): HarRecord {
  const method = spec.method ?? "GET"
  const status = spec.status ?? 200
  const requestHeaders = headerList(spec.requestHeaders ?? [{ name: "Accept", value: "application/json" }])
  const responseMime = spec.responseMime ?? "application/json"
  const responseHeaders = headerList(spec.responseHeaders ?? [{ name: "Content-Type", value: responseMime }])
  const started =
    spec.startedDateTime ??
    (shape === "firefox" ? "2024-05-01T10:11:12.345+00:00" : "2024-05-01T10:11:12.345Z")
  const content: HarRecord = { size: spec.responseBody?.length ?? 0, mimeType: responseMime }
  if (spec.responseBody !== undefined) content.text = spec.responseBody
  if (spec.responseEncoding !== undefined) content.encoding = spec.responseEncoding
  const request: HarRecord = {
    method,
    url: spec.url ?? "http://127.0.0.1:8787/api/strict/notes/1",
    httpVersion: shape === "chrome" ? "http/1.1" : "HTTP/1.1",
    cookies: [],
    headers: requestHeaders,
    queryString: [],
    headersSize: -1,
    bodySize: spec.requestBody?.length ?? 0
  }
  if (spec.requestBody !== undefined) {
    const postData: HarRecord = { mimeType: spec.requestMime ?? "application/json", text: spec.requestBody }
    if (shape === "firefox") {
      postData.params = []
      request.bodySize = spec.requestBody.length + 312 // Firefox counts the headers in bodySize
    }
    request.postData = postData
  }
  const response: HarRecord = {
    status,
    statusText: spec.statusText ?? (status === 200 ? "OK" : ""),
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: responseHeaders,
    content,
    redirectURL: "",
    headersSize: -1,
    bodySize: spec.responseBody?.length ?? 0
  }
  const entry: HarRecord = {
    startedDateTime: started,
    time: 12.5,
    request,
    response,
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0.1, wait: 10, receive: 2.4 }
  }
  if (shape === "chrome") {
    entry.pageref = "page_1"
    entry._resourceType = spec.resourceType ?? "fetch"
    entry._priority = "High"
    response._transferSize = 420
    response._error = null
  } else if (shape === "playwright") {
    entry.pageref = "page@43d98703c7f8b33f99d4f567f3b12c4b"
    entry._resourceType = (spec.resourceType ?? "fetch").toLowerCase()
    response._transferSize = 420
  } else {
    entry.timings = { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 10, receive: 2 }
    if (status === 304) {
      entry.cache = {
        afterRequest: {
          expires: "1970-01-01T00:00:00.000Z",
          lastAccess: "2024-05-01T10:11:12.000Z",
          eTag: "",
          hitCount: 1
        }
      }
    }
  }
  return entry
}

/** A whole HAR document around entries. */
export function harLog(
  entries: readonly unknown[],
  creator = { name: "ETag Lens tests", version: "1" }
): HarRecord {
  return { log: { version: "1.2", creator, pages: [], entries } }
}
