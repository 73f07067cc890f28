/** One HAR 1.2 entry in Chrome's shape (`_resourceType`, `_error` on failures). */
import { APP, STATUS_TEXT, type Header } from "./policies"

/**
 * How much of what a browser records each entry carries:
 * - `lean`: only the headers the traffic is about (the default, and the benchmark's worst case:
 *   the least JSON to parse for the same engine work);
 * - `recorded`: also every header and field Chromium recorded for each request of the lab
 *   fixtures (tests/fixtures/lab-*.har, Playwright `recordHar`), with the values it recorded.
 */
export type CaptureShape = "lean" | "recorded"

/** Request headers Chromium sent with every request it recorded, as it recorded them. */
const BROWSER_REQUEST_HEADERS: readonly Header[] = [
  { name: "Accept", value: "*/*" },
  { name: "Accept-Encoding", value: "gzip, deflate, br, zstd" },
  { name: "Accept-Language", value: "en-US,en;q=0.9" },
  { name: "Connection", value: "keep-alive" },
  { name: "Referer", value: `${APP}/` },
  { name: "Sec-Fetch-Dest", value: "empty" },
  { name: "Sec-Fetch-Mode", value: "cors" },
  { name: "Sec-Fetch-Site", value: "same-site" },
  {
    name: "User-Agent",
    value:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"
  },
  { name: "sec-ch-ua", value: '"Not:A-Brand";v="8", "Chromium";v="156"' },
  { name: "sec-ch-ua-mobile", value: "?0" },
  { name: "sec-ch-ua-platform", value: '"Linux"' }
]

/** Response headers every recorded response carried (Node's HTTP/1.1 server), as recorded. */
const RECORDED_RESPONSE_HEADERS: readonly Header[] = [
  { name: "Cache-Control", value: "no-store" },
  { name: "Connection", value: "keep-alive" },
  { name: "Keep-Alive", value: "timeout=5" }
]

/** The headers plus the recorded ones they lack (by case-insensitive name), sorted as Chromium lists them. */
function withRecorded(headers: readonly Header[], recorded: readonly Header[]): Header[] {
  const present = new Set(headers.map((header) => header.name.toLowerCase()))
  const added = recorded.filter((header) => !present.has(header.name.toLowerCase()))
  return [...headers, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Approximate header block size, as Chromium reports `headersSize`. */
function headersSize(headers: readonly Header[]): number {
  return headers.reduce((total, header) => total + header.name.length + header.value.length + 4, 2)
}

export interface EntryOptions {
  method: string
  url: string
  status: number
  requestHeaders: Header[]
  responseHeaders: Header[]
  requestBody?: string
  responseBody?: string
  mimeType?: string
  resourceType: string
}

export function harEntry(
  options: EntryOptions,
  clock: number,
  wait: number,
  shape: CaptureShape = "lean"
): object {
  const lean = leanEntry(options, clock, wait)
  return shape === "lean" ? lean : recordedEntry(lean, options, clock)
}

function leanEntry(options: EntryOptions, clock: number, wait: number) {
  const responseSize = options.responseBody?.length ?? 0
  return {
    _resourceType: options.resourceType,
    startedDateTime: new Date(clock).toISOString(),
    time: wait + 2,
    request: {
      method: options.method,
      url: options.url,
      httpVersion: "http/2.0",
      headers: options.requestHeaders,
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: options.requestBody?.length ?? 0,
      ...(options.requestBody === undefined
        ? {}
        : { postData: { mimeType: "application/json", text: options.requestBody } })
    },
    response: {
      status: options.status,
      statusText: STATUS_TEXT[options.status] ?? "",
      httpVersion: "http/2.0",
      headers: options.responseHeaders,
      cookies: [],
      content: {
        size: responseSize,
        mimeType: options.mimeType ?? "application/json",
        ...(options.responseBody === undefined ? {} : { text: options.responseBody })
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: options.status === 0 ? -1 : responseSize,
      ...(options.status === 0 ? { _error: "net::ERR_CONNECTION_RESET" } : {})
    },
    cache: {},
    timings: { blocked: 1, dns: -1, connect: -1, send: 0, wait, receive: 1, ssl: -1 }
  }
}

/** The lean entry with everything else the recorded fixtures' entries carry. */
function recordedEntry(lean: ReturnType<typeof leanEntry>, options: EntryOptions, clock: number): object {
  const browserHeaders = [...BROWSER_REQUEST_HEADERS, { name: "Host", value: new URL(options.url).host }]
  const requestHeaders = withRecorded(options.requestHeaders, browserHeaders)
  const responseHeaders =
    options.status === 0 ? [] : withRecorded(options.responseHeaders, RECORDED_RESPONSE_HEADERS)
  const postData = "postData" in lean.request ? { ...lean.request.postData, params: [] } : undefined
  return {
    pageref: "page@1",
    ...lean,
    request: {
      ...lean.request,
      httpVersion: "HTTP/1.1",
      headers: requestHeaders,
      headersSize: headersSize(requestHeaders),
      ...(postData === undefined ? {} : { postData })
    },
    response: {
      ...lean.response,
      httpVersion: "HTTP/1.1",
      headers: responseHeaders,
      content: { ...lean.response.content, compression: 0 },
      headersSize: options.status === 0 ? -1 : headersSize(responseHeaders),
      _transferSize: options.status === 0 ? 0 : headersSize(responseHeaders) + lean.response.bodySize
    },
    _frameref: "frame@1",
    _monotonicTime: (clock - Date.parse("2026-01-05T09:00:00.000Z")) / 1000,
    serverIPAddress: "203.0.113.10",
    _serverPort: 443,
    _securityDetails: {}
  }
}
