/**
 * From a resource's lineage and the exchanges behind it, the concurrency scenario a regression
 * test re-creates (issue #10). The recorded write gives the method, content type and body fields
 * (secrets redacted, recorded tag values removed); the lineage's tag sources and the recorded
 * preconditions say where the API keeps and expects its version.
 */
import { redactBodyText, redactUrl } from "../export/redact"
import { isSecretJsonField } from "../export/secret-names"
import { headerValue } from "../http/headers"
import { isMethodOverrideHeader, wireMethodOf } from "../http/methods"
import { isDateVersioned } from "../lineage/date-versions"
import type { Exchange, LineageEvent, ResourceLineage } from "../model"
import { DEFAULT_ENGINE_OPTIONS, NONE } from "../model"
import { fieldValue, withoutField, withPathParents } from "../traffic/json-field"
import { bodyFieldOf, bodyFieldsOf, queryParamOf, versionHeaderOf } from "../traffic/tag-sources"
import { safeDecodeComponent, splitUri } from "../traffic/uri"
import {
  DATE_RESOLUTION_PAUSE_MS,
  REFUSED_STALE_STATUSES,
  REFUSED_UNVERSIONED_STATUSES,
  type Scenario,
  type ScenarioCarrier,
  type ScenarioResult,
  type ScenarioWrite
} from "./scenario"
import { parseJsonObject } from "../traffic/json-body"
import { parseJsonPatch, patchOperationsOf, testsField } from "../traffic/json-patch"
import { patchFormatOf } from "../lineage/patch-writes"

export interface ExtractOptions {
  /** The finding the scenario guards against (default `lost-update`). */
  readonly ruleId?: string
  /** Exchanges the finding names: the write among them is the one re-created. */
  readonly evidence?: readonly number[]
  /** Exchanges of the evidence shown for context only (the write a lost update overwrote). */
  readonly contextEvidence?: readonly number[]
  /** Body fields that may carry a tag (the engine's option). */
  readonly bodyTagFields?: readonly string[]
  /** Query parameters that carry a version (the engine's option): left out of the scenario's URL. */
  readonly queryVersionParams?: readonly string[]
  /** Headers that carry a version (the engine's option, `X-Contentful-Version`). */
  readonly versionHeaders?: readonly string[]
  /** Body fields sent as the version the write makes (the engine's option, Confluence). */
  readonly nextVersionFields?: readonly string[]
}

/** OData V2's MERGE is its PATCH (SAP Gateway, CAP's V2 adapter, SharePoint). */
const REPLAYABLE_WRITES: ReadonlySet<string> = new Set(["PUT", "PATCH", "MERGE"])
const WRITE_ROLES: ReadonlySet<string> = new Set(["write", "replay"])
/** Fields that name the document rather than hold its content: never used as the marker. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "_id",
  "key",
  "@odata.id",
  "@odata.context",
  "type",
  // What the document is (FHIR's resourceType, Kubernetes' kind and apiVersion, JSON-LD's @type):
  // a server refuses a write that changes it.
  "resourceType",
  "kind",
  "apiVersion",
  "@type"
])

/** Body fields that may repeat the resource's id from its URL (FHIR's `id`, CouchDB's `_id`). */
const ID_FIELDS = ["id", "_id", "ID", "Id"] as const

/**
 * The write body's field that repeats the id the resource's URL ends with, when the test creates a
 * resource of its own: the writes must name the new id there (a FHIR server refuses an update
 * whose body's `id` is not the URL's).
 */
