/**
 * Which header names, query parameters and body fields carry secrets.
 * One documented list (docs/export.md repeats it); redact.ts applies it.
 */
import { wordsOf } from "../name-words"

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

/**
 * Any other header whose name has one of these words as a dash-separated part is treated as a secret
 * too: `X-Auth` and `X-Auth-Key` (Cloudflare's key), `X-JWT-Assertion` (WSO2's end-user JWT),
 * `X-Client-Credentials`, `X-Hub-Signature-256`.
 */
export const SECRET_HEADER_PATTERN =
  /(^|-)(api-?key|token|secret|session|password|passwd|signature|auth|jwt|assertion|credentials?)($|-)/i

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
 * Query parameters named one by one (compared as below, so `X-Amz-Signature`, `x_amz_signature` and
 * `xAmzSignature` are one name). The rules after this list catch the rest of each family.
 * Kept on purpose: Azure SAS `sv` (service version), `se`/`st` (expiry/start times), `sp`
 * (permissions), `sr`/`spr`: they describe the grant and cannot be replayed without `sig`.
 * Kept too: `rev` and other version parameters (they are the concurrency data).
 */
export const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set([
  "sig",
  "signature",
  "token",
  "access_token",
  "access-token",
  "auth_token",
  "id_token",
  "refresh_token",
  "code",
  "client_secret",
  "client_assertion",
  "jwt",
  "password",
  "passwd",
  "api_key",
  "apikey",
  "api-key",
  "key",
  "auth",
  "session",
  "sessionid",
  "jsessionid",
  "sid",
  "pass",
  "x-amz-signature",
  "x-amz-credential",
  "x-amz-security-token",
  "x-goog-signature",
  "x-goog-credential"
])

/** JSON body fields (and form fields) named one by one; the rules below catch the rest. */
export const SECRET_BODY_FIELDS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "client_secret",
  "access_token",
  "refresh_token",
  "id_token",
  "session_token",
  "authToken",
  "token",
  "api_key",
  "apiKey",
  "secret"
])

/**
 * Whole names (in compact form, below) that are a credential wherever they appear. `pin`, `otp`:
 * one-time and PIN codes; `code_verifier`: PKCE's secret (RFC 7636 §4.1); `id_token_hint`: a whole
 * ID token (OpenID Connect RP-Initiated Logout §2); `SAMLResponse`: a signed assertion.
 */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  "sig",
  "jwt",
  "pwd",
  "pin",
  "otp",
  "totp",
  "authorization",
  "codeverifier",
  "idtokenhint",
  "samlresponse",
  "authcode",
  "authorizationcode",
  "devicecode",
  "mfacode",
  "otpcode",
  "verificationcode",
  "recoverycode",
  "backupcode"
])

/**
 * A name ending with one of these (compact form) is a credential: `auth_token`, `nextPageToken`,
 * `csrfmiddlewaretoken`, `client_secret`, `X-Amz-Signature`, `client_assertion`, `jsessionid`,
 * `x-goog-api-key`. Anything named *token* is redacted, pagination tokens (`page_token`,
 * `continuationToken`) too: they are opaque, and some carry signed state; a redacted export then
 * cannot tell one page of a list from the next. `token_type`, `tokenizer`, `max_tokens` do not end
 * with `token` and are kept. A key is a credential only with a word that says so: `api_key`,
 * `secretKey`, `private_key`; `partition_key`, `idempotency_key`, `public_key` are kept.
 */
const CREDENTIAL_ENDINGS: readonly string[] = [
  "token",
  "secret",
  "signature",
  "sig",
  "jwt",
  "assertion",
  "credential",
  "credentials",
  "sessionid",
  "sessid",
  "apikey",
  "accesskey",
  "secretkey",
  "privatekey",
  "signingkey",
  "subscriptionkey",
  "clientkey",
  "authkey",
  "sessionkey",
  "masterkey",
  "accountkey",
  "functionkey",
  "functionskey",
  "encryptionkey",
  "sharedkey"
]

