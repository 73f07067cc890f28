/**
 * Query parameters that look like they name a record (`?id=7`, `?docId=…`, `?uuid=…`): without
 * `identityQueryParams` a query is a view of its path, so `/document?id=1` and `/document?id=2` are
 * one resource, and a save of each looks like a lost update of the other. The lineage notes the
 * values such parameters took on a resource, so a finding can say when its requests named
 * different records.
 */
import { wordsOf } from "../name-words"
import { queryParamName } from "../traffic/resource-key"
import { decodeFormComponent } from "../traffic/uri"

/** Distinct values kept per parameter: enough to tell one record from another. */
const MAX_VALUES = 4

/**
 * Name endings that name a record (`id`, `doc_id`, `docId`, `uuid`, `slug`). Not `key`: Google's
 * `?key=` is an API key, whose value a finding must not print.
 */
const RECORD_WORDS: ReadonlySet<string> = new Set(["id", "uuid", "guid", "slug"])
/** Ids that differ on every request and name no record (`requestId`, `X-Trace-Id`, `idempotency_key`). */
const PER_REQUEST_WORDS: ReadonlySet<string> = new Set([
  "request",
  "correlation",
  "trace",
  "span",
  "transaction",
  "session",
  "idempotency",
  "nonce",
  "client",
  "api",
  "app"
])

/** `id`, `docId`, `record_key`: a name whose last word names a record, no word a request. */
export function looksLikeRecordParam(name: string): boolean {
  const words = wordsOf(name)
  const last = words[words.length - 1]
  return last !== undefined && RECORD_WORDS.has(last) && !words.some((word) => PER_REQUEST_WORDS.has(word))
}

/** The record-like parameters of a URL's query, decoded, in order; empty without a query. */
export function recordQueryParams(url: string): [name: string, value: string][] {
  const start = url.indexOf("?")
  if (start === -1) return []
  const end = url.indexOf("#", start)
  const query = url.slice(start + 1, end === -1 ? undefined : end)
  const params: [string, string][] = []
  for (const pair of query.split("&")) {
    const name = queryParamName(pair)
    if (!looksLikeRecordParam(name)) continue
    const equals = pair.indexOf("=")
    params.push([name, equals === -1 ? "" : decodeFormComponent(pair.slice(equals + 1))])
  }
  return params
}

/** Values each record-like parameter took on a resource (at most MAX_VALUES each). */
export type RecordParamValues = Map<string, string[]>

/** Notes the URL's record-like parameters; returns the map, created on the first one. */
export function noteRecordParams(
  seen: RecordParamValues | undefined,
  url: string
): RecordParamValues | undefined {
  if (url.indexOf("?") === -1) return seen
  const params = recordQueryParams(url)
  if (params.length === 0) return seen
  const values = seen ?? new Map<string, string[]>()
  for (const [name, value] of params) {
    const known = values.get(name)
    if (known === undefined) values.set(name, [value])
    else if (known.length < MAX_VALUES && !known.includes(value)) known.push(value)
  }
  return values
}

/** A record-like parameter of the URL that other requests to the resource gave other values. */
export interface OtherRecord {
  readonly name: string
  readonly value: string
  readonly others: readonly string[]
}

export function otherRecordsNamed(
  seen: ReadonlyMap<string, readonly string[]> | undefined,
  url: string
): OtherRecord[] {
  if (seen === undefined) return []
  const differing: OtherRecord[] = []
  for (const [name, value] of recordQueryParams(url)) {
    const others = (seen.get(name) ?? []).filter((other) => other !== value)
    if (others.length > 0) differing.push({ name, value, others })
  }
  return differing
}

/**
 * Said after a finding that compares requests to one URL: `This request names ?id=2, others to this
 * URL ?id=1: if id names the record, …`. Empty when its record-like parameters match the others'.
 */
export function otherRecordsHint(
  seen: ReadonlyMap<string, readonly string[]> | undefined,
  url: string
): string {
  const [first] = otherRecordsNamed(seen, url)
  if (first === undefined) return ""
  const { name } = first
  const others = first.others.map((value) => `?${name}=${value}`).join(", ")
  return (
    `. This request names ?${name}=${first.value}, others to this URL ${others}: if ${name} names the ` +
    `record, they are different resources and this is no lost update (add ${name} to the query ` +
    `parameters that name a resource: ⚙ Settings, or --identity-query-param ${name})`
  )
}
