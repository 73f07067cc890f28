/**
 * What a CORS preflight asked for and what its answer allowed (the Fetch standard's CORS-preflight
 * fetch): a header the page wants to send that the answer does not allow makes the browser refuse
 * the request itself, which then shows as a failed request. Some servers list the headers they
 * allow and let the browser refuse (Express `cors`); others refuse the whole preflight, 403 (Azure
 * Storage, S3, Spring): then a preflight for the same write without the header, allowed, tells.
 */
import { headerNameList, headerValue } from "../http/headers"
import { isSafeMethod, wireMethodOf } from "../http/methods"
import type { Exchange } from "../model"
import { isSuccess } from "../http/status"
import { allowsCredentials, sharedWithCaller } from "./cross-origin"

/** The conditional request headers a write carries its precondition in (RFC 9110 §13.1). */
const CONDITIONAL_WRITE_HEADERS = ["If-Match", "If-None-Match", "If-Unmodified-Since"]

export interface PreflightRefusal {
  /** The preflight that refused. */
  readonly preflight: Exchange
  /** The method the page wanted to send (`Access-Control-Request-Method`). */
  readonly method: string
  /** The version-carrying headers the page asked to send and was refused, as usually spelled. */
  readonly refused: readonly string[]
  /** A listed refusal: the answer's `Access-Control-Allow-Headers`, one ", " between names ("" when absent). */
  readonly allowed?: string
  /** A refusal of the whole preflight: the allowed preflight for the same write without those headers. */
  readonly contrast?: Exchange
}

/** What a preflight asked: the write's method and the request headers (lower case). */
interface PreflightAsk {
  readonly method: string
  readonly headers: readonly string[]
  readonly origin: string | undefined
}

function askOf(exchange: Exchange): PreflightAsk | undefined {
  if (exchange.kind !== "preflight") return undefined
  const method = headerValue(exchange.requestHeaders, "access-control-request-method")?.trim().toUpperCase()
  if (method === undefined || isSafeMethod(method)) return undefined
  const requested = headerValue(exchange.requestHeaders, "access-control-request-headers") ?? ""
  return {
    method,
    headers: headerNameList(requested.toLowerCase()),
    origin: headerValue(exchange.requestHeaders, "origin")?.trim()
  }
}

/** The version-carrying headers among `names` (lower case), as usually spelled. */
function versionCarrying(names: readonly string[], versionHeaders: readonly string[]): string[] {
  const watched = [...CONDITIONAL_WRITE_HEADERS, ...versionHeaders]
  const found: string[] = []
  for (const name of names) {
    const spelled = watched.find((header) => header.toLowerCase() === name)
    if (spelled !== undefined && !found.includes(spelled)) found.push(spelled)
  }
  return found
}

/** The preflight succeeded: a 2xx answer that let the page's origin in. */
export function preflightPassed(preflight: Exchange): boolean {
  return isSuccess(preflight.status) && sharedWithCaller(preflight.responseHeaders)
}

/**
 * A passed preflight for a write that asked to send a version-carrying header (`If-Match`,
 * `If-None-Match`, `If-Unmodified-Since`, or one of `versionHeaders`) its answer's
 * `Access-Control-Allow-Headers` does not allow. `*` allows any header only without credentials,
 * which an answer allowing them (`Access-Control-Allow-Credentials: true`) was not for.
 */
export function listedRefusal(
  preflight: Exchange,
  versionHeaders: readonly string[]
): PreflightRefusal | undefined {
  // Cheapest test first: the engine asks this of every preflight.
  if (preflight.kind !== "preflight" || !preflightPassed(preflight)) return undefined
  const ask = askOf(preflight)
  if (ask === undefined || ask.headers.length === 0) return undefined
  const allowed = headerNameList(headerValue(preflight.responseHeaders, "access-control-allow-headers") ?? "")
  const allowedNames = allowed.map((name) => name.toLowerCase())
  if (allowedNames.includes("*") && !allowsCredentials(preflight.responseHeaders)) return undefined
  const notAllowed = ask.headers.filter((name) => !allowedNames.includes(name))
  const refused = versionCarrying(notAllowed, versionHeaders)
  if (refused.length === 0) return undefined
  return { preflight, method: ask.method, refused, allowed: allowed.join(", ") }
}

/**
 * A preflight refused whole (not 2xx, or no `Access-Control-Allow-Origin`) that asked for
 * version-carrying headers, where `allowedOne`, for the same URL, method and page origin, passed
 * asking for the same headers but those: the version headers made the difference.
 */
export function refusalByContrast(
  refusedOne: Exchange,
  allowedOne: Exchange,
  versionHeaders: readonly string[]
): PreflightRefusal | undefined {
  // Cheapest tests first: the engine asks this of every pair of preflights to one URL.
  if (refusedOne.kind !== "preflight" || allowedOne.kind !== "preflight" || refusedOne.url !== allowedOne.url)
    return undefined
  if (preflightPassed(refusedOne) || !preflightPassed(allowedOne)) return undefined
  const ask = askOf(refusedOne)
  const other = askOf(allowedOne)
  if (ask === undefined || other === undefined) return undefined
  if (ask.method !== other.method || ask.origin !== other.origin) return undefined
  const extra = ask.headers.filter((name) => !other.headers.includes(name))
  const refused = versionCarrying(extra, versionHeaders)
  // Only version headers told the two apart: any other extra header might be the one refused.
  if (refused.length === 0 || refused.length !== extra.length) return undefined
  return { preflight: refusedOne, method: ask.method, refused, contrast: allowedOne }
}

/**
 * A preflight for a write, refused whole, that asked for a version-carrying header: one that
 * `refusalByContrast` may tell apart (the engine asks this of every preflight before pairing it).
 */
export function refusedAskingForVersion(preflight: Exchange, versionHeaders: readonly string[]): boolean {
  if (preflight.kind !== "preflight" || preflightPassed(preflight)) return false
  const ask = askOf(preflight)
  return ask !== undefined && versionCarrying(ask.headers, versionHeaders).length > 0
}

/** The request a refused preflight stood for: a failed request of that method, carrying a refused header. */
export function isRequestRefusedBy(request: Exchange, refusal: PreflightRefusal): boolean {
  return (
    request.kind === "failed" &&
    wireMethodOf(request) === refusal.method &&
    refusal.refused.some((name) => headerValue(request.requestHeaders, name) !== undefined)
  )
}
