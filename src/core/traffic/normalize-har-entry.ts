/**
 * One HAR 1.2 entry (chrome.devtools.network, Chrome/Firefox "Save all as HAR", Playwright
 * `recordHar`, our own export) → an Exchange, or a skipped entry with the reason. Never throws.
 */
import type { BatchOperationExchange, IngestResult } from "../engine"
import { ETAG_LENS_FIELD } from "../export/export-har"
import {
  NONE,
  type BodyInfo,
  type EngineOptions,
  type Exchange,
  type ExchangeOrigin,
  type HeaderList,
  type GoneItem,
  type ItemTag,
  type ObservedTag,
  type Precondition,
  type TagCondition
} from "../model"
import { NO_PRECONDITION, parsePrecondition } from "../http/conditional-headers"
import { headerValue } from "../http/headers"
import { isSafeMethod, overriddenMethod } from "../http/methods"
import { classifyExchange, type KindEvidence } from "./exchange-kind"
import { readHarBody } from "./har-body"
import {
  isRecord,
  asNumber,
  asRecord,
  asText,
  readHeaderList,
  readStartTime,
  type JsonRecord
} from "./har-fields"
import { fhirConditionalTarget, withoutFhirHistory } from "./fhir"
import { couchBulkOperationEntries } from "./couch-bulk-docs"
import { fhirBatchKindOf, fhirBatchOperationEntries } from "./fhir-batch"
import { batchOperationEntries } from "./odata-batch"
import { RPC_NOTE, isBatchProtocol, rpcProtocolOf, type BatchLabel, type RpcProtocol } from "./rpc-call"
import { isScimMediaType, scimTagOptions } from "./scim"
import { scimBulkOperationEntries } from "./scim-bulk"
import { QUERY_METHOD, queryEndpointOf } from "./query-post"
import { isCreateOnlyDocumentWrite } from "./search-engine-document"
import { findItemTags, findRequestVersion, findResponseTags, headerTagOf } from "./tag-sources"
import { multistatusTags } from "./webdav-multistatus"
import { resolveReference, splitUri } from "./uri"
import { plural } from "../plural"

export interface NormalizeContext {
  readonly id: number
  readonly index: number
  readonly origin: ExchangeOrigin
  readonly options: EngineOptions
  readonly replay?: Exchange["replay"]
  /**
   * The caller keeps nothing but lineage, policy and findings (the audit CLI): capture noise then
   * skips its bodies, tags and preconditions, which only the panel's views would show.
   */
  readonly analysisOnly?: boolean
  /** The entry is an operation of a batch (odata-batch.ts, fhir-batch.ts), which never holds another batch. */
  readonly batchOperation?: boolean
}