/** URL and form names may also end with `session` (`user_session=…`); JSON's `session` is too often a word. */
const URL_CREDENTIAL_ENDINGS: readonly string[] = [...CREDENTIAL_ENDINGS, "session"]

/**
 * Names with one of these words are the concurrency data ETag Lens is about, never a secret, even
 * when they end like one: EF Core's `ConcurrencyToken`, `versionToken`, `etag_sig`.
 */
const VERSION_WORDS: ReadonlySet<string> = new Set(["etag", "version", "revision", "rev", "concurrency"])

/** A word that is a password or a secret on its own: `new_password`, `password2`, `SecretString`, `clientsecret`. */
function isCredentialWord(word: string): boolean {
  return /pass(?:word|wd|phrase)/.test(word) || /secrets?$/.test(word) || word === "pwd"
}

/** Listed names in the compact form the rules compare (`X-Amz-Signature` → `xamzsignature`). */
function compactNames(names: Iterable<string>): ReadonlySet<string> {
  return new Set([...names].map((name) => wordsOf(name).join("")))
}

/**
 * Names listed for JSON bodies; URLs and forms add the query names, among them the short ones too
 * common in JSON to redact there (`{"key": "title"}`, `{"code": "DE"}`).
 */
const JSON_NAMES = compactNames(SECRET_BODY_FIELDS)
const URL_AND_FORM_NAMES = compactNames([...SECRET_QUERY_PARAMS, ...SECRET_BODY_FIELDS])

/**
 * Whether a query, form or JSON name holds a credential. Compared by words, so case, `-`, `_`,
 * `.`, camelCase and surrounding spaces do not matter (`access-token` = `accessToken` =
 * `ACCESS_TOKEN`). A bracketed or dotted name is judged whole and by its last part: `sig[]`,
 * `user[password]`, `auth.token`, `data[key]` in a URL, `credentials[0]`.
 */
function isSecretName(name: string, listed: ReadonlySet<string>, endings: readonly string[]): boolean {
  const words = wordsOf(name)
  if (words.some((word) => VERSION_WORDS.has(word))) return false
  const parts = name.split(/[[\].]/).filter((part) => wordsOf(part).some((word) => !/^\d+$/.test(word)))
  const lastPart = parts.length > 0 ? wordsOf(parts[parts.length - 1]) : []
  return [words, lastPart].some((candidate) => {
    const compact = candidate.join("")
    return (
      compact !== "" &&
      (listed.has(compact) ||
        CREDENTIAL_NAMES.has(compact) ||
        endings.some((end) => compact.endsWith(end)) ||
        candidate.some(isCredentialWord))
    )
  })
}

/** Compared trimmed and lower-case: `authorization ` (a trailing space in an imported HAR) is Authorization. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase()
  if (NEVER_REDACTED_HEADERS.has(lower)) return false
  return SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_PATTERN.test(lower)
}

export function isSecretQueryParam(name: string): boolean {
  return isSecretName(name, URL_AND_FORM_NAMES, URL_CREDENTIAL_ENDINGS)
}

/** A JSON body field: the rules without the short URL names (`key` or `code` are too common in JSON to redact). */
export function isSecretJsonField(name: string): boolean {
  return isSecretName(name, JSON_NAMES, CREDENTIAL_ENDINGS)
}

/**
 * A JSON field whose value is a list: named as a field, or as the plural of one (`"tokens": […]`,
 * `"apiKeys": […]`). Only for lists: a number named `max_tokens` is a count, not a token.
 */
export function isSecretJsonListField(name: string): boolean {
  return (
    isSecretJsonField(name) || (/[^s]s$/i.test(name.trim()) && isSecretJsonField(name.trim().slice(0, -1)))
  )
}

/** A form-encoded (or multipart) body field: as a query parameter (OAuth token requests post `code`). */
export function isSecretFormField(name: string): boolean {
  return isSecretQueryParam(name)
}
