/**
 * The part of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) our export writes and our
 * redaction reads. Declared here because core imports no package, not even type-only ones.
 * Custom fields (`_resourceType`, `_etagLens`, …) start with `_`, as the spec allows.
 */

export interface HarNameValue {
  name: string
  value: string
  comment?: string
}

export interface HarCookie extends HarNameValue {
  path?: string
  domain?: string
  expires?: string
  httpOnly?: boolean
  secure?: boolean
}

export interface HarPostData {
  mimeType: string
  text?: string
  params?: (HarNameValue & { fileName?: string; contentType?: string })[]
  comment?: string
}

export interface HarContent {
  size: number
  mimeType: string
  text?: string
  encoding?: string
  compression?: number
  comment?: string
}

export interface HarRequest {
  method: string
  url: string
  httpVersion: string
  cookies: HarCookie[]
  headers: HarNameValue[]
  queryString: HarNameValue[]
  postData?: HarPostData
  headersSize: number
  bodySize: number
  comment?: string
}

export interface HarResponse {
  status: number
  statusText: string
  httpVersion: string
  cookies: HarCookie[]
  headers: HarNameValue[]
  content: HarContent
  redirectURL: string
  headersSize: number
  bodySize: number
  comment?: string
}

export interface HarEntry {
  pageref?: string
  startedDateTime: string
  time: number
  request: HarRequest
  response: HarResponse
  cache: Record<string, unknown>
  timings: { send: number; wait: number; receive: number; [phase: string]: number | string | undefined }
  serverIPAddress?: string
  connection?: string
  comment?: string
  [customField: `_${string}`]: unknown
}

export interface Har {
  log: {
    version: string
    creator: { name: string; version: string; comment?: string }
    browser?: { name: string; version: string; comment?: string }
    pages?: unknown[]
    entries: HarEntry[]
    comment?: string
  }
}
