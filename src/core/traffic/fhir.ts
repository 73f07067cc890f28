/**
 * HL7 FHIR's RESTful API: its version-aware update sends the version read back as
 * `If-Match: W/"<versionId>"`, a weak tag, and its servers compare the version id (FHIR R4
 * http.html#concurrency). RFC 9110's If-Match compares strongly (§13.1.1), under which that tag never
 * matches; on a FHIR API it is the convention, not a client's mistake.
 */
import { parseEntityTag } from "../http/entity-tag"
import { headerValue, mediaTypeOf } from "../http/headers"
import type { BodyInfo, Exchange, HeaderList, ItemTag } from "../model"
import { isRecord, pick, readJsonBody, sourceName, type JsonRecord } from "./json-body"
import { joinUri, resolveReference, splitUri, trimTrailingSlashes, type UriParts } from "./uri"

/** FHIR's media types (R4: `application/fhir+json`; DSTU2's `application/json+fhir`). */
const FHIR_MEDIA_TYPES: ReadonlySet<string> = new Set([
  "application/fhir+json",
  "application/fhir+xml",
  "application/json+fhir",
  "application/xml+fhir"
])

/** The answer, or else the request, is FHIR content by its `Content-Type`. */
export function isFhirExchange(exchange: Exchange): boolean {
  return isFhirContent(exchange.responseHeaders) || isFhirContent(exchange.requestHeaders)
}

function isFhirContent(headers: HeaderList): boolean {
  const type = mediaTypeOf(headerValue(headers, "content-type"))
  return type !== undefined && FHIR_MEDIA_TYPES.has(type)
}

/** A FHIR resource type as it names a type-level URL's last segment: `Patient`, `MedicationRequest`. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/

/**
 * The resource a FHIR conditional update changed (`PUT [base]/Patient?identifier=x`, FHIR R4
 * http.html#cond-update): the one its 2xx answer shows, `[base]/Patient/<id>`. Undefined for any
 * other request, or an answer that shows no such resource.
 */
export function fhirConditionalTarget(
  method: string,
  url: string,
  status: number,
  responseHeaders: HeaderList,
  responseBody: BodyInfo | undefined
): string | undefined {
  if ((method !== "PUT" && method !== "PATCH") || status < 200 || status > 299) return undefined
  const parts = splitUri(url.trim())
  if (parts.query === undefined || !isFhirContent(responseHeaders)) return undefined
  const path = trimTrailingSlashes(parts.path)
  const type = path.slice(path.lastIndexOf("/") + 1)
  if (!RESOURCE_TYPE.test(type)) return undefined
  const shown = readJsonBody(responseBody)
  if (!isRecord(shown) || shown.resourceType !== type || typeof shown.id !== "string" || shown.id === "")
    return undefined
  return urlUnderType(parts, path, shown.id)
}

/** A type-level URL (split; its path without a trailing slash) and id 7 → `[base]/Patient/7`. */
function urlUnderType(parts: UriParts, typePath: string, id: string): string | undefined {
  if (parts.scheme === undefined || parts.authority === undefined) return undefined
  return joinUri({
    scheme: parts.scheme,
    authority: parts.authority,
    path: `${typePath}/${encodeURIComponent(id)}`
  })
}

/**
 * The tags of a FHIR search's matches: a `searchset` Bundle's entries, each with its `fullUrl` and
 * the resource's `meta.versionId`, which is the version a read of `fullUrl` tags `W/"<versionId>"`
 * (FHIR R4 http.html#versioning); without `fullUrl` (which a searchset should have), the URL beside
 * a type-level search's (`…/Patient?name=x` → `…/Patient/<id>`). Undefined for any other body. A
 * `history` Bundle lists past versions, not current ones, so it gives none.
 */
export function fhirSearchItemTags(json: unknown, requestUrl: string): readonly ItemTag[] | undefined {
  if (!isRecord(json) || json.resourceType !== "Bundle" || json.type !== "searchset") return undefined
  const entries = json.entry
  if (!Array.isArray(entries)) return undefined
  const found: ItemTag[] = []
  for (const entry of entries) {
    const resource = pick(entry, "resource")
    const versionId = pick(resource, "meta", "versionId")
    if (typeof versionId !== "string" || versionId === "" || !isRecord(resource)) continue
    const fullUrl = pick(entry, "fullUrl")
    const url =
      typeof fullUrl === "string" && fullUrl !== ""
        ? resolveReference(fullUrl, requestUrl)
        : urlBesideSearch(resource, requestUrl)
    const tag = parseEntityTag(`W/"${versionId}"`)
    if (tag === undefined || url === undefined) continue
    found.push({ url, tag: { tag, source: FHIR_ITEM_SOURCE } })
  }
  return found
}

const FHIR_ITEM_SOURCE = sourceName("item", "meta.versionId")

/** `[base]/Patient?…` or `[base]/Patient/_search` and a Patient with id 7 → `[base]/Patient/7`. */
function urlBesideSearch(resource: JsonRecord, requestUrl: string): string | undefined {
  const { resourceType, id } = resource
  if (typeof resourceType !== "string" || typeof id !== "string" || id === "") return undefined
  const parts = splitUri(requestUrl.trim())
  const path = trimTrailingSlashes(parts.path).replace(/\/_search$/, "")
  return path.endsWith(`/${resourceType}`) ? urlUnderType(parts, path, id) : undefined
}

/**
 * `…/Patient/7/_history/3` → `…/Patient/7`: a FHIR create's `Location` names the new version
 * (FHIR R4 http.html#create); the resource is the URL before `/_history/<vid>`.
 */
export function withoutFhirHistory(location: string): string {
  return location.replace(VERSION_SEGMENT, "")
}

/** `/_history/<vid>` at the end of a URL's path. */
const VERSION_SEGMENT = /\/_history\/[^/?#]+(?=[?#]|$)/

/**
 * A FHIR vread (FHIR R4 http.html#vread): a GET of one version, `[base]/Patient/7/_history/3`, on
 * FHIR content. Its `ETag` names that version of `[base]/Patient/7`, which may be an old one.
 */
export function isFhirVread(exchange: Exchange): boolean {
  // The plain search first: this is asked of every GET.
  const { method, url } = exchange
  return (
    method === "GET" && url.includes("/_history/") && VERSION_SEGMENT.test(url) && isFhirExchange(exchange)
  )
}
