/**
 * Resource identity: which exchanges talk about the same resource (DESIGN.md "Resource").
 * Key = origin + normalized path (+ the query parameters that identify a resource).
 */
import type { EngineOptions } from "../model"
import { canonicalODataSegment } from "./odata-key"
import { searchEngineDocumentPath } from "./search-engine-document"
import {
  asBrowserReadsUrl,
  normalizePercentEncoding,
  removeDotSegments,
  resolveReference,
  decodeFormComponent,
  splitAuthority,
  splitUri,
  trimTrailingSlashes,
  type UriParts
} from "./uri"

type KeyOptions = Pick<EngineOptions, "identityQueryParams" | "queryVersionParams">

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443", ws: "80", wss: "443" }

/**
 * Paths with nothing to normalize (no escapes, non-ASCII characters, dot segments, keys or trailing
 * slash): the common case.
 */
// One character per step (no nested quantifier), so failing matches stay linear.
const PLAIN_PATH = /^\/(?:[^%()/.\u0080-\uFFFF]|\.(?!\.?(?:\/|$))|\/(?!\.|$))*$/

function normalizePath(path: string): string {
  if (PLAIN_PATH.test(path) && !path.endsWith("/")) return path
  const segments = removeDotSegments(normalizePercentEncoding(path === "" ? "/" : path))
    .split("/")
    .map(canonicalODataSegment)
  const joined = segments.join("/")
  // Trailing slash normalized: `/notes/` and `/notes` are one resource; the root stays `/`.
  const trimmed = trimTrailingSlashes(joined)
  return trimmed === "" ? "/" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`
}

/** The decoded name of a query's `name=value` pair (all of it when it has no `=`). */
export function queryParamName(pair: string): string {
  const equals = pair.indexOf("=")
  return decodeFormComponent(equals === -1 ? pair : pair.slice(0, equals))
}

function normalizeQuery(query: string | undefined, options: KeyOptions): string {
  if (query === undefined || query === "") return ""
  if (options.identityQueryParams !== "all" && options.identityQueryParams.length === 0) return ""
  const versionParams = new Set(options.queryVersionParams)
  const kept = query
    .split("&")
    .filter((pair) => pair !== "")
    .filter((pair) => !versionParams.has(queryParamName(pair)))
    .filter(
      (pair) =>
        options.identityQueryParams === "all" || options.identityQueryParams.includes(queryParamName(pair))
    )
    .map(normalizePercentEncoding)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return kept.length === 0 ? "" : `?${kept.join("&")}`
}

/**
 * The resource key of a URL: lower-cased scheme and host, default port and userinfo dropped,
 * dot segments removed, trailing slash dropped, fragment dropped, OData keys canonical,
 * query kept only for `identityQueryParams` (sorted) and never for version params (`rev`).
 * A URL that cannot be read this way (no scheme or authority, bad port) is its own key.
 */
export function resourceKey(url: string, options: KeyOptions): string {
  if (typeof url !== "string") return String(url)
  // As the browser that sent it reads it: `https://a.example\\@b.example/x` went to a.example.
  const parts = splitUri(asBrowserReadsUrl(url.trim()))
  const origin = normalizedOrigin(parts)
  if (origin === undefined) return url
  const path = searchEngineDocumentPath(normalizePath(parts.path))
  return `${origin}${path}${normalizeQuery(parts.query, options)}`
}

/** `scheme://host[:port]`, lower-cased, default port and userinfo dropped; undefined when it has none. */
function normalizedOrigin(parts: UriParts): string | undefined {
  if (parts.scheme === undefined || parts.authority === undefined) return undefined
  const authority = splitAuthority(parts.authority)
  if (!authority || authority.host === "") return undefined
  if (authority.port !== undefined && !/^\d{1,5}$/.test(authority.port)) return undefined
  const scheme = parts.scheme.toLowerCase()
  const port = authority.port === undefined ? undefined : String(Number(authority.port))
  const portText = port === undefined || DEFAULT_PORTS[scheme] === port ? "" : `:${port}`
  return `${scheme}://${authority.host.toLowerCase()}${portText}`
}

/** The origin part of a URL (`scheme://host[:port]`), or undefined when it has none. */
export function originOf(url: string): string | undefined {
  if (typeof url !== "string") return undefined
  // The path is not normalized: an origin is the same whatever path follows it.
  return normalizedOrigin(splitUri(asBrowserReadsUrl(url.trim())))
}

/** Resolve a reference such as a relative `Location` against the request URL (RFC 3986 §5.2). */
export function resolveUrl(ref: string, base: string): string | undefined {
  if (typeof ref !== "string" || typeof base !== "string") return undefined
  return resolveReference(ref, base)
}
