/**
 * Test builders: plain Exchange objects as the traffic normalizer would produce them.
 * `exchange({...overrides})` fills every field; preconditions and response tags are read
 * from the headers with the real core/http parsers unless given explicitly.
 */
import { parseEntityTag } from "../../src/core/http/entity-tag"
import { parsePrecondition } from "../../src/core/http/conditional-headers"
import type { Exchange, Header, ObservedTag } from "../../src/core/model"

let nextId = 1

/** Restart automatic ids at 1 (call in beforeEach when ids matter). */
export function resetExchangeIds(): void {
  nextId = 1
}

export const API = "http://127.0.0.1:8787/api/strict/notes"

function headerList(record: Record<string, string | undefined>): Header[] {
  return Object.entries(record)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ({ name, value }))
}

export interface ExchangeOverrides extends Partial<Exchange> {
  /** Request headers as a record, turned into `requestHeaders` (and `precondition`). */
  readonly request?: Record<string, string | undefined>
  /** Response headers as a record, turned into `responseHeaders` (and `responseTags`). */
  readonly response?: Record<string, string | undefined>
}

/** A complete Exchange: GET 200 on note 1 of the lab's strict API unless overridden. */
export function exchange(overrides: ExchangeOverrides = {}): Exchange {
  const { request, response, ...fields } = overrides
  const requestHeaders = fields.requestHeaders ?? headerList(request ?? {})
  const responseHeaders = fields.responseHeaders ?? headerList(response ?? {})
  const etagHeader = responseHeaders.find((header) => header.name.toLowerCase() === "etag")
  const headerTag = etagHeader === undefined ? undefined : parseEntityTag(etagHeader.value)
  const responseTags: ObservedTag[] = headerTag === undefined ? [] : [{ tag: headerTag, source: "header" }]
  const id = fields.id ?? nextId++
  // As the normalizer reads it: `Location`, else `Content-Location`, of a 2xx answer.
  const status = fields.status ?? 200
  const named = (name: string) => responseHeaders.find((header) => header.name.toLowerCase() === name)?.value
  const location =
    status >= 200 && status <= 299 ? (named("location") ?? named("content-location")) : undefined
  return {
    id,
    startedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, id)).toISOString(),
    method: "GET",
    url: `${API}/1`,
    status: 200,
    statusText: "",
    requestHeaders,
    responseHeaders,
    resourceType: "fetch",
    kind: "api",
    origin: "live",
    precondition: parsePrecondition(requestHeaders),
    responseTags,
    itemTags: [],
    notes: [],
    ...(location !== undefined && { location }),
    ...fields
  }
}

/** An observed tag from its wire text (`"a"` or `W/"a"`), with the given source. */
export function observed(text: string, source = "header"): ObservedTag {
  const tag = parseEntityTag(text)
  if (tag === undefined) throw new Error(`not an entity tag: ${text}`)
  return { tag, source }
}

/** GET answered 200 with the tag in the ETag header. */
export function read(etag: string | undefined, overrides: ExchangeOverrides = {}): Exchange {
  return exchange({ response: { ETag: etag }, ...overrides })
}

export interface WriteOptions extends ExchangeOverrides {
  readonly ifMatch?: string
  /** Tag in the response's ETag header. */
  readonly etag?: string
}

/** A write (PUT unless `method` says otherwise), answered 204 unless `status` says otherwise. */
export function write(options: WriteOptions = {}): Exchange {
  const { ifMatch, etag, request, response, ...rest } = options
  return exchange({
    method: "PUT",
    status: 204,
    request: { "If-Match": ifMatch, ...request },
    response: { ETag: etag, ...response },
    ...rest
  })
}

/** `Authorization` naming `user` by HTTP Basic (RFC 7617): a user the engine tells apart for good. */
export function basicAuthorization(user: string): string {
  return `Basic ${Buffer.from(`${user}:secret`).toString("base64")}`
}

/** Overrides for a request `user` sent (Basic `Authorization`), with more request headers if given. */
export function sentBy(
  user: string,
  headers: Record<string, string> = {}
): { readonly request: Record<string, string> } {
  return { request: { Authorization: basicAuthorization(user), ...headers } }
}
