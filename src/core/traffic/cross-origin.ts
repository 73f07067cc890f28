/**
 * What a page's script may read of a cross-origin answer (the Fetch standard's CORS protocol):
 * only the CORS-safelisted response headers, plus those `Access-Control-Expose-Headers` lists.
 * `ETag` is not safelisted, `Last-Modified` is: a cross-origin client can send back a date in
 * If-Unmodified-Since, but a tag for If-Match only if the API exposes `ETag`.
 */
import { headerNameList, headerValue } from "../http/headers"
import type { Exchange, HeaderList } from "../model"
import { originOf } from "./resource-key"

/** Fetch's CORS-safelisted response-header names: always readable by the page. */
const SAFELISTED = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma"
])

/** What follows an origin at the start of a URL on that origin: its path, query or fragment, or nothing. */
const SAME_ORIGIN_NEXT: ReadonlySet<string> = new Set(["", "/", "?", "#"])

/**
 * The page origin of a cross-origin request (its `Origin` header, when it names another origin than
 * the request URL's), or undefined for a same-origin request or one without `Origin`.
 */
export function crossOriginCaller(exchange: Exchange): string | undefined {
  const caller = headerValue(exchange.requestHeaders, "origin")?.trim()
  if (caller === undefined || caller === "") return undefined
  // Most such requests are same-origin writes, whose URL starts with the Origin as sent: no need to
  // normalize the URL (case, default port) to tell.
  const { url } = exchange
  if (url.startsWith(caller) && SAME_ORIGIN_NEXT.has(url[caller.length] ?? "")) return undefined
  return caller === originOf(url) ? undefined : caller
}

/**
 * Whether the page may read this response header: safelisted, or listed in
 * `Access-Control-Expose-Headers`. Its `*` is a wildcard only for requests without credentials,
 * which a response allowing credentials (`Access-Control-Allow-Credentials: true`) was not.
 */
export function exposesHeader(responseHeaders: HeaderList, name: string): boolean {
  const wanted = name.toLowerCase()
  if (SAFELISTED.has(wanted)) return true
  const listed = headerValue(responseHeaders, "access-control-expose-headers")
  if (listed === undefined) return false
  const withCredentials = allowsCredentials(responseHeaders)
  return headerNameList(listed.toLowerCase()).some(
    (token) => token === wanted || (token === "*" && !withCredentials)
  )
}

/** The CORS answer allows credentials (`Access-Control-Allow-Credentials: true`): `*` then lists nothing. */
export function allowsCredentials(responseHeaders: HeaderList): boolean {
  return headerValue(responseHeaders, "access-control-allow-credentials")?.trim().toLowerCase() === "true"
}

/** The answer let the cross-origin page read it at all (`Access-Control-Allow-Origin` present). */
export function sharedWithCaller(responseHeaders: HeaderList): boolean {
  return headerValue(responseHeaders, "access-control-allow-origin") !== undefined
}