function idFieldOf(body: string | undefined, resourcePath: string): string | undefined {
  const json = parseJsonObject(body)
  if (json === undefined) return undefined
  const path = resourcePath.replace(/[?#].*$/, "")
  const lastSegment = safeDecodeComponent(path.slice(path.lastIndexOf("/") + 1))
  return ID_FIELDS.find((field) => json[field] === lastSegment && lastSegment !== "")
}

/** Origin and path (+ query) of an absolute URL, without userinfo or fragment. */
export function splitOriginAndPath(url: string): { origin: string; path: string } {
  const parts = splitUri(url)
  const host =
    parts.authority === undefined ? "" : parts.authority.slice(parts.authority.lastIndexOf("@") + 1)
  const origin = parts.scheme !== undefined ? `${parts.scheme.toLowerCase()}://${host}` : ""
  const path = (parts.path || "/") + (parts.query !== undefined ? `?${parts.query}` : "")
  // A path goes into generated scripts: secret query values never do.
  return { origin, path: redactUrl(path) }
}

/** `path?a=1&rev=2` without the named parameters (names compared case-sensitively, as servers do). */
function withoutQueryParams(path: string, names: readonly string[]): string {
  const queryAt = path.indexOf("?")
  if (queryAt < 0) return path
  const kept = path
    .slice(queryAt + 1)
    .split("&")
    .filter((pair) => pair !== "" && !names.includes(pair.split("=")[0]))
  return path.slice(0, queryAt) + (kept.length > 0 ? `?${kept.join("&")}` : "")
}

function chooseWrite(
  events: readonly LineageEvent[],
  evidence: readonly number[],
  context: readonly number[]
): LineageEvent | undefined {
  // A replay that showed the lost update is as good a source as a recorded write.
  const writes = events.filter((event) => WRITE_ROLES.has(event.role) && REPLAYABLE_WRITES.has(event.method))
  const atFault = (event: LineageEvent) => isAtFault(event, evidence, context)
  return (
    writes.find((event) => atFault(event) && event.precondition.state === "stale") ??
    writes.find(atFault) ??
    writes.find((event) => evidence.includes(event.exchangeId)) ??
    writes.at(-1)
  )
}

/** The finding's own write: in its evidence, not there only as context (the change it overwrote). */
function isAtFault(event: LineageEvent, evidence: readonly number[], context: readonly number[]): boolean {
  return evidence.includes(event.exchangeId) && !context.includes(event.exchangeId)
}

/** The override header of a POST that stood for the write's method, as recorded. */
function methodOverrideOf(write: Exchange): Pick<ScenarioWrite, "methodOverride"> {
  if (write.sentMethod === undefined) return {}
  const header = write.requestHeaders.find(
    ({ name, value }) => isMethodOverrideHeader(name) && value.trim().toUpperCase() === write.method
  )
  return header === undefined ? {} : { methodOverride: { header: header.name, method: write.method } }
}

/** Fields a client echoes back in the body to make a write conditional (CouchDB `_rev`). */
const BODY_CARRIED_FIELDS: ReadonlySet<string> = new Set(["_rev"])

/**
 * Where the generated test's writers put the version, from every write of the resource (the
 * replay's `carriersFor` decides it for one recorded request).
 */
function scenarioCarriers(
  lineage: ResourceLineage,
  writes: readonly Exchange[],
  versionHeaders: readonly string[],
  nextVersionFields: readonly string[]
): ScenarioCarrier[] {
  // An API without tags: the read's Last-Modified goes back in If-Unmodified-Since (RFC 9110 §13.1.4).
  if (isDateVersioned(lineage)) return [{ kind: "if-unmodified-since" }]
  const sentIfMatch = writes.some((write) => headerValue(write.requestHeaders, "If-Match") !== undefined)
  const versionSources = writes.flatMap((write) => write.precondition.bodyVersion?.source ?? [])
  const recordedHeader = versionSources.map(versionHeaderOf).find((name) => name !== undefined)
  const recordedField = versionSources.map(bodyFieldOf).find((field) => field !== undefined)
  const recordedParam = versionSources.map(queryParamOf).find((param) => param !== undefined)
  // JSON Patches on a resource whose tag is only in the body name their version with a test of
  // that field (RFC 6902 §4.6; Azure DevOps' `/rev`).
  const patchTested =
    !lineage.tagSources.includes("header") &&
    writes.some((write) => write.method === "PATCH" && patchFormatOf(write) === "json-patch")
  const apiField = lineage.tagSources
    .map((source) => bodyFieldOf(source) ?? "")
    .find((field) => BODY_CARRIED_FIELDS.has(field) || (patchTested && field !== ""))
  // A version header the user named, when no write of the capture showed where the version goes, the
  // resource's tags are not ETags (those go back in If-Match) and the API has no body field its
  // clients send back (CouchDB's `_rev`).
  const configuredHeader =
    sentIfMatch || lineage.tagSources.includes("header") ? undefined : versionHeaders[0]
  const carriers: ScenarioCarrier[] = []
  if (recordedHeader !== undefined) carriers.push({ kind: "version-header", name: recordedHeader })
  else if (recordedField !== undefined)
    carriers.push({
      kind: "body-field",
      field: recordedField,
      ...(nextVersionFields.includes(recordedField) ? { next: true } : {})
    })
  else if (recordedParam !== undefined) carriers.push({ kind: "query-param", param: recordedParam })
  else if (apiField !== undefined && !sentIfMatch) carriers.push({ kind: "body-field", field: apiField })
  else if (configuredHeader !== undefined) carriers.push({ kind: "version-header", name: configuredHeader })
  // RFC 9110 §13.1.1: If-Match is the standard carrier; a body-versioned API gets it only if the client sent it.
  if (carriers.length === 0 || sentIfMatch) carriers.unshift({ kind: "if-match" })
  return carriers
}

type WriteBody = Pick<Scenario, "markerField" | "markerOperation" | "versionOperation"> &
  Pick<ScenarioWrite, "body" | "jsonPatch">

/**
 * A top-level string member a writer can set to its marker: not the resource's identity, nor a secret
 * (its value was redacted, and a server seldom answers with a password or a token it stores).
 */
function isMarkable(field: string, value: unknown): boolean {
  return (
    typeof value === "string" &&
    !IDENTITY_FIELDS.has(field) &&
    !isSecretJsonField(field) &&
    /^[A-Za-z][A-Za-z0-9_-]*$/.test(field)
  )
}

/** In a JSON Patch (RFC 6902): the first operation that sets a markable member outright. */
function patchMarker(text: string): Pick<Scenario, "markerField" | "markerOperation"> {
  const operations = parseJsonPatch(text) ?? []
  const index = operations.findIndex(
    (operation) =>
      (operation.op === "add" || operation.op === "replace") &&
      operation.path.length === 1 &&
      isMarkable(operation.path[0], operation.value)
  )
  return index < 0 ? {} : { markerField: operations[index].path[0], markerOperation: index }
}

/**
 * A JSON Patch's `test` of a version field (Azure DevOps' `/rev`), by index, with the recorded value
 * taken out (null): the writers put the version they read there. Any other body as it is.
 */
function patchVersionTest(
  text: string,
  tagFields: readonly string[]
): { readonly body: string; readonly jsonPatch?: true; readonly versionOperation?: number } {
  const operations = patchOperationsOf(text)
  if (operations === undefined) return { body: text }
  const index = operations.findIndex((operation) => tagFields.some((field) => testsField(operation, field)))
  if (index < 0) return { body: text, jsonPatch: true }
  operations[index] = { ...operations[index], value: null }
  return { body: JSON.stringify(operations), jsonPatch: true, versionOperation: index }
}

/** The recorded body without its recorded tag fields, and the field each writer will mark. */
function writeBody(
  exchange: Exchange,
  tagFields: readonly string[],
  nestedFields: readonly string[] = []
): WriteBody {
  const text = exchange.requestBody?.text
  if (text === undefined) return {}
  const redacted = redactBodyText(text, exchange.requestBody?.mimeType)
  const parsed = parseJsonObject(redacted)
  if (parsed === undefined) {
    const { body, jsonPatch, versionOperation } = patchVersionTest(redacted, tagFields)
    return {
      body,
      ...(jsonPatch ? { jsonPatch } : {}),
      ...patchMarker(body),
      ...(versionOperation !== undefined ? { versionOperation } : {})
    }
  }
  const stripped = tagFields.reduce<Record<string, unknown>>(
    (rest, field) => withoutField(rest, field),
    parsed
  )
  const json = nestedFields.reduce<Record<string, unknown>>(withPathParents, stripped)
  const markerField = Object.keys(json).find((field) => isMarkable(field, json[field]))
  return { body: JSON.stringify(json), ...(markerField !== undefined ? { markerField } : {}) }
}

/**
 * Body fields the version travels in as a path (`metadata.resourceVersion`): some recorded write
 * had it nested. The generated writes put the version there even when the chosen write sent none.
 */
function nestedCarrierFields(carriers: readonly ScenarioCarrier[], writes: readonly Exchange[]): string[] {
  return carriers.flatMap((carrier) => {
    if (carrier.kind !== "body-field" || !carrier.field.includes(".")) return []
    const nested = writes.some((write) => {
      const json = parseJsonObject(write.requestBody?.text)
      return json !== undefined && !(carrier.field in json) && fieldValue(json, carrier.field) !== undefined
    })
    return nested ? [carrier.field] : []
  })
}

function createStep(create: Exchange | undefined, tagFields: readonly string[]): Scenario["create"] {
  if (create === undefined || create.method !== "POST") return undefined
  const contentType = headerValue(create.requestHeaders, "Content-Type")
  const { body } = writeBody(create, tagFields)
  return {
    collectionPath: splitOriginAndPath(create.url).path,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(body !== undefined ? { body } : {})
  }
}

export function extractScenario(
  lineage: ResourceLineage,
  exchanges: readonly Exchange[],
  options: ExtractOptions = {}
): ScenarioResult {
  const byId = new Map(exchanges.map((exchange) => [exchange.id, exchange]))
  const evidence = options.evidence ?? []
  const skip = (reason: string): ScenarioResult => ({ ok: false, resourceKey: lineage.key, reason })
  const context = options.contextEvidence ?? NONE
  const writeEvent = chooseWrite(lineage.events, evidence, context)
  if (writeEvent === undefined) return skip("no PUT, PATCH or MERGE write to this resource in the capture")
  const write = byId.get(writeEvent.exchangeId)
  if (write === undefined) return skip(`exchange #${writeEvent.exchangeId} is no longer retained (evicted)`)
  if (write.requestBody?.skipped !== undefined) {
    // Re-sending a PUT without its body would overwrite the resource with nothing.
    return skip(`the body of write #${write.id} was not kept (${write.requestBody.skipped})`)
  }

  const bodyFields = options.bodyTagFields ?? DEFAULT_ENGINE_OPTIONS.bodyTagFields
  const writes = lineage.events
    .filter((event) => WRITE_ROLES.has(event.role))
    .map((event) => byId.get(event.exchangeId))
    .filter((exchange): exchange is Exchange => exchange !== undefined)
  const { origin } = splitOriginAndPath(lineage.key)
  // The write's own URL keeps query parameters the API needs (`?api-version=`); its version parameters go.
  const path = withoutQueryParams(
    splitOriginAndPath(write.url).path,
    options.queryVersionParams ?? DEFAULT_ENGINE_OPTIONS.queryVersionParams
  )
  const createEvent = lineage.events.find((event) => event.role === "create")
  const create = createStep(createEvent && byId.get(createEvent.exchangeId), bodyFields)
  const contentType = headerValue(write.requestHeaders, "Content-Type")
  const dated = isDateVersioned(lineage)
  const carriers = scenarioCarriers(
    lineage,
    writes,
    options.versionHeaders ?? DEFAULT_ENGINE_OPTIONS.versionHeaders,
    options.nextVersionFields ?? DEFAULT_ENGINE_OPTIONS.nextVersionFields
  )
  const { body, jsonPatch, markerField, markerOperation, versionOperation } = writeBody(
    write,
    bodyFields,
    nestedCarrierFields(carriers, writes)
  )
  const idField = idFieldOf(body, path)
  const lineageBodyFields = bodyFieldsOf(lineage.tagSources)
  const responseVersionHeaders = lineage.tagSources.flatMap((source) => versionHeaderOf(source) ?? [])
  const ruleId = options.ruleId ?? "lost-update"
  // A lost update by a DELETE: the refused steps send one (its version in a header or the query;
  // a DELETE has no body to carry a body version, so such APIs keep the recorded write).
  const deletion = lineage.events.find(
    (event) => event.role === "delete" && isAtFault(event, evidence, context)
  )
  const refusedMethod =
    ruleId === "lost-update" &&
    deletion !== undefined &&
    !carriers.some((carrier) => carrier.kind === "body-field")
      ? "DELETE"
      : undefined
  const faultNamedNoVersion =
    refusedMethod === undefined
      ? evidence.includes(write.id) && writeEvent.precondition.state === "none"
      : deletion?.precondition.state === "none"
  const scenario: Scenario = {
    title: `${ruleId} on ${path}`,
    ruleId,
    recordedOrigin: origin,
    resourcePath: path,
    ...(create ? { create } : {}),
    tagFrom: dated
      ? { header: false, versionHeaders: ["Last-Modified"], bodyFields: [] }
      : {
          header: lineage.tagSources.includes("header") || lineage.tagSources.length === 0,
          ...(responseVersionHeaders.length > 0 ? { versionHeaders: responseVersionHeaders } : {}),
          bodyFields: lineageBodyFields.length > 0 ? lineageBodyFields : [...bodyFields]
        },
    carriers,
    ...(dated ? { pauseBeforeWriteMs: DATE_RESOLUTION_PAUSE_MS } : {}),
    write: {
      method: wireMethodOf(write),
      ...methodOverrideOf(write),
      ...(contentType !== undefined ? { contentType } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(jsonPatch ? { jsonPatch } : {})
    },
    ...(refusedMethod !== undefined ? { refusedMethod } : {}),
    ...(markerField !== undefined ? { markerField } : {}),
    ...(create && idField !== undefined ? { idField } : {}),
    ...(markerOperation !== undefined ? { markerOperation } : {}),
    ...(versionOperation !== undefined ? { versionOperation } : {}),
    refusedStatuses: REFUSED_STALE_STATUSES,
    // The capture lost an update to a write that named no version: refusing stale tags would not
    // have stopped it, so the test also sends one (RFC 6585 §3: 428 Precondition Required).
    ...(ruleId === "lost-update" && faultNamedNoVersion
      ? { unversionedRefusedStatuses: REFUSED_UNVERSIONED_STATUSES }
      : {}),
    evidence: evidence.length > 0 ? [...evidence] : [write.id]
  }
  return { ok: true, scenario }
}
