/**
 * Per-item tags in collection responses: OData V4 `{ value: [...] }` (SAP CAP puts
 * `@odata.etag` on every row), OData V2 `{ d: { results: [...] } }`, Eve `{ _items: [...] }`,
 * CouchDB `_all_docs` rows and `_find` docs, Kubernetes lists (`items[]`, named by `metadata.name`),
 * Azure Cosmos DB `{ Documents: [...] }`, a SCIM ListResponse's `Resources` (each at its `meta.location`),
 * an Elasticsearch search's `hits.hits` (each at `<_index>/_doc/<_id>`), plain arrays, a list under the collection's own name
 * (`GET /notes` → `{ "notes": [...] }`), and a FHIR search's `searchset` Bundle (fhir.ts).
 */
import { NONE, type BodyInfo, type EngineOptions, type EntityTag, type ItemTag } from "../model"
import {
  isRecord,
  mayContainKeys,
  pick,
  readJsonBody,
  sourceName,
  responseKeys,
  tagFromJsonValue,
  type JsonRecord
} from "./json-body"
import { fhirSearchItemTags } from "./fhir"
import { fieldValue } from "./json-field"
import { withoutQueryEndpoint } from "./query-post"
import { joinUri, resolveReference, splitUri, trimTrailingSlashes } from "./uri"

interface Collection {
  readonly items: readonly unknown[]
  readonly odata: boolean
}

const ITEM_ID_FIELDS = ["ID", "id", "Id", "_id"] as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function findCollection(
  json: unknown,
  fields: readonly string[],
  requestUrl: string
): Collection | undefined {
  if (Array.isArray(json)) return { items: json, odata: false }
  if (!isRecord(json)) return undefined
  const odataContext = json["@odata.context"] !== undefined || json["odata.metadata"] !== undefined
  if (Array.isArray(json.value)) return { items: json.value, odata: true }
  const v2Results = pick(json, "d", "results")
  if (Array.isArray(v2Results)) return { items: v2Results, odata: true }
  for (const field of ["_items", "rows", "docs", "items", "data", "results", "Documents", "Resources"]) {
    const items = json[field]
    if (Array.isArray(items)) return { items, odata: odataContext }
  }
  // An Elasticsearch or OpenSearch search answer: `{"hits": {"hits": [{_index, _id, _seq_no, …}]}}`.
  const searchHits = pick(json, "hits", "hits")
  if (Array.isArray(searchHits)) return { items: searchHits, odata: false }
  const named = namedList(json, fields, requestUrl)
  return named === undefined ? undefined : { items: named, odata: odataContext }
}

/**
 * A list under the name of the collection it lists (`GET /api/notes` → `{ "notes": [...], "total": 2 }`,
 * GitHub's `/actions/workflows` → `{ "workflows": [...] }`): an array of objects under the key the
 * URL's last path segment names (case aside), in an object without a tag of its own. Any other
 * array is a part of what was read (a user's orders), not a list of items at this URL.
 */
function namedList(
  json: JsonRecord,
  fields: readonly string[],
  requestUrl: string
): readonly unknown[] | undefined {
  // Most objects that reach here are items holding no array of objects: tell that first, cheaply
  // (`for…in` over a parsed JSON object: own keys only, and no key array allocated).
  let listKey: string | undefined
  let wanted: string | undefined
  for (const key in json) {
    const value = json[key]
    if (!Array.isArray(value) || !isRecord(value[0])) continue
    wanted ??= lastPathSegment(requestUrl).toLowerCase()
    if (wanted !== "" && key.length === wanted.length && key.toLowerCase() === wanted) {
      listKey = key
      break
    }
  }
  if (listKey === undefined || itemTag(json, fields) !== undefined) return undefined
  return json[listKey] as readonly unknown[]
}

function lastPathSegment(url: string): string {
  const path = trimTrailingSlashes(splitUri(url.trim()).path)
  return path.slice(path.lastIndexOf("/") + 1)
}

function itemTag(item: JsonRecord, fields: readonly string[]): { tag: EntityTag; field: string } | undefined {
  for (const field of fields) {
    const tag = tagFromJsonValue(fieldValue(item, field))
    if (tag) return { tag, field }
  }
  const v2 = tagFromJsonValue(pick(item, "__metadata", "etag"))
  if (v2) return { tag: v2, field: "__metadata.etag" }
  // CouchDB _all_docs rows: { id, key, value: { rev } } (with `doc` only when include_docs=true).
  const rowRev = fields.includes("_rev") ? tagFromJsonValue(pick(item, "value", "rev")) : undefined
  return rowRev ? { tag: rowRev, field: "rev" } : undefined
}

/**
 * The collection URL items hang under: query dropped; a query endpoint maps to what it searches
 * (CouchDB `/_all_docs`, `/_find` to the database, SCIM `/.search` and `/_search` to the resource
 * type; query-post.ts).
 */
function collectionBase(requestUrl: string): string | undefined {
  const parts = splitUri(requestUrl.trim())
  if (parts.scheme === undefined || parts.authority === undefined) return undefined
  const path = trimTrailingSlashes(withoutQueryEndpoint(trimTrailingSlashes(parts.path)))
  return joinUri({ scheme: parts.scheme, authority: parts.authority, path })
}

/**
 * An item link on another origin whose path lies below the list's own: the server names itself as a
 * proxy or gateway in front of it does not (SAP's OData V2 adapter links to the `localhost` it
 * forwards to; a backend behind an app router or ingress names its internal host). The item is the
 * one the client reaches through the list's origin. A link elsewhere is kept as it is.
 */
