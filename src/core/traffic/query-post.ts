/**
 * A POST that is a query, by the API's own specification: its body carries search criteria and its
 * answer lists what matched, as a GET of the collection would. It changes nothing, so it is judged as
 * the QUERY method (draft-ietf-httpbis-safe-method-w-body: a safe request whose body holds the
 * query), not as a write, and the tags its answer lists are reads of the items (item-tags.ts).
 */
import { safeDecodeComponent, splitUri, trimTrailingSlashes } from "./uri"

/** The method a query POST is judged as: safe (methods.ts). */
export const QUERY_METHOD = "QUERY"

/**
 * The last path segments that name a query endpoint, each from its API's specification:
 * SCIM's `.search` (RFC 7644 §3.4.3), FHIR's `_search` (FHIR R4 http.html#search, also
 * Elasticsearch's and OpenSearch's search API), CouchDB's Mango `_find` and its `_all_docs` asked
 * for `keys`, and OData 4.01's `$query` (query options in the body, Part 1 §11.2.5).
 */
const QUERY_SEGMENTS: ReadonlySet<string> = new Set([".search", "_search", "_find", "_all_docs", "$query"])

/** The query endpoint a POST was sent to (`_find`, `.search`, …), or undefined for any other request. */
export function queryEndpointOf(method: string, url: string): string | undefined {
  // Asked of every request: the path is split only for a POST whose URL holds one of the markers.
  if (method !== "POST" || !MAY_NAME_QUERY.test(url)) return undefined
  return queryEndpointIn(trimTrailingSlashes(splitUri(url.trim()).path))
}

/** The query endpoint a path (no trailing slash) ends with, if it ends with one. */
function queryEndpointIn(path: string): string | undefined {
  // OData's `$` is often sent percent-encoded (`%24query`), as in `%24batch`.
  const segment = safeDecodeComponent(path.slice(path.lastIndexOf("/") + 1))
  return QUERY_SEGMENTS.has(segment) ? segment : undefined
}

/**
 * The path of what a query endpoint searches (`/db/_find` → `/db`, `/scim/Users/.search` →
 * `/scim/Users`); any other path as it is. `path` has no trailing slash.
 */
export function withoutQueryEndpoint(path: string): string {
  return queryEndpointIn(path) === undefined ? path : path.slice(0, path.lastIndexOf("/"))
}

/** A URL that may end its path with a query segment; the exact test is on the split path. */
const MAY_NAME_QUERY = /(?:\.search|_search|_find|_all_docs|\$query|%24query)(?:\/?(?:[?#]|$))/
