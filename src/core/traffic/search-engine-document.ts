/**
 * Elasticsearch's and OpenSearch's document API. One document is reached by four endpoints:
 * `<index>/_doc/<id>` (read, index, delete), `_create/<id>` (create only), `_update/<id>` (partial
 * update, with the same `?if_seq_no=`) and `_source/<id>` (the body alone). All four are the
 * document at `_doc/<id>`, where its versions are: otherwise an update through `_update` would be a
 * resource apart, and a save after it with the version before it would be judged current.
 */
import { splitUri, trimTrailingSlashes } from "./uri"

const DOCUMENT_ENDPOINT = /\/(?!_)[^/]+\/(_create|_update|_source)\/[^/]+$/

/** A normalized path with a document endpoint named as `_doc`; any other path as it is. */
export function searchEngineDocumentPath(path: string): string {
  // Asked of every resource key: a path without `/_` is left at once.
  if (!path.includes("/_")) return path
  const endpoint = DOCUMENT_ENDPOINT.exec(path)
  if (endpoint === null) return path
  const segment = endpoint[1]
  const start = endpoint.index + endpoint[0].indexOf(`/${segment}/`)
  return `${path.slice(0, start)}/_doc${path.slice(start + 1 + segment.length)}`
}

/** A URL that may name a create-only write; the exact test is on the split path and query. */
const MAY_CREATE_ONLY = /\/_create\/|op_type=create/
const CREATE_PATH = /\/(?!_)[^/]+\/_create\/[^/]+$/
const DOC_PATH = /\/(?!_)[^/]+\/_doc\/[^/]+$/

/**
 * A write that creates only, failing when the document exists: a PUT or POST to `_create/<id>`, or
 * to `_doc/<id>?op_type=create`. It means what `If-None-Match: *` means (RFC 9110 §13.1.2).
 */
export function isCreateOnlyDocumentWrite(method: string, url: string): boolean {
  if ((method !== "PUT" && method !== "POST") || !MAY_CREATE_ONLY.test(url)) return false
  const { path, query } = splitUri(url.trim())
  const trimmed = trimTrailingSlashes(path)
  if (CREATE_PATH.test(trimmed)) return true
  return DOC_PATH.test(trimmed) && query !== undefined && query.split("&").includes("op_type=create")
}