function onListOrigin(itemUrl: string, listBase: string): string {
  const item = splitUri(itemUrl)
  const list = splitUri(listBase)
  if (item.scheme === undefined || item.authority === undefined) return itemUrl
  const sameOrigin =
    item.scheme.toLowerCase() === list.scheme?.toLowerCase() && item.authority === list.authority
  if (sameOrigin || list.path === "" || !isBelow(item.path, list.path)) return itemUrl
  return joinUri({ ...item, scheme: list.scheme, authority: list.authority })
}

/** `url` starts with the origin (`scheme://authority`) `of` has, as written: most item links do. */
function hasOriginOf(url: string, of: string): boolean {
  const authority = of.indexOf("://")
  if (authority === -1) return false
  let end = authority + 3
  while (end < of.length && of[end] !== "/" && of[end] !== "?" && of[end] !== "#") end++
  if (!url.startsWith(of.slice(0, end))) return false
  const next = url[end]
  return next === undefined || next === "/" || next === "?" || next === "#"
}

/** `/svc/Notes(1)` and `/svc/Notes/1` are below `/svc/Notes`; `/svc/Notes2` is not. */
function isBelow(path: string, listPath: string): boolean {
  if (!path.startsWith(listPath)) return false
  const next = path[listPath.length]
  return next === undefined || next === "/" || next === "("
}

function odataKeyLiteral(id: string | number): string {
  if (typeof id === "number" || UUID.test(id)) return String(id)
  return `'${id.replace(/'/g, "''")}'`
}

function itemUrl(item: JsonRecord, requestUrl: string, odata: boolean): string | undefined {
  const explicit = [
    item["@odata.id"],
    item["odata.id"],
    pick(item, "_links", "self", "href"),
    item.self,
    pick(item, "metadata", "selfLink"), // Kubernetes before 1.20
    pick(item, "__metadata", "uri"),
    pick(item, "meta", "location") // SCIM (RFC 7643 §3.1)
  ]
  for (const candidate of explicit) {
    if (typeof candidate === "string" && candidate.trim() !== "") {
      const resolved = resolveReference(candidate, requestUrl)
      if (resolved === undefined || hasOriginOf(resolved, requestUrl)) return resolved
      const base = collectionBase(requestUrl)
      return base === undefined ? resolved : onListOrigin(resolved, base)
    }
  }
  const searchHit = searchHitUrl(item, requestUrl)
  if (searchHit !== undefined) return searchHit
  const base = collectionBase(requestUrl)
  if (base === undefined) return undefined
  for (const field of ITEM_ID_FIELDS) {
    const url = urlOfId(base, item[field], odata)
    if (url !== undefined) return url
  }
  // Kubernetes objects are named by metadata.name within their collection.
  return urlOfId(base, pick(item, "metadata", "name"), odata)
}

/**
 * An Elasticsearch or OpenSearch search hit's document, `…/<_index>/_doc/<_id>`, where its reads
 * and `PUT …?if_seq_no=` writes go: beside the searched index (`…/notes/_search`, `…/_search`).
 */
function searchHitUrl(item: JsonRecord, requestUrl: string): string | undefined {
  const { _index: index, _id: id } = item
  if (typeof index !== "string" || index === "" || typeof id !== "string" || id === "") return undefined
  const parts = splitUri(requestUrl.trim())
  const searched = trimTrailingSlashes(parts.path)
  if (parts.scheme === undefined || parts.authority === undefined || !searched.endsWith("/_search"))
    return undefined
  const before = searched.slice(0, -"/_search".length)
  // The searched indices (`notes`, `notes,archive`, `not*`) are the last segment, unless the
  // search was of every index (`/_search`).
  const last = before.slice(before.lastIndexOf("/") + 1)
  const prefix = last === "" || last.startsWith("_") ? before : before.slice(0, before.lastIndexOf("/"))
  const path = `${prefix}/${encodeURIComponent(index)}/_doc/${encodeURIComponent(id)}`
  return joinUri({ scheme: parts.scheme, authority: parts.authority, path })
}

function urlOfId(base: string, id: unknown, odata: boolean): string | undefined {
  if (typeof id === "number" && Number.isFinite(id)) return odata ? `${base}(${id})` : `${base}/${id}`
  if (typeof id === "string" && id !== "")
    return odata ? `${base}(${odataKeyLiteral(id)})` : `${base}/${encodeURIComponent(id)}`
  return undefined
}

/** Tags of the items of a collection response, with each item's URL where the API makes it derivable. */
export function findItemTags(
  requestUrl: string,
  body: BodyInfo | undefined,
  options: Pick<EngineOptions, "bodyTagFields">
): readonly ItemTag[] {
  if (!mayContainKeys(body, responseKeys(options.bodyTagFields))) return NONE
  const json = readJsonBody(body)
  const fhirMatches = fhirSearchItemTags(json, requestUrl)
  if (fhirMatches !== undefined) return fhirMatches
  const collection = findCollection(json, options.bodyTagFields, requestUrl)
  if (!collection) return NONE
  const found: ItemTag[] = []
  for (const entry of collection.items) {
    if (!isRecord(entry)) continue
    const item = isRecord(entry.doc) ? entry.doc : entry
    const tagged =
      itemTag(item, options.bodyTagFields) ??
      (item === entry ? undefined : itemTag(entry, options.bodyTagFields))
    if (!tagged) continue
    const url =
      itemUrl(item, requestUrl, collection.odata) ??
      (item === entry ? undefined : itemUrl(entry, requestUrl, false))
    const tag = { tag: tagged.tag, source: sourceName("item", tagged.field) }
    found.push(url === undefined ? { tag } : { url, tag })
  }
  return found
}
