/**
 * One user under several session ids. A server may give a session a new id while it lasts: PHP's
 * `session_regenerate_id()` (some apps call it on every request), a servlet's `changeSessionId()`.
 * The answer's `Set-Cookie` (RFC 6265 §4.1) then names the new id, and the same browser sends it
 * from then on. Told apart by their cookies, that browser's requests would read as several users,
 * and its second unguarded save as a lost update of "another user's change".
 *
 * So a session-id cookie set in answer to a request of a session (the same cookie, another value)
 * continues that session's user. Not in answer to a login or logout: there the person at the
 * browser may change (Alice logs out, Bob logs in), and a server renews the id for that reason
 * (session fixation); nor when the cookie is cleared (an empty value, `Max-Age` ≤ 0, an `Expires`
 * already past, RFC 6265 §5.2.1–§5.2.2).
 */
import { isSessionIdCookie, requestUser, sessionCookieUser, type AuthorizedUser } from "../http/authorization"
import { isHeaderNamed } from "../http/headers"
import { parseHttpDate } from "../http/http-date"
import type { Exchange } from "../model"
import { splitUrl } from "../replay/url-text"

/** Renewed session key → the key of the session it continues (the first of its chain). */
export type RenewedSessions = ReadonlyMap<string, string>

export const NO_RENEWED_SESSIONS: RenewedSessions = new Map()

export interface SessionRenewals {
  /** Learn from one exchange's answer, in arrival order (before its user is asked for). */
  note(exchange: Exchange): void
  /** What was learnt so far; the same map, growing. */
  readonly renewed: RenewedSessions
}

/** A hostile capture could set a new session on every answer: the chains stop growing here. */
const MAX_RENEWALS = 10_000

export function createSessionRenewals(): SessionRenewals {
  const renewed = new Map<string, string>()
  return {
    renewed,
    note(exchange) {
      const headers = exchange.responseHeaders
      for (let position = 0; position < headers.length; position++) {
        const header = headers[position]
        if (!isHeaderNamed(header, "set-cookie")) continue
        const set = sessionSetBy(header.value, exchange.startedAt)
        if (set === undefined || renewed.size >= MAX_RENEWALS || renewed.has(set.key)) continue
        const sender = requestUser(exchange.requestHeaders)
        if (sender?.via !== "cookie" || sender.key === set.key || !sameCookie(sender.key, set.key)) continue
        if (AUTHENTICATION_PATH.test(splitUrl(exchange.url)?.path ?? exchange.url)) continue
        renewed.set(set.key, renewed.get(sender.key) ?? sender.key)
      }
    }
  }
}

/** The key of the user an exchange's request names, a renewed session's being its first one's. */
export function senderKeyOf(exchange: Exchange, renewed: RenewedSessions): string | undefined {
  return continuedKey(requestUser(exchange.requestHeaders)?.key, renewed)
}

/** A user key as its first session's, when it is a renewed session's. */
export function continuedKey(key: string | undefined, renewed: RenewedSessions): string | undefined {
  return key === undefined || renewed.size === 0 ? key : (renewed.get(key) ?? key)
}

/** The user as its first session: a renewed session's user is its first session's (no name either way). */
export function continuedUser(user: AuthorizedUser, renewed: RenewedSessions): AuthorizedUser {
  const first = renewed.size === 0 ? undefined : renewed.get(user.key)
  return first === undefined ? user : { key: first, name: undefined, via: "cookie" }
}

/**
 * The session a `Set-Cookie` line gives (RFC 6265 §5.2): a known session-id cookie with a value,
 * not cleared at `startedAt` (the exchange's start, ISO 8601).
 */
export function sessionSetBy(line: string, startedAt: string): AuthorizedUser | undefined {
  const parts = line.split(";")
  const pair = parts[0]
  const equals = pair.indexOf("=")
  if (equals <= 0) return undefined
  const name = pair.slice(0, equals).trim()
  const value = pair.slice(equals + 1).trim()
  if (value === "" || !isSessionIdCookie(name)) return undefined
  for (let position = 1; position < parts.length; position++) {
    const attribute = parts[position]
    const at = attribute.indexOf("=")
    if (at === -1) continue
    const attributeName = attribute.slice(0, at).trim().toLowerCase()
    const attributeValue = attribute.slice(at + 1).trim()
    if (attributeName === "max-age" && /^-?\d+$/.test(attributeValue) && Number(attributeValue) <= 0)
      return undefined
    if (attributeName === "expires") {
      // Cookie dates are looser than HTTP-dates: `Thu, 01-Jan-1970 00:00:01 GMT` is PHP's.
      const expires = parseHttpDate(attributeValue.replace(/-/g, " "))
      if (expires !== undefined && expires <= Date.parse(startedAt)) return undefined
    }
  }
  return sessionCookieUser(name, value)
}

/** Two session keys (`session NAME=value`) of the same cookie. */
function sameCookie(one: string, other: string): boolean {
  const end = one.indexOf("=")
  return end > 0 && other.length > end && other.charCodeAt(end) === 61 && other.startsWith(one.slice(0, end))
}

/**
 * Paths where the user may change: log in or out, sign in or out, authenticate, open or close a
 * session, get a token (`/login`, `/accounts/logout/`, `/users/sign_in`, `/wp-login.php`,
 * `/api/auth/refresh`, `/j_spring_security_check`, `/oauth2/token`, `/session`).
 */
const AUTHENTICATION_PATH =
  /\/(?:[^/]*[-_.])?(?:log-?in|log-?out|log-?on|log-?off|sign-?in|sign-?out|sign_in|sign_out|auth|authenticate|authentication|authori[sz]e|oauth2?|sso|saml2?|sessions?|tokens?|j_security_check|j_spring_security_check)(?:[-_.][^/]*)?(?:\/|$)/i
