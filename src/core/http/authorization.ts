/**
 * Who an `Authorization` header speaks for (RFC 9110 §11.6.2), as far as the header itself tells:
 * enough to tell two users of one page apart, without a secret in the answer.
 */
import type { HeaderList } from "../model"
import { decodeBase64, decodeUtf8 } from "../traffic/body-text"
import { headerValue } from "./headers"

/** The user an `Authorization` value names: `key` to compare, `name` to show when it has one. */
export interface AuthorizedUser {
  /** Equal for two headers of one user (below); never a password. */
  readonly key: string
  /** The JWT's subject or the Basic user-id; undefined for an opaque token. */
  readonly name: string | undefined
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
  let user = usersByHeader.get(authorization)
  if (user === undefined) {
    user = userOf(authorization.trim())
    if (authorization.length <= MAX_CACHED_HEADER_CHARS) {
      if (usersByHeader.size >= MAX_CACHED_HEADERS) usersByHeader.clear()
      usersByHeader.set(authorization, user)
    }
  }
  return user
}

/** The user a request's `Authorization` names; undefined when it sent none. */
export function requestUser(requestHeaders: HeaderList): AuthorizedUser | undefined {
  const authorization = headerValue(requestHeaders, "authorization")
  return authorization === undefined ? undefined : authorizedUser(authorization)
}

/**
 * Header text → user, bounded: a capture's few users' requests alternate, and a JWT is decoded and
 * parsed to be read.
 */
const usersByHeader = new Map<string, AuthorizedUser>()
const MAX_CACHED_HEADERS = 256
/** A real JWT is a few KiB; a longer header (a hostile capture's) is read, not kept. */
const MAX_CACHED_HEADER_CHARS = 16 * 1024

/** `scheme token68` (§11.4), the scheme compared case-insensitively. */
const SCHEME_AND_TOKEN = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)[ \t]+([A-Za-z0-9._~+/-]+=*)$/

function userOf(authorization: string): AuthorizedUser {
  const match = SCHEME_AND_TOKEN.exec(authorization)
  const scheme = match?.[1].toLowerCase()
  const token = match?.[2] ?? ""
  if (scheme === "bearer") {
    const subject = jwtSubject(token)
    if (subject !== undefined)
      return { key: `jwt ${subject.issuer} ${subject.subject}`, name: subject.subject }
  } else if (scheme === "basic") {
    const userId = basicUserId(token)
    if (userId !== undefined) return { key: `basic ${userId}`, name: userId }
  }
  return { key: authorization, name: undefined }
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
