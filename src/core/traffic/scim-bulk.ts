/**
 * SCIM bulk requests (RFC 7644 §3.7): one `POST {base}/Bulk` carries many operations, each with its
 * `method`, `path`, `data` and the `version` it is based on, which stands for If-Match ("version
 * MAY be used if the service provider supports ETags and the method is PUT, PATCH, or DELETE",
 * §3.7.1). The BulkResponse gives each operation's `status`, `location`, new `version` and, for an
 * error, the error `response`. As an OData `$batch`'s, the operations, not the POST, are what
 * lineage and findings are about: each becomes a HAR entry.
 */
import type { Header } from "../model"
import { isRecord, parseJsonObject, type JsonRecord } from "./json-body"
import {
  operationEntries,
  refusedAsOne,
  type BatchAnswer,
  type BatchEnvelope,
  type BatchOperation
} from "./odata-batch"
import { SCIM_MEDIA_TYPE, isScimMediaType } from "./scim"

const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
const BULK_PATH = /\/Bulk\/?(?:[?#]|$)/

/** A POST to `…/Bulk` of a SCIM BulkRequest (by its content type or its schema). */
export function isScimBulkRequest(
  method: string,
  url: string,
  contentType: string | undefined,
  text: string | undefined
): boolean {
  if (method !== "POST" || !BULK_PATH.test(url) || text === undefined) return false
  return isScimMediaType(contentType) || text.includes(BULK_REQUEST)
}

const SCIM_TYPE: Header = { name: "Content-Type", value: SCIM_MEDIA_TYPE }

interface SentOperation {
  readonly operation: BatchOperation
  readonly bulkId: string | undefined
  readonly path: string
}

function sentOperation(item: unknown): SentOperation | undefined {
  if (!isRecord(item) || typeof item.method !== "string" || typeof item.path !== "string") return undefined
  const headers: Header[] = []
  if (typeof item.version === "string" && item.version !== "")
    headers.push({ name: "If-Match", value: item.version })
  const body = item.data === undefined ? "" : JSON.stringify(item.data)
  if (body !== "") headers.push(SCIM_TYPE)
  const method = item.method.toUpperCase()
  // The path is relative to the service's base ("/Users/2819c2…"): the base ends before `/Bulk`.
  const url = item.path.replace(/^\/+/, "")
  return {
    operation: { method, url, headers, body },
    bulkId: typeof item.bulkId === "string" ? item.bulkId : undefined,
    path: item.path
  }
}

/** The status of a BulkResponse operation: `"412"` (RFC 7644's examples), or a number, or `{code}`. */
function statusOf(item: JsonRecord): number | undefined {
  const raw = item.status
  const text = typeof raw === "string" || typeof raw === "number" ? String(raw) : undefined
  const match = text === undefined ? null : /^\s*(\d{3})/.exec(text)
  return match === null ? undefined : Number(match[1])
}

function answerOf(item: JsonRecord): BatchAnswer | undefined {
  const status = statusOf(item)
  if (status === undefined) return undefined
  const headers: Header[] = [SCIM_TYPE]
  if (typeof item.version === "string" && item.version !== "")
    headers.push({ name: "ETag", value: item.version })
  if (typeof item.location === "string" && item.location !== "" && status === 201)
    headers.push({ name: "Location", value: item.location })
  const body = item.response === undefined ? "" : JSON.stringify(item.response)
  return { status, statusText: "", headers, body }
}

/**
 * The answer to one sent operation: the first not yet taken with its method and its `bulkId` (a
 * create) or a `location` that ends with its path. A service that stops at `failOnErrors` answers
 * fewer operations than were sent; the rest have none (read as failed).
 */
function takeAnswer(
  sent: SentOperation,
  answers: JsonRecord[],
  taken: Set<JsonRecord>
): JsonRecord | undefined {
  const path = sent.path.replace(/\/+$/, "")
  for (const answer of answers) {
    if (taken.has(answer)) continue
    if (typeof answer.method === "string" && answer.method.toUpperCase() !== sent.operation.method) continue
    const byId = sent.bulkId !== undefined && answer.bulkId === sent.bulkId
    const byLocation =
      typeof answer.location === "string" && answer.location.replace(/\/+$/, "").endsWith(path)
    if (byId || byLocation) {
      taken.add(answer)
      return answer
    }
  }
  return undefined
}

/**
 * The bulk request's operations as HAR entries of their own, in order, each with its answer (the
 * BulkResponse's, or the whole answer of a request refused as one, or none: status 0). Undefined
 * when the body is no BulkRequest; never throws.
 */
export function scimBulkOperationEntries(
  envelope: BatchEnvelope,
  responseStatus: number
): unknown[] | undefined {
  try {
    const body = parseJsonObject(envelope.requestText)
    if (body === undefined || !Array.isArray(body.Operations)) return undefined
    const answered = parseJsonObject(envelope.responseText)
    const answers = Array.isArray(answered?.Operations) ? answered.Operations.filter(isRecord) : undefined
    const refusedWhole = refusedAsOne(
      answers !== undefined,
      responseStatus,
      SCIM_MEDIA_TYPE,
      envelope.responseText
    )
    const taken = new Set<JsonRecord>()
    const pairs: [BatchOperation, BatchAnswer | undefined][] = []
    for (const item of body.Operations) {
      const sent = sentOperation(item)
      if (sent === undefined) continue
      const answer = answers === undefined ? undefined : takeAnswer(sent, answers, taken)
      pairs.push([sent.operation, refusedWhole ?? (answer === undefined ? undefined : answerOf(answer))])
    }
    if (pairs.length === 0) return undefined
    const base = envelope.url.replace(/[?#].*$/, "").replace(/\/Bulk\/?$/, "/")
    return operationEntries(envelope, pairs, base)
  } catch {
    return undefined
  }
}
