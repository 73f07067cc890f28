/**
 * Which header names, query parameters and body fields carry secrets.
 * One documented list (docs/export.md repeats it); redact.ts applies it.
 */

/** The text that replaces a secret value in headers, cookies and bodies. */
export const REDACTED = "[redacted]"
/** The same, percent-encoded, for URLs (a raw `[` would make curl glob and is not valid in a userinfo). */
export const REDACTED_IN_URL = "%5Bredacted%5D"

/** Headers whose whole value is a credential or a session (compared lower-case). */
export const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "set-cookie2",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-refresh-token",
  "x-amz-security-token",
  "x-csrf-token",
  "x-xsrf-token",
  "x-goog-api-key",
  "x-functions-key",
  "ocp-apim-subscription-key",
  "private-token",
  "x-session-id"
])

/** Any other header whose name has one of these words as a dash-separated part is treated as a secret too. */
export const SECRET_HEADER_PATTERN = /(^|-)(api-?key|token|secret|session|password|signature)($|-)/i

/**
 * Headers that are never redacted, even if a pattern would match: entity tags and
 * conditional requests (RFC 9110 §8.8.3, §13.1) are what ETag Lens is about.
 */
export const NEVER_REDACTED_HEADERS: ReadonlySet<string> = new Set([
  "etag",
  "if-match",
  "if-none-match",
  "if-unmodified-since",
  "if-modified-since",
  "if-range"
])

/**
 * Query parameters whose value is a signature, token or credential (compared lower-case).
 * Kept on purpose: Azure SAS `sv` (service version), `se`/`st` (expiry/start times), `sp`
 * (permissions), `sr`/`spr`: they describe the grant and cannot be replayed without `sig`.
 * Kept too: `rev` and other version parameters (they are the concurrency data).
 */
export const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set([
  "sig",
  "signature",
  "token",
  "access_token",
  "id_token",
  "refresh_token",
  "code",
  "client_secret",
  "password",
  "passwd",
  "api_key",
  "apikey",
  "api-key",
  "key",
  "auth",
  "session",
  "sessionid",
  "x-amz-signature",
  "x-amz-credential",
  "x-amz-security-token",
  "x-goog-signature",
  "x-goog-credential"
])

/** JSON body fields (and form fields) whose string value is a secret (compared lower-case). */
export const SECRET_BODY_FIELDS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "client_secret",
  "access_token",
  "refresh_token",
  "id_token",
  "api_key",
  "apikey",
  "secret"
])

/** Compared trimmed and lower-case: `authorization ` (a trailing space in an imported HAR) is Authorization. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase()
  if (NEVER_REDACTED_HEADERS.has(lower)) return false
  return SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_PATTERN.test(lower)
}

export function isSecretQueryParam(name: string): boolean {
  return SECRET_QUERY_PARAMS.has(name.toLowerCase())
}

/** A JSON body field: only the unambiguous names (`key` or `code` are too common in JSON to redact). */
export function isSecretJsonField(name: string): boolean {
  return SECRET_BODY_FIELDS.has(name.toLowerCase())
}

/** A form-encoded body field: the JSON names plus the query names (OAuth token requests post `code`). */
export function isSecretFormField(name: string): boolean {
  const lower = name.toLowerCase()
  return SECRET_BODY_FIELDS.has(lower) || SECRET_QUERY_PARAMS.has(lower)
}
