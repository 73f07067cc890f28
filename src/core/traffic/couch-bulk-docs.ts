/**
 * CouchDB's `POST /{db}/_bulk_docs` (CouchDB API, "/db/_bulk_docs"): one request writes many
 * documents, each with the `_rev` it is based on, and the answer (201 whatever happened to each) is
 * an array, in the same order, of `{ok, id, rev}` or `{id, error: "conflict", reason}`. PouchDB's
 * `bulkDocs()` sends it. As an OData `$batch`'s, the writes inside, not the POST, are what lineage
 * and findings are about: each document becomes a HAR entry, a PUT of `/{db}/{id}` (a POST to the
 * database without `_id`, a DELETE with `?rev=` for `_deleted: true`), answered as CouchDB answers
 * that single write (201 with the new revision, or 409 for a conflict). A replication's write
 * (`new_edits: false`) stores revisions as given, checking none: it is no bulk write of this kind.
 */
import type { Header } from "../model"
import { isRecord, parseJsonObject } from "./json-body"
import {
  operationEntries,
  refusedAsOne,
  type BatchAnswer,
  type BatchEnvelope,
  type BatchOperation
} from "./odata-batch"
import { splitUri, trimTrailingSlashes } from "./uri"

const BULK_DOCS_PATH = /\/_bulk_docs\/?(?:[?#]|$)/

/**
 * A POST of documents to `…/_bulk_docs` that CouchDB checks (not a replication's `new_edits:
 * false`), told by its URL and the body as sent.
 */
export function isCouchBulkDocs(method: string, url: string, text: string | undefined): boolean {
  if (method !== "POST" || !BULK_DOCS_PATH.test(url) || text === undefined) return false
  if (!text.includes('"docs"')) return false
  const body = parseJsonObject(text)
  return body !== undefined && Array.isArray(body.docs) && body.new_edits !== false
}

const JSON_TYPE: Header = { name: "Content-Type", value: "application/json" }

/** A per-document error's status, as CouchDB answers the same write alone. */
const ERROR_STATUS: ReadonlyMap<string, number> = new Map([
  ["conflict", 409],
  ["forbidden", 403],
  ["unauthorized", 401]
])

function operationOf(doc: unknown, database: string): BatchOperation | undefined {
  if (!isRecord(doc)) return undefined
  const id = typeof doc._id === "string" && doc._id !== "" ? doc._id : undefined
  const rev = typeof doc._rev === "string" && doc._rev !== "" ? doc._rev : undefined
  if (id === undefined)
    return { method: "POST", url: database, headers: [JSON_TYPE], body: JSON.stringify(doc) }
  const url = `${database}/${encodeURIComponent(id)}`
  // CouchDB deletes with `DELETE /{db}/{id}?rev=…` (the revision in the query, as the engine reads it).
  if (doc._deleted === true)
    return {
      method: "DELETE",
      url: rev === undefined ? url : `${url}?rev=${encodeURIComponent(rev)}`,
      headers: [],
      body: ""
    }
  return { method: "PUT", url, headers: [JSON_TYPE], body: JSON.stringify(doc) }
}

function answerOf(result: unknown, operation: BatchOperation, database: string): BatchAnswer | undefined {
  if (!isRecord(result)) return undefined
  if (typeof result.error === "string") {
    const status = ERROR_STATUS.get(result.error) ?? 400
    return { status, statusText: "", headers: [JSON_TYPE], body: JSON.stringify(result) }
  }
  if (typeof result.rev !== "string" || typeof result.id !== "string") return undefined
  // What CouchDB answers a single write: the new revision in ETag and `rev`, a create's Location.
  const headers: Header[] = [JSON_TYPE, { name: "ETag", value: `"${result.rev}"` }]
  if (operation.method === "POST")
    headers.push({ name: "Location", value: `${database}/${encodeURIComponent(result.id)}` })
  const status = operation.method === "DELETE" ? 200 : 201
  return {
    status,
    statusText: "",
    headers,
    body: JSON.stringify({ ok: true, id: result.id, rev: result.rev })
  }
}

/**
 * The bulk write's documents as HAR entries of their own, in order, each with its answer: the
 * answer array's item at the same position, or the whole answer when the request was refused as
 * one (no array, 4xx or 5xx), or none (status 0: read as failed). Undefined when the body is no
 * bulk write; never throws.
 */
export function couchBulkOperationEntries(
  envelope: BatchEnvelope,
  responseStatus: number
): unknown[] | undefined {
  try {
    const body = parseJsonObject(envelope.requestText)
    if (body === undefined || !Array.isArray(body.docs) || body.new_edits === false) return undefined
    const parts = splitUri(envelope.url.trim())
    const database = `${parts.scheme}://${parts.authority}${trimTrailingSlashes(parts.path).replace(/\/_bulk_docs$/, "")}`
    const answers = readAnswers(envelope.responseText)
    const refusedWhole = refusedAsOne(
      answers !== undefined,
      responseStatus,
      JSON_TYPE.value,
      envelope.responseText
    )
    const pairs: [BatchOperation, BatchAnswer | undefined][] = []
    body.docs.forEach((doc, position) => {
      const operation = operationOf(doc, database)
      if (operation === undefined) return
      pairs.push([operation, refusedWhole ?? answerOf(answers?.[position], operation, database)])
    })
    return pairs.length === 0 ? undefined : operationEntries(envelope, pairs, `${database}/`)
  } catch {
    return undefined
  }
}

function readAnswers(text: string): readonly unknown[] | undefined {
  if (text === "") return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}
