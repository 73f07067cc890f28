/**
 * What a CORS preflight asked for and what its answer allowed (the Fetch standard's CORS-preflight
 * fetch): a header the page wants to send that the answer's `Access-Control-Allow-Headers` does not
 * list makes the browser refuse the request itself, which then shows as a failed request.
 */
import { headerValue } from "../http/headers"
import { isSafeMethod, wireMethodOf } from "../http/methods"
import type { Exchange, HeaderList } from "../model"

/** The conditional request headers a write carries its precondition in (RFC 9110 §13.1). */
const CONDITIONAL_WRITE_HEADERS = ["If-Match", "If-None-Match", "If-Unmodified-Since"]

export interface PreflightRefusal {
  /** The method the page wanted to send (`Access-Control-Request-Method`). */
  readonly method: string
  /** The version-carrying headers the page asked to send and the answer did not allow, as usually spelled. */
  readonly refused: readonly string[]
  /** The answer's `Access-Control-Allow-Headers`, one ", " between names ("" when absent). */
  readonly allowed: string
}

/** The names of a comma-separated header list, as spelled. */
function listedNames(list: string): string[] {
  return list
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "")
}

/**
 * The version-carrying headers (`If-Match`, `If-None-Match`, `If-Unmodified-Since`, or one of
 * `versionHeaders`) a successful preflight for a write was asked about and did not allow; undefined
 * when it allowed them all or is no such preflight. A failed preflight refuses everything alike,
 * which is not about preconditions. `*` allows any header only without credentials, which an
 * answer allowing them (`Access-Control-Allow-Credentials: true`) was not for.
 */
export function preflightRefusal(
  exchange: Exchange,
  versionHeaders: readonly string[]
): PreflightRefusal | undefined {
  if (exchange.kind !== "preflight" || exchange.status < 200 || exchange.status > 299) return undefined
  const method = headerValue(exchange.requestHeaders, "access-control-request-method")?.trim()
  if (method === undefined || isSafeMethod(method.toUpperCase())) return undefined
  const requested = headerValue(exchange.requestHeaders, "access-control-request-headers")
  if (requested === undefined) return undefined
  const allowed = listedNames(headerValue(exchange.responseHeaders, "access-control-allow-headers") ?? "")
  const allowedNames = allowed.map((name) => name.toLowerCase())
  if (allowedNames.includes("*") && !allowsCredentials(exchange.responseHeaders)) return undefined
  const watched = [...CONDITIONAL_WRITE_HEADERS, ...versionHeaders]
  const refused: string[] = []
  for (const name of listedNames(requested.toLowerCase())) {
    if (allowedNames.includes(name)) continue
    const spelled = watched.find((header) => header.toLowerCase() === name)
    if (spelled !== undefined && !refused.includes(spelled)) refused.push(spelled)
  }
  if (refused.length === 0) return undefined
  return { method: method.toUpperCase(), refused, allowed: allowed.join(", ") }
}

/** The request a refused preflight stood for: a failed request of that method, carrying a refused header. */
export function isRequestRefusedBy(request: Exchange, refusal: PreflightRefusal): boolean {
  return (
    request.kind === "failed" &&
    wireMethodOf(request) === refusal.method &&
    refusal.refused.some((name) => headerValue(request.requestHeaders, name) !== undefined)
  )
}

function allowsCredentials(headers: HeaderList): boolean {
  return headerValue(headers, "access-control-allow-credentials")?.trim().toLowerCase() === "true"
}
