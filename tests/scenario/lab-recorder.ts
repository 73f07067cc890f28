/**
 * Test support: call the live lab over HTTP and keep each exchange as a HAR entry,
 * the way a browser capture would (headers, bodies, `_resourceType: fetch`).
 */
import type { Entry, Header } from "har-format"

export interface RecordedCall {
  readonly method: string
  readonly path: string
  readonly headers?: Record<string, string>
  readonly body?: string
}

export class LabRecorder {
  readonly entries: Entry[] = []

  constructor(private readonly baseUrl: string) {}

  async call({
    method,
    path,
    headers = {},
    body
  }: RecordedCall): Promise<{ status: number; headers: Headers; text: string }> {
    const url = path.startsWith("http") ? path : this.baseUrl + path
    const startedDateTime = new Date().toISOString()
    const response = await fetch(url, { method, headers, body })
    const text = await response.text()
    const requestHeaders: Header[] = Object.entries(headers).map(([name, value]) => ({ name, value }))
    const responseHeaders: Header[] = [...response.headers].map(([name, value]) => ({ name, value }))
    this.entries.push({
      startedDateTime,
      time: 1,
      request: {
        method,
        url,
        httpVersion: "HTTP/1.1",
        headers: requestHeaders,
        cookies: [],
        queryString: [],
        ...(body !== undefined && { postData: { mimeType: headers["Content-Type"] ?? "", text: body } }),
        headersSize: -1,
        bodySize: body?.length ?? 0
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        httpVersion: "HTTP/1.1",
        headers: responseHeaders,
        cookies: [],
        content: { size: text.length, mimeType: response.headers.get("content-type") ?? "", text },
        redirectURL: "",
        headersSize: -1,
        bodySize: text.length
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
      _resourceType: "fetch"
    })
    return { status: response.status, headers: response.headers, text }
  }
}
