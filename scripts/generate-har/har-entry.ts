/** One HAR 1.2 entry in Chrome's shape (`_resourceType`, `_error` on failures). */
import { STATUS_TEXT, type Header } from "./policies"

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

export function harEntry(options: EntryOptions, clock: number, wait: number): object {
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
