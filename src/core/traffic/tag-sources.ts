/**
 * Where a tag lives (shared README "How real servers behave"): the `ETag` header, known JSON
 * body fields (`@odata.etag`, `odata.etag`, `_etag`, `_rev`, Kubernetes' nested
 * `metadata.resourceVersion`, user-configured), CouchDB write
 * responses (`{"ok":true,"rev":…}`), a configured version header (`X-Contentful-Version`), and a
 * request's body (a JSON Patch's `test` of the version field too), `?rev=` or version header for
 * APIs that do not use If-Match.
 */
import {
  NONE,
  type BodyInfo,
  type EngineOptions,
  type EntityTag,
  type ObservedTag,
  type TagSource
} from "../model"
import { parseEntityTag, withLeniency } from "../http/entity-tag"
import { isHeaderNamed } from "../http/headers"
import type { HeaderList } from "../model"
import {
  isRecord,
  mayContainKeys,
  readJsonBody,
  responseKeys,
  sourceName,
  tagFromJsonValue,
  type JsonRecord
} from "./json-body"
import { fieldValue } from "./json-field"
import { testsField } from "./json-patch"
import { decodeFormComponent, splitUri } from "./uri"

export { findItemTags } from "./item-tags"

type TagFieldOptions = Pick<EngineOptions, "bodyTagFields"> & Partial<Pick<EngineOptions, "versionHeaders">>

/** Tags of the top-level object's configured fields, in option order, as `<prefix>:<field>`. */
export function tagsInRecord(record: JsonRecord, fields: readonly string[], prefix: string): ObservedTag[] {
  const found: ObservedTag[] = []
  for (let position = 0; position < fields.length; position++) {
    const field = fields[position]
    const tag = tagFromJsonValue(fieldValue(record, field))
    if (tag) found.push({ tag, source: sourceName(prefix, field) })
  }
  return found
}

/**
 * Tags a response revealed for the requested resource: `ETag` header first (RFC 9110 §8.8.3),
 * then configured version headers, then body fields. CouchDB write responses carry `rev` (not `_rev`): read when `_rev` is configured.
 * OData V2 carries the tag in `d.__metadata.etag`.
 */
export function findResponseTags(
  headers: HeaderList,
  body: BodyInfo | undefined,
  options: TagFieldOptions
): readonly ObservedTag[] {
  // The first ETag line that parses. ETag is a singleton field (§8.8.3): a sender must not send
  // it twice (§5.3), and a client joins the lines into one text (fetch's `headers.get`), so
  // several lines are read leniently, and said so.
  let headerTag: ObservedTag | undefined
  let etagLines = 0
  for (let position = 0; position < headers.length; position++) {
    const header = headers[position]
    if (!isHeaderNamed(header, "etag")) continue
    etagLines++
    if (headerTag !== undefined) continue
    const tag = parseEntityTag(header.value)
    if (tag) headerTag = { tag, source: "header" }
  }
  if (headerTag !== undefined && etagLines > 1)
    headerTag = { tag: withLeniency(headerTag.tag, `one of ${etagLines} ETag lines`), source: "header" }
  const versionHeaders = options.versionHeaders
  const headerVersion =
    versionHeaders !== undefined && versionHeaders.length > 0
      ? findVersionHeader(headers, versionHeaders)
      : undefined
  const json = mayContainKeys(body, responseKeys(options.bodyTagFields)) ? readJsonBody(body) : undefined
  // Most responses end here: exact-size lists (an exchange keeps its list for good).
  if (!isRecord(json) && headerVersion === undefined) return headerTag === undefined ? NONE : [headerTag]
  const found = headerTag === undefined ? [] : [headerTag]
  if (headerVersion !== undefined) found.push(headerVersion)
  if (!isRecord(json)) return found
  for (const tag of tagsInRecord(json, options.bodyTagFields, "body")) found.push(tag)
  if (options.bodyTagFields.includes("_rev") && json.ok === true && json._rev === undefined) {
    const rev = tagFromJsonValue(json.rev)
    if (rev) found.push({ tag: rev, source: "body:rev" })
  }
  // OData V2 `d.__metadata.etag`: read with plain property accesses (hot path, no path array).
  const odataV2 = isRecord(json.d) && isRecord(json.d.__metadata) ? json.d.__metadata.etag : undefined
  const odataV2Tag = tagFromJsonValue(odataV2)
  if (odataV2Tag) found.push({ tag: odataV2Tag, source: "body:__metadata.etag" })
  return found
}

