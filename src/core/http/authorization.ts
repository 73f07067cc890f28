/**
 * Who a request speaks for, as far as it tells: the user its `Authorization` header names (RFC 9110
 * §11.6.2), else its server-side session cookie. Enough to tell two users of one page (or of two
 * browsers' captures audited together) apart, without a secret in the answer.
 */
import type { HeaderList } from "../model"
import { decodeBase64, decodeUtf8 } from "../traffic/body-text"
import { headerValue, isHeaderNamed } from "./headers"

/** The user a request names: `key` to compare, `name` to show when it has one. */
export interface AuthorizedUser {
  /** Equal for two requests of one user (below); never a password. */
  readonly key: string
  /** The JWT's subject or the Basic user-id; undefined for an opaque token or a session. */
  readonly name: string | undefined
  /** The request header that names the user: what a `Vary` must name for per-user answers. */
  readonly via: "authorization" | "cookie"
}

/**
 * The user an `Authorization` value names, so that one user's requests compare equal even when
 * their credentials change:
 * - `Bearer` with a JWT (RFC 7519) whose payload has a `sub`: its issuer and subject. An app
 *   refreshes its access token every few minutes; the subject stays.
 * - `Basic` (RFC 7617): the user-id before the first colon, not the password.
 * - anything else (an opaque token, another scheme): the whole value.
 */
export function authorizedUser(authorization: string): AuthorizedUser {
  return cached(usersByHeader, authorization, () => userOf(authorization.trim()))
}

/**
 * The user a request's `Authorization` names, else its session cookie's (sessionUser); undefined
 * when it sent neither.
 */
export function requestUser(requestHeaders: HeaderList): AuthorizedUser | undefined {
  const authorization = headerValue(requestHeaders, "authorization")
  return authorization === undefined ? sessionUser(requestHeaders) : authorizedUser(authorization)
}

/**
 * Cookies that carry the id of a session kept on the server, the same for every request of one
 * login: Java servlets, PHP, express-session, Django, ASP.NET, Spring Session. Other cookies are
 * left out, as a browser changes them between requests of one user: analytics and preferences, and
 * sessions stored in the cookie itself (Rails, cookie-session, Laravel), rewritten on every change.
 * Names compared exactly (RFC 6265 §5.4): `session` is cookie-session's, `SESSION` Spring's.
 */
const SESSION_ID_COOKIES = new Set([
  "JSESSIONID",
  "PHPSESSID",
  "connect.sid",
  "sessionid",
  "ASP.NET_SessionId",
  "SESSION"
])

/** `__Host-` and `__Secure-` prefixes (RFC 6265bis §4.1.3) name the same cookie more strictly. */
const COOKIE_PREFIX = /^__(?:Host|Secure)-/

/**
 * The session a request's `Cookie` names by a known session-id cookie (above). HTTP/2 may send the
 * cookies in several lines (RFC 9113 §8.2.3), each split at `;`.
 */
function sessionUser(requestHeaders: HeaderList): AuthorizedUser | undefined {
  // Indexed, with no list of lines: the CLI asks this of every request without Authorization.
  for (let position = 0; position < requestHeaders.length; position++) {
    const header = requestHeaders[position]
    if (!isHeaderNamed(header, "cookie")) continue
    const session = cached(sessionsByCookieLine, header.value, () => sessionIn(header.value))
    if (session !== null) return session
  }
  return undefined
}

/** The session a `Cookie` line's known session-id cookie names; null when it has none. */
function sessionIn(cookieLine: string): AuthorizedUser | null {
  for (const pair of cookieLine.split(";")) {
    const equals = pair.indexOf("=")
    if (equals <= 0) continue
    const name = pair.slice(0, equals).trim()
    const value = pair.slice(equals + 1).trim()
    if (value !== "" && isSessionIdCookie(name)) return sessionCookieUser(name, value)
  }
  return null
}

/** Whether a cookie's name is a known session-id cookie's (above), prefix or not. */
export function isSessionIdCookie(name: string): boolean {
  return SESSION_ID_COOKIES.has(name.replace(COOKIE_PREFIX, ""))
}

/** The user a session-id cookie names: its key is the cookie itself, never shown. */
export function sessionCookieUser(name: string, value: string): AuthorizedUser {
  return { key: `session ${name}=${value}`, name: undefined, via: "cookie" }
}

/**
 * Header text → user, bounded: a capture's few users' requests alternate, and a JWT is decoded and
 * parsed to be read, a `Cookie` line split into its cookies. `null`: a line that names no session.
 */
const usersByHeader = new Map<string, AuthorizedUser>()
const sessionsByCookieLine = new Map<string, AuthorizedUser | null>()
const MAX_CACHED_HEADERS = 256
/** A real JWT or cookie line is a few KiB; a longer header (a hostile capture's) is read, not kept. */
const MAX_CACHED_HEADER_CHARS = 16 * 1024

function cached<Value>(cache: Map<string, Value>, header: string, read: () => Value): Value {
  let value = cache.get(header)
  if (value === undefined) {
    value = read()
    if (header.length <= MAX_CACHED_HEADER_CHARS) {
      if (cache.size >= MAX_CACHED_HEADERS) cache.clear()
      cache.set(header, value)
    }
  }
  return value
}

/** `scheme token68` (§11.4), the scheme compared case-insensitively. */
const SCHEME_AND_TOKEN = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)[ \t]+([A-Za-z0-9._~+/-]+=*)$/

function userOf(authorization: string): AuthorizedUser {
  const match = SCHEME_AND_TOKEN.exec(authorization)
  const scheme = match?.[1].toLowerCase()
  const token = match?.[2] ?? ""
  if (scheme === "bearer") {
    const subject = jwtSubject(token)
    if (subject !== undefined)
      return { key: `jwt ${subject.issuer} ${subject.subject}`, name: subject.subject, via: "authorization" }
  } else if (scheme === "basic") {
    const userId = basicUserId(token)
    if (userId !== undefined) return { key: `basic ${userId}`, name: userId, via: "authorization" }
  }
  return { key: authorization, name: undefined, via: "authorization" }
}

/** `iss` and `sub` of a JWS compact serialization's payload (RFC 7515 §7.1), when it has a `sub`. */
function jwtSubject(token: string): { issuer: string; subject: string } | undefined {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  const payload = decodedText(parts[1].replace(/-/g, "+").replace(/_/g, "/"))
  if (payload === undefined || !payload.startsWith("{")) return undefined
  let claims: unknown
  try {
    claims = JSON.parse(payload)
  } catch {
    return undefined
  }
  if (typeof claims !== "object" || claims === null) return undefined
  const { iss, sub } = claims as Partial<Record<"iss" | "sub", unknown>>
  if (typeof sub !== "string" && typeof sub !== "number") return undefined
  return { issuer: typeof iss === "string" ? iss : "", subject: String(sub) }
}

/** RFC 7617 §2: base64 of `user-id ":" password`; the user-id alone. */
function basicUserId(token: string): string | undefined {
  const pair = decodedText(token)
  const colon = pair?.indexOf(":") ?? -1
  return pair === undefined || colon < 0 ? undefined : pair.slice(0, colon)
}

/** Base64 (padded or not) as UTF-8 text; undefined when it is not base64. */
function decodedText(base64: string): string | undefined {
  if (base64.length % 4 === 1) return undefined // no base64 text is that long
  const padded = base64.length % 4 === 0 ? base64 : base64 + "=".repeat(4 - (base64.length % 4))
  const bytes = decodeBase64(padded)
  return bytes === undefined ? undefined : decodeUtf8(bytes).text
}