/** `http://` or `https://` and a first authority character: certainly a network URL. */
const HTTP_URL_START = /^https?:\/\/[^/?#\s]/i

/** Why a request URL cannot name a network resource, or undefined when it can. */
function urlProblem(url: string): string | undefined {
  if (HTTP_URL_START.test(url)) return undefined // the usual case, without splitting the URL
  const parts = splitUri(url.trim())
  if (parts.scheme === undefined) return "unparsable URL (no scheme)"
  if (parts.authority === undefined || parts.authority === "") return `not a network URL (${parts.scheme}:)`
  return undefined
}

function errorText(entry: JsonRecord, response: JsonRecord): string | undefined {
  return asText(response._error) ?? asText(entry._error)
}

/** Safari's `_fetchType` (WebKit's HARBuilder) for an answer from the browser's own cache. */
const SAFARI_CACHE_FETCH_TYPES: ReadonlySet<string> = new Set(["Memory Cache", "Disk Cache"])

/**
 * Chrome `_fromCache` ("memory"/"disk"), Safari `_fetchType` "Memory Cache"/"Disk Cache", or a HAR
 * `cache.beforeRequest` object (the entry was a cache hit).
 */
function servedFromCache(entry: JsonRecord): boolean {
  const fromCache = entry._fromCache
  if ((typeof fromCache === "string" && fromCache !== "") || fromCache === true) return true
  const fetchType = entry._fetchType
  if (typeof fetchType === "string" && SAFARI_CACHE_FETCH_TYPES.has(fetchType)) return true
  const beforeRequest = asRecord(asRecord(entry.cache)?.beforeRequest)
  return beforeRequest !== undefined && Object.keys(beforeRequest).length > 0
}

/**
 * `Location` (creates, §10.2.2) else `Content-Location` (§8.7) of a 2xx, absolute; a FHIR create's
 * `…/_history/<vid>` left out (the resource, not its version).
 */
function createdLocation(status: number, headers: HeaderList, requestUrl: string): string | undefined {
  if (status < 200 || status > 299) return undefined
  const ref = headerValue(headers, "location") ?? headerValue(headers, "content-location")
  const resolved = ref === undefined ? undefined : resolveReference(ref, requestUrl)
  return resolved === undefined ? undefined : withoutFhirHistory(resolved)
}

/** Normalize one HAR entry. Shapes that cannot be an exchange are skipped with the reason. */
export function normalizeHarEntry(entry: unknown, ctx: NormalizeContext): IngestResult {
  const { index } = ctx
  if (!isRecord(entry)) return skip(index, "entry is not an object")
  const request = asRecord(entry.request)
  if (!request) return skip(index, "entry has no request")
  const url = asText(request.url)
  if (url === undefined || url.trim() === "") return skip(index, "request has no URL")
  const problem = urlProblem(url)
  if (problem) return skip(index, problem, url)
  const response = asRecord(entry.response)
  if (!response) return skip(index, "entry has no response", url)
  const rawMethod = asText(request.method)?.trim()
  if (!rawMethod) return skip(index, "request has no method", url)
  try {
    const exchange = buildExchange(entry, request, response, url, rawMethod.toUpperCase(), ctx)
    if (exchange.kind !== "rpc") return { exchange }
    const label = batchLabelOf(builtRpcProtocol, exchange, asText(asRecord(request.postData)?.text))
    return label === undefined ? { exchange } : withBatchOperations(exchange, label, entry, ctx)
  } catch (error) {
    // Defensive: every field access above is checked, but a finding engine must never crash on input.
    const reason = `could not read entry: ${error instanceof Error ? error.message : String(error)}`
    return skip(index, reason, url)
  }
}

/**
 * Which batch an RPC exchange is, if it is one, from the protocol `rpcProtocolOf` told (by the body
 * as sent, also when it was too large to keep: its operations then cannot be read); a FHIR Bundle is
 * a batch or a transaction.
 */
function batchLabelOf(
  protocol: RpcProtocol | undefined,
  exchange: Exchange,
  sentText: string | undefined
): BatchLabel | undefined {
  if (protocol === "OData batch" || protocol === "CouchDB bulk write" || protocol === "SCIM bulk request")
    return protocol
  if (protocol !== "FHIR batch") return undefined
  const kind = fhirBatchKindOf(headerValue(exchange.requestHeaders, "content-type"), sentText)
  return kind === "transaction" ? "FHIR transaction" : "FHIR batch"
}

/**
 * A batch and its operations, each an exchange of its own (ids after the batch's), with notes that
 * link them. Not for an entry from our own export or saved session (`_etagLens`): its operations
 * were written out as entries of their own.
 */
function withBatchOperations(
  batch: Exchange,
  label: BatchLabel,
  entry: JsonRecord,
  ctx: NormalizeContext
): IngestResult {
  const withNote = (exchange: Exchange, note: string): Exchange => ({
    ...exchange,
    notes: [...exchange.notes, note]
  })
  if (ctx.batchOperation || entry[ETAG_LENS_FIELD] !== undefined) return { exchange: batch }
  const envelope = {
    url: batch.url,
    startedDateTime: entry.startedDateTime,
    time: entry.time,
    resourceType: entry._resourceType,
    requestHeaders: batch.requestHeaders,
    requestContentType: headerValue(batch.requestHeaders, "content-type"),
    requestText: batch.requestBody?.text ?? "",
    responseContentType: headerValue(batch.responseHeaders, "content-type") ?? batch.responseBody?.mimeType,
    responseText: batch.responseBody?.text ?? ""
  }
  const operations =
    label === "OData batch"
      ? batchOperationEntries(envelope)
      : label === "CouchDB bulk write"
        ? couchBulkOperationEntries(envelope, batch.status)
        : label === "SCIM bulk request"
          ? scimBulkOperationEntries(envelope, batch.status)
          : fhirBatchOperationEntries(envelope, batch.status)
  if (operations === undefined) {
    const why = batch.requestBody?.skipped
      ? `its body was ${batch.requestBody.skipped}`
      : "its body is not a batch"
    return { exchange: withNote(batch, `${label} whose operations could not be read: ${why}`) }
  }
  const parts: BatchOperationExchange[] = []
  for (const [position, operation] of operations.entries()) {
    const id = batch.id + 1 + parts.length
    const result = normalizeHarEntry(operation, { ...ctx, id, batchOperation: true })
    if (!("exchange" in result)) continue
    const note = `operation ${position + 1} of ${operations.length} in ${label} #${batch.id}`
    parts.push({ entry: operation, exchange: withNote(result.exchange, note) })
  }
  const first = `#${batch.id + 1}`
  const listed =
    parts.length === 0 ? "none readable" : parts.length === 1 ? first : `${first}–#${batch.id + parts.length}`
  const note = `${label} of ${plural(operations.length, "operation")} (${listed}), each judged as a request of its own`
  // Without the batch's answer each operation is kept as failed: its outcome is unknown.
  const unanswered = batch.responseBody?.text
    ? ""
    : `; its answer was ${batch.responseBody?.skipped ?? "not captured"}, so their outcomes are unknown`
  return { exchange: withNote(batch, note + unanswered), parts }
}

function skip(index: number, reason: string, url?: string): IngestResult {
  return { skipped: url === undefined ? { index, reason } : { index, reason, url } }
}

/**
 * Notes of the entry being built, refilled per entry (normalization is synchronous and never
 * re-entered): most entries have none and share `NONE` instead of an empty array each.
 */
const pendingNotes: string[] = []

/**
 * The RPC protocol the entry built last speaks (`rpcProtocolOf`), for `normalizeHarEntry` to tell
 * its batch without detecting it again: set by every `buildExchange`, read right after it.
 */
let builtRpcProtocol: RpcProtocol | undefined

/** What `classifyExchange` reads, refilled per entry: it keeps none of it. */
const kindEvidence: { -readonly [K in keyof KindEvidence]: KindEvidence[K] } = {
  method: "",
  status: 0,
  requestHeaders: NONE,
  resourceType: undefined,
  responseMime: undefined,
  error: undefined,
  servedFromCache: false
}

function buildExchange(
  entry: JsonRecord,
  request: JsonRecord,
  response: JsonRecord,
  url: string,
  sentMethod: string,
  ctx: NormalizeContext
): Exchange {
  const { options } = ctx
  const notes = pendingNotes
  notes.length = 0
  const startedAt = readStartTime(entry.startedDateTime, notes)
  const requestHeaders = readHeaderList(request.headers, "request", notes)
  const responseHeaders = readHeaderList(response.headers, "response", notes)
  // A POST that stands for another method (X-HTTP-Method: MERGE) is judged as that method; a POST
  // to an API's query endpoint (CouchDB's `_find`, SCIM's `.search`) as a query, which reads.
  const queryEndpoint = queryEndpointOf(sentMethod, url)
  const overridden =
    overriddenMethod(sentMethod, requestHeaders) ?? (queryEndpoint === undefined ? undefined : QUERY_METHOD)
  const method = overridden ?? sentMethod
  if (queryEndpoint !== undefined && overridden === QUERY_METHOD)
    notes.push(`sent as POST to the query endpoint ${queryEndpoint}: judged as a read (a query), not a write`)
  else if (overridden !== undefined)
    notes.push(`sent as POST standing for ${overridden} (a method-override header)`)
  const rawStatus = asNumber(response.status) ?? statusWrittenAsText(response.status, notes)
  if (rawStatus === undefined) notes.push("response has no status; read as failed")
  const status = rawStatus !== undefined && rawStatus > 0 ? Math.trunc(rawStatus) : 0
  const responseContent = asRecord(response.content)
  const responseMime = asText(responseContent?.mimeType) || headerValue(responseHeaders, "content-type")
  const resourceTypeText = asText(entry._resourceType)
  const resourceType = resourceTypeText ? resourceTypeText.toLowerCase() : undefined
  const error = errorText(entry, response)
  const evidence = kindEvidence
  evidence.method = method
  evidence.status = status
  evidence.requestHeaders = requestHeaders
  evidence.resourceType = resourceType
  evidence.responseMime = responseMime
  evidence.error = error
  evidence.servedFromCache = servedFromCache(entry)
  let kind = classifyExchange(evidence)
  evidence.requestHeaders = NONE // hold no capture data between entries
  // API traffic to an RPC endpoint is about no resource; noise needs no such look (only a POST's body is read).
  const rpcProtocol =
    kind === "api" || kind === "not-modified"
      ? rpcProtocolOf(
          method,
          url,
          requestHeaders,
          method === "POST" ? asText(asRecord(request.postData)?.text) : undefined
        )
      : undefined
  builtRpcProtocol = rpcProtocol
  if (rpcProtocol !== undefined) kind = "rpc"
  // A batch's note names its operations once they are read (withBatchOperations).
  if (kind === "rpc" && !isBatchProtocol(rpcProtocol)) notes.push(`${rpcProtocol} call: ${RPC_NOTE}`)

  if (error) notes.push(`request failed: ${error}`)
  // What the request and response carried: bodies, tags, the precondition, a created Location.
  // Capture noise that nobody will look at again (`analysisOnly`: lineage, policy and findings
  // ignore it) keeps its bodies, tags and preconditions unread.
  let requestBody: BodyInfo | undefined
  let responseBody: BodyInfo | undefined
  let precondition: Precondition = NO_PRECONDITION
  let responseTags: readonly ObservedTag[] = NONE
  let itemTags: readonly (ItemTag | GoneItem)[] = NONE
  let location: string | undefined
  if (!ctx.analysisOnly || kind === "api" || kind === "not-modified" || isBatchProtocol(rpcProtocol)) {
    responseBody = readHarBody(responseContent, responseMime, options.maxBodyBytes)
    const requestType = headerValue(requestHeaders, "content-type")
    requestBody = readHarBody(asRecord(request.postData), requestType, options.maxBodyBytes)
    if (responseBody?.skipped) notes.push(`response body skipped: ${responseBody.skipped}`)
    if (requestBody?.skipped) notes.push(`request body skipped: ${requestBody.skipped}`)
    // A version in the body, query or a version header is a precondition only on a write; on a read
    // it selects a revision.
    const safe = isSafeMethod(method)
    const bodyVersion = safe
      ? undefined
      : findRequestVersion(url, requestHeaders, requestBody, options, notes)
    const sentPrecondition = impliedCreateOnly(method, url, parsePrecondition(requestHeaders), notes)
    precondition = bodyVersion ? { ...sentPrecondition, bodyVersion } : sentPrecondition
    // A SCIM answer repeats its tag in `meta.version`, and its lists give one per item (scim.ts).
    const tagOptions = isScimMediaType(responseMime) ? scimTagOptions(options) : options
    responseTags = findResponseTags(responseHeaders, responseBody, tagOptions)
    // Only the ETag header's tag: a body version without quotes (`_rev`) is no mistake.
    const leniency = headerTagOf(responseTags)?.lenient
    if (leniency !== undefined)
      notes.push(`ETag is not an entity-tag (RFC 9110 §8.8.3), read leniently: ${leniency}`)
    if (safe && status === 207) {
      // WebDAV lists tags in XML (PROPFIND, REPORT): members as items, the resource asked about as its own.
      const listed = multistatusTags(url, responseBody)
      if (listed !== undefined) {
        itemTags = listed.items
        if (listed.own !== undefined && responseTags.length === 0) responseTags = [listed.own]
      }
    } else if (safe && status >= 200 && status < 300) itemTags = findItemTags(url, responseBody, tagOptions)
    location =
      createdLocation(status, responseHeaders, url) ??
      fhirConditionalTarget(method, url, status, responseHeaders, responseBody)
  }
  // Chrome's flag, Safari's `_fetchType`.
  if (entry._fetchedViaServiceWorker === true || entry._fetchType === "Service Worker")
    notes.push("fetched via a service worker")
  if (status >= 300 && status < 400 && status !== 304) {
    const target = headerValue(responseHeaders, "location")
    if (target !== undefined) notes.push(`redirect to ${resolveReference(target, url) ?? target}`)
  }
  // One literal with every key (absent ones undefined): all exchanges share one hidden class, so
  // the engine's property reads stay monomorphic. JSON drops the undefined keys on export.
  const exchange: Exchange = {
    id: ctx.id,
    startedAt,
    method,
    sentMethod: overridden === undefined ? undefined : sentMethod,
    url,
    status,
    statusText: asText(response.statusText) ?? "",
    requestHeaders,
    responseHeaders,
    requestBody,
    responseBody,
    resourceType,
    kind,
    origin: ctx.origin,
    precondition,
    responseTags,
    itemTags,
    location,
    replay: ctx.replay,
    notes: notes.length === 0 ? NONE : notes.splice(0)
  }
  return exchange
}

/** `If-None-Match: *` as an endpoint implies it (search-engine-document.ts), not as sent. */
const IMPLIED_ANY: TagCondition = Object.freeze({ kind: "any", raw: "*" })

/**
 * The precondition of an Elasticsearch or OpenSearch create-only write (`_create/<id>`,
 * `?op_type=create`), which refuses to replace a document as `If-None-Match: *` does: judged so,
 * with a note, instead of as a write with no precondition.
 */
function impliedCreateOnly(method: string, url: string, sent: Precondition, notes: string[]): Precondition {
  if (sent.ifNoneMatch !== undefined || !isCreateOnlyDocumentWrite(method, url)) return sent
  notes.push("create-only endpoint (Elasticsearch _create, op_type=create): judged as If-None-Match: *")
  return { ...sent, ifNoneMatch: IMPLIED_ANY }
}

/** A status some tools write as text (`"status": "200"`): read, and said so; anything else is none. */
function statusWrittenAsText(value: unknown, notes: string[]): number | undefined {
  if (typeof value !== "string" || !/^\s*\d{3}\s*$/.test(value)) return undefined
  notes.push(`response status written as text ("${value.trim()}"), read as a number`)
  return Number(value)
}