/** The tag an answer's `ETag` header carried, if any: `findResponseTags` puts it first. */
export function headerTagOf(tags: readonly ObservedTag[]): EntityTag | undefined {
  const first = tags[0]
  return first?.source === "header" ? first.tag : undefined
}

const QUERY_SOURCE = "query:"
const BODY_SOURCE = "body:"
const HEADER_SOURCE = "header:"

/**
 * The first configured version header the list carries, as a tag whose source names the header as
 * configured (`header:X-Contentful-Version`). Such versions are usually bare numbers: read leniently.
 */
function findVersionHeader(headers: HeaderList, names: readonly string[]): ObservedTag | undefined {
  for (let at = 0; at < names.length; at++) {
    for (let position = 0; position < headers.length; position++) {
      if (!isHeaderNamed(headers[position], names[at])) continue
      const tag = parseEntityTag(headers[position].value)
      if (tag) return { tag, source: sourceName("header", names[at]) }
    }
  }
  return undefined
}

/** `header:X-Contentful-Version` → `X-Contentful-Version`: the version header a version travelled in. */
export function versionHeaderOf(source: TagSource | undefined): string | undefined {
  return source?.startsWith(HEADER_SOURCE) ? source.slice(HEADER_SOURCE.length) : undefined
}

/** `body:_rev` → `_rev`: the JSON body field a tag or version was read from; undefined for other sources. */
export function bodyFieldOf(source: TagSource | undefined): string | undefined {
  return source?.startsWith(BODY_SOURCE) ? source.slice(BODY_SOURCE.length) : undefined
}

/** The JSON body fields among a resource's tag sources (`body:_rev` → `_rev`), in their order; a fresh list. */
export function bodyFieldsOf(sources: readonly TagSource[]): string[] {
  return sources.flatMap((source) => bodyFieldOf(source) ?? [])
}

/** `query:rev` → `rev`: the query parameter a version travelled in; undefined for other sources. */
export function queryParamOf(source: TagSource | undefined): string | undefined {
  return source?.startsWith(QUERY_SOURCE) ? source.slice(QUERY_SOURCE.length) : undefined
}

/**
 * The version a request carried outside `If-Match`: a configured version header →
 * `header:<name>` (set on purpose, so it comes first), else a configured field of its JSON body
 * (`_rev`, `_etag`, `@odata.etag`) → `body:<field>`, else a version query parameter → `query:<param>`.
 */
export function findRequestVersion(
  url: string,
  headers: HeaderList,
  body: BodyInfo | undefined,
  options: Pick<EngineOptions, "bodyTagFields" | "queryVersionParams"> &
    Partial<Pick<EngineOptions, "versionHeaders" | "nextVersionFields">>,
  /** Where to say that a next-version field was read as the version before it. */
  notes?: string[]
): ObservedTag | undefined {
  const versionHeaders = options.versionHeaders
  if (versionHeaders !== undefined && versionHeaders.length > 0) {
    const sent = findVersionHeader(headers, versionHeaders)
    if (sent) return sent
  }
  const json = mayContainKeys(body, options.bodyTagFields) ? readJsonBody(body) : undefined
  if (isRecord(json)) {
    const [first] = tagsInRecord(json, options.bodyTagFields, "body")
    const wrapped = first === undefined ? wrappedResource(json) : undefined
    const sent = first ?? (wrapped && tagsInRecord(wrapped, options.bodyTagFields, "body")[0])
    if (sent) return basedOn(sent, options.nextVersionFields, notes)
  } else if (Array.isArray(json)) {
    const tested = versionTestedIn(json, options.bodyTagFields)
    if (tested) return tested
  } else if (json === undefined) {
    const inForm = formFieldVersion(body, options.bodyTagFields)
    if (inForm) return basedOn(inForm, options.nextVersionFields, notes)
  }
  // Most URLs have no query at all: no need to split them.
  const query = typeof url === "string" && url.includes("?") ? splitUri(url).query : undefined
  if (!query) return undefined
  for (const param of options.queryVersionParams) {
    const tag = tagInPairs(query, (name) => name === param)
    if (tag) return { tag, source: `${QUERY_SOURCE}${param}` }
  }
  return undefined
}

