/**
 * Method classes (RFC 9110 §9.2.1 safe methods; WebDAV RFC 4918, DeltaV RFC 3253,
 * CalDAV RFC 4791, Azure Tables `MERGE`). Names are compared case-insensitively so that
 * captures with odd casing still classify; HTTP itself treats methods case-sensitively (§9.1).
 */
import type { Exchange, HeaderList } from "../model"
import { headerValue } from "./headers"

/** Safe methods (§9.2.1): the client asks for no state change. */
const SAFE_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "REPORT",
  "SEARCH",
  // The QUERY method (draft-ietf-httpbis-safe-method-w-body); also what a query POST is judged as
  // (traffic/query-post.ts).
  "QUERY"
])

/** Methods known to change the target resource's state; the ones a precondition should guard. */
const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set([
  "PUT",
  "PATCH",
  "DELETE",
  "POST",
  "MERGE",
  "PROPPATCH",
  "MOVE",
  "COPY",
  "MKCOL",
  "LOCK",
  "UNLOCK",
  "ACL",
  "BIND",
  "UNBIND",
  "REBIND",
  "MKCALENDAR",
  "MKWORKSPACE",
  "MKACTIVITY",
  "CHECKIN",
  "CHECKOUT",
  "UNCHECKOUT",
  "VERSION-CONTROL",
  "BASELINE-CONTROL",
  "UPDATE",
  "LABEL",
  "ORDERPATCH",
  "UPDATEREDIRECTREF"
])

/** §9.2.1: GET, HEAD, OPTIONS, TRACE, QUERY and the read-only WebDAV/search methods. */
export function isSafeMethod(method: string): boolean {
  // Exchanges carry upper-case methods already: try as is before allocating a normalized copy.
  if (SAFE_METHODS.has(method)) return true
  if (STATE_CHANGING_METHODS.has(method)) return false
  return SAFE_METHODS.has(method.trim().toUpperCase())
}

/** A known method that changes state (PUT, PATCH, DELETE, POST, MERGE, PROPPATCH, MOVE, …). */
export function isStateChangingMethod(method: string): boolean {
  return STATE_CHANGING_METHODS.has(method) || STATE_CHANGING_METHODS.has(method.trim().toUpperCase())
}

/**
 * Headers in which a POST names the method it stands for, for clients or proxies that send only GET
 * and POST: `X-HTTP-Method` (SharePoint's REST API, SAP UI5's OData V2 model for MERGE),
 * `X-HTTP-Method-Override` (Google APIs, Microsoft Graph, Express's method-override), `X-Method-Override`.
 */
export const METHOD_OVERRIDE_HEADERS = [
  "x-http-method",
  "x-http-method-override",
  "x-method-override"
] as const

/** Whether a header name is one of METHOD_OVERRIDE_HEADERS (any case). */
export function isMethodOverrideHeader(name: string): boolean {
  return (METHOD_OVERRIDE_HEADERS as readonly string[]).includes(name.toLowerCase())
}

/**
 * The method a POST stands for, when one of METHOD_OVERRIDE_HEADERS names a known method other than
 * POST (upper-cased); undefined otherwise. Only a POST is tunnelled: servers ignore the header on
 * other methods.
 */
export function overriddenMethod(method: string, headers: HeaderList): string | undefined {
  if (method !== "POST") return undefined
  for (const name of METHOD_OVERRIDE_HEADERS) {
    const named = headerValue(headers, name)?.trim().toUpperCase()
    if (named === undefined || named === "" || named === "POST") continue
    if (SAFE_METHODS.has(named) || STATE_CHANGING_METHODS.has(named)) return named
  }
  return undefined
}

/** The method as sent on the wire: the POST of a method override, else the exchange's own method. */
export function wireMethodOf(exchange: Pick<Exchange, "method" | "sentMethod">): string {
  return exchange.sentMethod ?? exchange.method
}

/** Normalized method name for display and grouping: trimmed and upper-cased. */
export function normalizeMethod(method: string): string {
  return method.trim().toUpperCase()
}
