/**
 * Calls to an RPC endpoint: GraphQL, JSON-RPC, SOAP and gRPC-Web send every operation, reads and
 * writes alike, to one URL, and say what they do in the body. HTTP's conditional requests are
 * about the representation of the target resource (RFC 9110 §13.1), and the URL of such an
 * endpoint names no resource: a mutation there is not a write to `/graphql`, and a query's tag
 * is not a version of it. They stay out of the lineage, the policy and the findings.
 */
import type { Exchange, HeaderList } from "../model"
import { hasHeader, headerValue } from "../http/headers"
import { isRecord } from "./json-body"
import { isCouchBulkDocs } from "./couch-bulk-docs"
import { fhirBatchKindOf } from "./fhir-batch"
import { isScimBulkRequest } from "./scim-bulk"
import { isODataBatchRequest } from "./odata-batch"
import { decodeFormComponent } from "./uri"

export type RpcProtocol =
  | "GraphQL"
  | "JSON-RPC"
  | "SOAP"
  | "gRPC-Web"
  | "OData batch"
  | "FHIR batch"
  | "CouchDB bulk write"
  | "SCIM bulk request"

/**
 * A batch's operations are read out of it and judged one by one (odata-batch.ts, fhir-batch.ts,
 * couch-bulk-docs.ts, scim-bulk.ts).
 */
export function isBatchProtocol(protocol: RpcProtocol | undefined): boolean {
  return (
    protocol === "OData batch" ||
    protocol === "FHIR batch" ||
    protocol === "CouchDB bulk write" ||
    protocol === "SCIM bulk request"
  )
}

/** The exchange's note, after "GraphQL call: ". */
export const RPC_NOTE =
  "one endpoint for every operation, so HTTP preconditions guard no resource here; not part of any lineage or finding"

/** How a batch's notes start: "OData batch of 2 operations …", "FHIR transaction of 3 operations …". */
export const BATCH_LABELS = [
  "OData batch",
  "FHIR batch",
  "FHIR transaction",
  "CouchDB bulk write",
  "SCIM bulk request"
] as const
export type BatchLabel = (typeof BATCH_LABELS)[number]

/** The note that says why an `rpc` exchange has no version, if it has one. */
export function rpcNoteOf(notes: readonly string[]): string | undefined {
  return notes.find(
    (note) => note.endsWith(RPC_NOTE) || BATCH_LABELS.some((label) => note.startsWith(`${label} `))
  )
}

/** A GraphQL document starts with a selection set or an operation or fragment keyword. */
const GRAPHQL_DOCUMENT = /^\s*(?:\{|(?:query|mutation|subscription|fragment)\b)/

/** A GraphQL-over-HTTP request object: a document in `query`, or an automatic persisted query's hash. */
function isGraphqlRequest(value: unknown): boolean {
  if (!isRecord(value)) return false
  if (typeof value.query === "string") return GRAPHQL_DOCUMENT.test(value.query)
  return isRecord(value.extensions) && isRecord(value.extensions.persistedQuery)
}

/** A JSON-RPC 2.0 request or notification. */
function isJsonRpcRequest(value: unknown): boolean {
  return isRecord(value) && value.jsonrpc === "2.0" && typeof value.method === "string"
}

/** The body parsed when it may be a JSON request of one of the protocols (cheap text checks first). */
function jsonEnvelope(text: string | undefined): unknown {
  if (text === undefined || text.length < 10) return undefined
  if (!text.includes('"query"') && !text.includes('"persistedQuery"') && !text.includes('"jsonrpc"'))
    return undefined
  const start = text.trimStart()[0]
  if (start !== "{" && start !== "[") return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** A single request or a batch (an array of them), each matching `isRequest`. */
function allRequests(value: unknown, isRequest: (item: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isRequest)
  return isRequest(value)
}

/** `?query=` with a GraphQL document, or `?extensions=` naming a persisted query (GraphQL over GET). */
function graphqlQueryString(url: string): boolean {
  const questionMark = url.indexOf("?")
  if (questionMark === -1 || (!url.includes("query=") && !url.includes("extensions="))) return false
  const query = url.slice(questionMark + 1).split("#")[0]
  for (const pair of query.split("&")) {
    const equals = pair.indexOf("=")
    if (equals === -1) continue
    const name = pair.slice(0, equals)
    const value = decodeFormComponent(pair.slice(equals + 1))
    if (name === "query" && GRAPHQL_DOCUMENT.test(value)) return true
    if (name === "extensions" && value.includes('"persistedQuery"')) return true
  }
  return false
}

/**
 * The RPC protocol a request speaks, or undefined for a request to a resource. Only what is
 * unambiguous counts: a `query` field must hold a GraphQL document (a saved search's
 * `"query": "status:open"` is data), and a body is read only on a POST, the method these
 * protocols write with.
 */
export function rpcProtocolOf(
  method: string,
  url: string,
  requestHeaders: HeaderList,
  requestBodyText: string | undefined
): RpcProtocol | undefined {
  if (method === "GET") return graphqlQueryString(url) ? "GraphQL" : undefined
  if (method !== "POST") return undefined
  const type = headerValue(requestHeaders, "content-type")?.toLowerCase()
  // Its operations are judged one by one (odata-batch.ts); the POST itself writes nothing.
  if (isODataBatchRequest(url, type)) return "OData batch"
  if (fhirBatchKindOf(type, requestBodyText) !== undefined) return "FHIR batch"
  if (isCouchBulkDocs(method, url, requestBodyText)) return "CouchDB bulk write"
  if (isScimBulkRequest(method, url, type, requestBodyText)) return "SCIM bulk request"
  if (type !== undefined) {
    if (type.startsWith("application/graphql")) return "GraphQL"
    if (type.startsWith("application/grpc-web")) return "gRPC-Web"
    if (type.startsWith("application/soap+xml")) return "SOAP"
  }
  if (hasHeader(requestHeaders, "soapaction")) return "SOAP"
  const envelope = jsonEnvelope(requestBodyText)
  if (envelope === undefined) return undefined
  if (allRequests(envelope, isGraphqlRequest)) return "GraphQL"
  if (allRequests(envelope, isJsonRpcRequest)) return "JSON-RPC"
  return undefined
}

/** How many of the exchanges are RPC or batch calls (kind `rpc`): the panel's and its report's count. */
export function countRpcCalls(exchanges: readonly Exchange[]): number {
  let count = 0
  for (const exchange of exchanges) if (exchange.kind === "rpc") count++
  return count
}
