/**
 * Where a replayed write carries its version: the `If-Match` header (RFC 9110 §13.1.1), a version
 * header (`X-Contentful-Version`), a JSON body field (`_rev`, `_etag`, `@odata.etag`) or a query
 * parameter (CouchDB `?rev=`), as the recorded request, the resource's tag sources and the
 * configured places show.
 */
import { isDateVersioned } from "../lineage/date-versions"
import { ECHOED_TAG_SOURCES } from "../lineage/describe-precondition"
import { patchOperationsOf, testsField } from "../traffic/json-patch"
import { parseJsonObject } from "../traffic/json-body"
import { hasField } from "../traffic/json-field"
import { bodyFieldOf, bodyFieldsOf, queryParamOf, versionHeaderOf } from "../traffic/tag-sources"
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions, type Exchange, type ResourceLineage } from "../model"
import { headerValue } from "./headers"
import type { VersionCarrier } from "./types"
import { hasQueryParam } from "./url-text"

/** The places, beyond the resource's own tag sources, that the user configured for versions. */
export type VersionPlaces = Pick<EngineOptions, "queryVersionParams" | "versionHeaders" | "nextVersionFields">

/**
 * The carriers a replay of this exchange uses for a chosen version.
 * Header-tagged APIs get If-Match. Body-versioned APIs (no `header` tag source) get the version where
 * the recorded request had it, or where the API expects it; If-Match is kept only if the original sent one.
 */
export function carriersFor(
  exchange: Exchange,
  lineage: ResourceLineage,
  body: string | undefined,
  places: VersionPlaces
): VersionCarrier[] {
  // Versions named by dates travel in If-Unmodified-Since, the header such a server checks.
  if (isDateVersioned(lineage)) return [{ kind: "if-unmodified-since" }]
  const bodyFields = bodyFieldsOf(lineage.tagSources)
  const queryParams = [
    ...lineage.tagSources.flatMap((source) => queryParamOf(source) ?? []),
    ...places.queryVersionParams
  ]
  const versionHeaders = [
    ...lineage.tagSources.flatMap((source) => versionHeaderOf(source) ?? []),
    ...places.versionHeaders
  ]
  // Body-versioned: no tag in headers at all, or this request itself sent its version in the body/query.
  const bodyVersioned =
    (!lineage.tagSources.includes("header") && lineage.tagSources.length > 0) ||
    exchange.precondition.bodyVersion !== undefined
  const originalIfMatch = headerValue(exchange.requestHeaders, "If-Match")
  const carriers: VersionCarrier[] = []
  if (!bodyVersioned || originalIfMatch !== undefined) carriers.push({ kind: "if-match" })

  const json = parseJsonObject(body)
  // A JSON Patch (RFC 6902) names its version with a test of the field (Azure DevOps' /rev).
  const operations = json === undefined ? patchOperationsOf(body) : undefined
  const recordedHeader = versionHeaders.find(
    (name) => headerValue(exchange.requestHeaders, name) !== undefined
  )
  const recordedField = bodyFields.find((field) => sentInBody(json, operations, field))
  const recordedParam = queryParams.find((param) => hasQueryParam(exchange.url, param))
  if (
    originalIfMatch === undefined &&
    recordedHeader === undefined &&
    recordedField === undefined &&
    recordedParam === undefined
  ) {
    // This request named no version: the API's other clients show where it reads one.
    const used = carriersOfEarlierWrites(lineage, (json ?? operations) !== undefined, queryParams, places)
    if (used !== undefined) return used
  }
  if (recordedHeader !== undefined) carriers.push({ kind: "version-header", name: recordedHeader })
  else if (recordedField !== undefined) carriers.push(bodyField(recordedField, places))
  else if (recordedParam !== undefined) carriers.push({ kind: "query-param", param: recordedParam })
  else if (bodyVersioned && originalIfMatch === undefined) {
    // Nothing recorded on this request says where. A version header earlier writes of the resource
    // used; else the API's body field when clients send it back (seen on this resource, or a field
    // known for that: `_rev`, `_etag`, …) or no version header is named; else a version header the
    // user named (Contentful reads it there, not in `sys.version`, the body field that shows it);
    // anything else the query parameter.
    const headerUsed = lineage.events
      .map((event) => versionHeaderOf(event.precondition.source))
      .find((name) => name !== undefined)
    const fieldSentBack =
      lineage.events.some((event) => bodyFieldOf(event.precondition.source) !== undefined) ||
      bodyFields.some((field) => DEFAULT_ENGINE_OPTIONS.bodyTagFields.includes(field))
    // Eve's `_etag`, OData's `@odata.etag`: echoed by clients, but the server decides on If-Match.
    const echoedOnly =
      bodyFields.length > 0 &&
      bodyFields.every((field) => ECHOED_TAG_SOURCES.has(`body:${field}`)) &&
      !lineage.tagSources.some((source) => queryParamOf(source) !== undefined)
    if (headerUsed !== undefined) carriers.push({ kind: "version-header", name: headerUsed })
    else if (echoedOnly && versionHeaders.length === 0) carriers.push({ kind: "if-match" })
    else if ((json ?? operations) && bodyFields.length > 0 && (fieldSentBack || versionHeaders.length === 0))
      carriers.push(bodyField(bodyFields[0], places))
    else if (versionHeaders.length > 0) carriers.push({ kind: "version-header", name: versionHeaders[0] })
    else carriers.push({ kind: "query-param", param: queryParams[0] ?? "rev" })
  }
  return carriers
}

