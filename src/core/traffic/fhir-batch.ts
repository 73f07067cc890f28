/**
 * FHIR `batch` and `transaction` Bundles (FHIR R4 http.html#transaction): one POST to the service
 * base carries many interactions, each entry's `request` naming its method, URL and conditions
 * (`ifMatch`, `ifNoneMatch`, `ifNoneExist`, `ifModifiedSince`), and the answer is a
 * `batch-response` / `transaction-response` Bundle whose entries, in the same order, carry each
 * interaction's `status`, `location`, `etag` and `lastModified`. As an OData `$batch`'s, the
 * interactions, not the POST, are what lineage and findings are about: each becomes a HAR entry.
 * A transaction that fails as a whole is answered by one OperationOutcome; each of its
 * interactions then carries that answer.
 */
import { mediaTypeOf } from "../http/headers"
import type { Header } from "../model"
import { withoutFhirHistory } from "./fhir"
import { isRecord, parseJsonObject, pick } from "./json-body"
import {
  operationEntries,
  refusedAsOne,
  type BatchAnswer,
  type BatchEnvelope,
  type BatchOperation
} from "./odata-batch"

export type FhirBundleKind = "batch" | "transaction"

/** FHIR's JSON media types, and plain JSON (some clients send a Bundle as `application/json`). */
const BUNDLE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  "application/fhir+json",
  "application/json+fhir",
  "application/json"
])

/** The kind of FHIR Bundle a POST sends, when it is a batch or a transaction; undefined otherwise. */
export function fhirBatchKindOf(
  contentType: string | undefined,
  text: string | undefined
): FhirBundleKind | undefined {
  const type = mediaTypeOf(contentType)
  if (text === undefined || type === undefined || !BUNDLE_MEDIA_TYPES.has(type)) return undefined
  if (!text.includes('"Bundle"')) return undefined
  return bundleKindOf(parseJsonObject(text))
}

function bundleKindOf(json: unknown): FhirBundleKind | undefined {
  if (!isRecord(json) || json.resourceType !== "Bundle") return undefined
  return json.type === "batch" || json.type === "transaction" ? json.type : undefined
}

/** An entry's request conditions as the HTTP headers they stand for. */
const CONDITION_HEADERS = [
  ["ifMatch", "If-Match"],
  ["ifNoneMatch", "If-None-Match"],
  ["ifModifiedSince", "If-Modified-Since"],
  ["ifNoneExist", "If-None-Exist"]
] as const

const FHIR_JSON = "application/fhir+json"

function operationOf(entry: unknown): BatchOperation | undefined {
  const request = pick(entry, "request")
  if (!isRecord(request) || typeof request.method !== "string" || typeof request.url !== "string")
    return undefined
  const headers: Header[] = []
  for (const [field, name] of CONDITION_HEADERS) {
    const value = request[field]
    if (typeof value === "string" && value !== "") headers.push({ name, value })
  }
  const resource = pick(entry, "resource")
  const body = resource === undefined ? "" : JSON.stringify(resource)
  if (body !== "") headers.push({ name: "Content-Type", value: FHIR_JSON })
  return { method: request.method.toUpperCase(), url: request.url, headers, body }
}

function answerOf(entry: unknown): BatchAnswer | undefined {
  const response = pick(entry, "response")
  if (!isRecord(response) || typeof response.status !== "string") return undefined
  // "201 Created": the code, then the reason phrase.
  const match = /^\s*(\d{3})\s*(.*)$/.exec(response.status)
  if (match === null) return undefined
  const headers: Header[] = [{ name: "Content-Type", value: FHIR_JSON }]
  const resource = pick(entry, "resource")
  // Without `etag` (Medplum's router leaves it out), the version the returned resource carries.
  const versionId = pick(resource, "meta", "versionId")
  const etag =
    typeof response.etag === "string" && response.etag !== ""
      ? response.etag
      : typeof versionId === "string" && versionId !== ""
        ? `W/"${versionId}"`
        : undefined
  if (etag !== undefined) headers.push({ name: "ETag", value: etag })
  if (typeof response.location === "string" && response.location !== "")
    headers.push({ name: "Location", value: withoutFhirHistory(response.location) })
  const modified = typeof response.lastModified === "string" ? Date.parse(response.lastModified) : NaN
  if (!Number.isNaN(modified))
    headers.push({ name: "Last-Modified", value: new Date(modified).toUTCString() })
  const shown = resource ?? response.outcome
  return {
    status: Number(match[1]),
    statusText: match[2].trim(),
    headers,
    body: shown === undefined ? "" : JSON.stringify(shown)
  }
}

/**
 * The Bundle's interactions as HAR entries of their own, in order, each with its answer: the
 * response Bundle's entry at the same position, or the whole answer of a transaction refused as
 * one (a 4xx or 5xx that is no response Bundle), or none (status 0: read as failed). Undefined when
 * the body is no batch or transaction Bundle; never throws.
 */
export function fhirBatchOperationEntries(
  envelope: BatchEnvelope,
  responseStatus: number
): unknown[] | undefined {
  try {
    const bundle = parseJsonObject(envelope.requestText)
    if (bundleKindOf(bundle) === undefined || !Array.isArray(bundle?.entry)) return undefined
    const answered = parseJsonObject(envelope.responseText)
    const answers = Array.isArray(answered?.entry) ? answered.entry : undefined
    // A transaction's single failure answer is each of its interactions'.
    const refusedWhole = refusedAsOne(answers !== undefined, responseStatus, FHIR_JSON, envelope.responseText)
    const pairs: [BatchOperation, BatchAnswer | undefined][] = []
    bundle.entry.forEach((entry, position) => {
      const operation = operationOf(entry)
      if (operation !== undefined) pairs.push([operation, refusedWhole ?? answerOf(answers?.[position])])
    })
    if (pairs.length === 0) return undefined
    const root = envelope.url.replace(/[?#].*$/, "")
    return operationEntries(envelope, pairs, root.endsWith("/") ? root : `${root}/`)
  } catch {
    return undefined
  }
}
