/**
 * Capture noise vs API traffic (DESIGN.md "Capture noise"): failed requests, CORS preflights,
 * cache hits and 304s are recorded but never evidence of a finding; pages and static assets neither.
 * Normalization then tells calls to an RPC endpoint (GraphQL, …) apart from the rest (rpc-call.ts).
 */
import type { ExchangeKind, HeaderList } from "../model"
import { hasHeader, headerValue } from "../http/headers"
import { isSafeMethod } from "../http/methods"

export interface KindEvidence {
  readonly method: string
  readonly status: number
  readonly requestHeaders: HeaderList
  /** Lower-cased `_resourceType`, when the capture has one (Chrome, Playwright; not Firefox). */
  readonly resourceType?: string
  readonly responseMime?: string
  /** `_error` / `response._error` text, when present. */
  readonly error?: string
  /** Chrome `_fromCache`, Safari `_fetchType` "Memory Cache"/"Disk Cache", or a non-empty HAR `cache.beforeRequest`. */
  readonly servedFromCache: boolean
}

const DOCUMENT_TYPES = new Set(["document", "iframe", "subdocument", "main_frame", "sub_frame"])
const STATIC_TYPES = new Set([
  "stylesheet",
  "script",
  "image",
  "font",
  "media",
  "manifest",
  "texttrack",
  "imageset"
])
const STATIC_MIME = /^(?:image|font|audio|video)\/|^text\/css|javascript|ecmascript|wasm/i

function isHtml(mime: string | undefined): boolean {
  return mime !== undefined && /text\/html|application\/xhtml/i.test(mime)
}

/** Page or asset by resource type, else (Firefox) by response mime type and request `Accept`. */
function pageOrAsset(evidence: KindEvidence): ExchangeKind | undefined {
  const { resourceType, responseMime } = evidence
  if (resourceType !== undefined && DOCUMENT_TYPES.has(resourceType)) return "document"
  if (resourceType !== undefined && STATIC_TYPES.has(resourceType)) return "static"
  if (resourceType !== undefined && resourceType !== "other") return undefined
  if (isHtml(responseMime)) {
    const accept = headerValue(evidence.requestHeaders, "accept") ?? ""
    // A fetch() that got an HTML error page asked for JSON or anything (`*/*`); a navigation asks for HTML.
    if (resourceType === "other" || accept === "" || /text\/html/i.test(accept)) return "document"
  }
  if (responseMime !== undefined && STATIC_MIME.test(responseMime)) return "static"
  return undefined
}

/** API traffic, what the rules audit: not a page, an asset, a preflight, a cache hit, a 304 or a failure. */
export function isApiTraffic(kind: ExchangeKind): boolean {
  return kind === "api" || kind === "rpc"
}

/** Classify in order: failed, preflight, cached, not-modified, document/static (safe methods only), api. */
export function classifyExchange(evidence: KindEvidence): ExchangeKind {
  if (evidence.status <= 0 || (evidence.error !== undefined && evidence.error !== "")) return "failed"
  const method = evidence.method
  if (evidence.resourceType === "preflight") return "preflight"
  if (method === "OPTIONS" && hasHeader(evidence.requestHeaders, "access-control-request-method"))
    return "preflight"
  if (evidence.servedFromCache) return "cached"
  if (evidence.status === 304) return "not-modified"
  if (isSafeMethod(method)) return pageOrAsset(evidence) ?? "api"
  return "api"
}