/**
 * Where the resource's latest write that named a version sent it (If-Match, a version header, a
 * body field or a query parameter), or undefined when none did. Replays and `If-Match: *`, which
 * names no version, are no evidence. A body field goes to the query parameter when this body
 * cannot hold it (a CouchDB DELETE takes `?rev=`).
 */
function carriersOfEarlierWrites(
  lineage: ResourceLineage,
  bodyHoldsFields: boolean,
  queryParams: readonly string[],
  places: VersionPlaces
): VersionCarrier[] | undefined {
  for (let position = lineage.events.length - 1; position >= 0; position--) {
    const { role, precondition } = lineage.events[position]
    if (role === "read" || role === "replay" || precondition.state === "any") continue
    if (precondition.mechanism === "if-match") return [{ kind: "if-match" }]
    if (precondition.mechanism !== "body-version") continue
    const header = versionHeaderOf(precondition.source)
    if (header !== undefined) return [{ kind: "version-header", name: header }]
    const field = bodyFieldOf(precondition.source)
    if (field !== undefined)
      return bodyHoldsFields
        ? [bodyField(field, places)]
        : [{ kind: "query-param", param: queryParams[0] ?? "rev" }]
    const param = queryParamOf(precondition.source)
    if (param !== undefined) return [{ kind: "query-param", param }]
  }
  return undefined
}

/** Whether the body sent the field: a member of its JSON object, or a test of it in its JSON Patch. */
function sentInBody(
  json: Record<string, unknown> | undefined,
  operations: readonly unknown[] | undefined,
  field: string
): boolean {
  if (json !== undefined) return hasField(json, field)
  return operations !== undefined && operations.some((operation) => testsField(operation, field))
}

/** A body field carrier; `next` when the API wants the version the write makes there (Confluence). */
function bodyField(field: string, places: VersionPlaces): VersionCarrier {
  return places.nextVersionFields.includes(field)
    ? { kind: "body-field", field, next: true }
    : { kind: "body-field", field }
}

/** The carriers the recorded request actually used (for "original" and "none"). */
export function recordedCarriers(
  exchange: Exchange,
  lineage: ResourceLineage,
  body: string | undefined,
  places: VersionPlaces
): VersionCarrier[] {
  return carriersFor(exchange, lineage, body, places).filter((carrier) => {
    if (carrier.kind === "if-match") return headerValue(exchange.requestHeaders, "If-Match") !== undefined
    if (carrier.kind === "if-unmodified-since")
      return headerValue(exchange.requestHeaders, "If-Unmodified-Since") !== undefined
    if (carrier.kind === "version-header")
      return headerValue(exchange.requestHeaders, carrier.name) !== undefined
    if (carrier.kind === "body-field") {
      const json = parseJsonObject(body)
      return sentInBody(json, json === undefined ? patchOperationsOf(body) : undefined, carrier.field)
    }
    return hasQueryParam(exchange.url, carrier.param)
  })
}