/**
 * The tag of the first `name=value` pair (`&`-separated, percent- and `+`-encoded, as a query or a
 * form body) whose decoded name `named` accepts and whose value is a tag.
 */
function tagInPairs(text: string, named: (name: string) => boolean): EntityTag | undefined {
  for (const pair of text.split("&")) {
    const equals = pair.indexOf("=")
    if (equals === -1 || !named(decodeFormComponent(pair.slice(0, equals)))) continue
    const tag = parseEntityTag(decodeFormComponent(pair.slice(equals + 1)))
    if (tag) return tag
  }
  return undefined
}

/**
 * The resource a write body wraps under its name, `{"note": {…, "lock_version": 2}}`: Rails'
 * `params.require(:note)` shape. Only a body of that one key, whose value is an object.
 */
function wrappedResource(json: JsonRecord): JsonRecord | undefined {
  let wrapped: JsonRecord | undefined
  for (const key in json) {
    if (wrapped !== undefined || !isRecord(json[key])) return undefined
    wrapped = json[key] as JsonRecord
  }
  return wrapped
}

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\b/i

/**
 * A version field in a form body (`application/x-www-form-urlencoded`), by its name or wrapped in
 * the resource's (`note[lock_version]=2`, as a Rails form sends it), as the JSON body field is read.
 */
function formFieldVersion(body: BodyInfo | undefined, fields: readonly string[]): ObservedTag | undefined {
  const text = body?.text
  if (text === undefined || body?.mimeType === undefined || !FORM_TYPE.test(body.mimeType)) return undefined
  for (const field of fields) {
    if (!text.includes(field)) continue
    const tag = tagInPairs(text, (name) => name === field || name.endsWith(`[${field}]`))
    if (tag) return { tag, source: sourceName("body", field) }
  }
  return undefined
}

/**
 * The version a JSON Patch (RFC 6902) is based on: the value its `test` operation expects in a
 * version field, as Azure DevOps work items take it (`{"op": "test", "path": "/rev", "value": 3}`):
 * the server applies the patch only if the field still holds it (§4.6). Fields in option order.
 */
function versionTestedIn(operations: readonly unknown[], fields: readonly string[]): ObservedTag | undefined {
  for (const field of fields) {
    for (const operation of operations) {
      if (!testsField(operation, field)) continue
      const tag = tagFromJsonValue((operation as JsonRecord).value)
      if (tag) return { tag, source: sourceName("body", field) }
    }
  }
  return undefined
}

/**
 * A version sent in a next-version field (Confluence's `version.number`: the version the write will
 * make) as the version the write is based on, one less; any other as it is. A value that is not a
 * whole number above 0 is kept as sent.
 */
function basedOn(
  sent: ObservedTag,
  nextVersionFields: readonly string[] | undefined,
  notes: string[] | undefined
): ObservedTag {
  if (nextVersionFields === undefined || !isNextVersionSource(sent.source, nextVersionFields)) return sent
  const next = /^\d+$/.test(sent.tag.opaque) ? Number(sent.tag.opaque) : 0
  const tag = next >= 1 && Number.isSafeInteger(next) ? parseEntityTag(String(next - 1)) : undefined
  if (tag === undefined) return sent
  const field = bodyFieldOf(sent.source)
  notes?.push(`${field} ${next} is the version this write makes: judged as based on ${tag.opaque}`)
  return { tag, source: sent.source }
}

/** Whether a request version came from a next-version field (its tag is the version before the one sent). */
export function isNextVersionSource(source: string, nextVersionFields: readonly string[]): boolean {
  const field = bodyFieldOf(source)
  return field !== undefined && nextVersionFields.includes(field)
}
