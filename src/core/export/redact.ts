/**
 * Secrets redaction for everything ETag Lens exports (HAR, curl/fetch snippets, scenario tests).
 * By default credentials, cookies and signed-URL values become "[redacted]"; `includeSecrets: true`
 * keeps everything. Entity tags and conditional headers are never touched (secret-names.ts).
 * Pure string work: no URL global in core, and untouched parts of a URL keep their exact bytes.
 */
import type {
  HarCookie as Cookie,
  HarEntry as Entry,
  HarNameValue,
  HarPostData as PostData
} from "./har-types"

import type { Header } from "../model"
import { isSpecialScheme } from "../traffic/uri"
import {
  NEVER_REDACTED_HEADERS,
  REDACTED,
  REDACTED_IN_URL,
  isSecretFormField,
  isSecretHeaderName,
  isSecretJsonField,
  isSecretJsonListField,
  isSecretQueryParam
} from "./secret-names"

export interface RedactOptions {
  /** Keep secrets as recorded. Off by default: the user must opt in explicitly. */
  readonly includeSecrets?: boolean
}

/**
 * Headers whose whole value is one URL reference, absolute or relative: `Location` and
 * `Content-Location` (RFC 9110 §10.2.2, §8.7), `Referer` (§10.1.3), `Origin` (RFC 6454 §7), and
 * HTTP/2's `:path` (RFC 9113 §8.3.1), which repeats the request URL's path and query.
 */
const URL_HEADERS: ReadonlySet<string> = new Set([
  "location",
  "content-location",
  "referer",
  "origin",
  ":path"
])

/** Other headers named as holding one URL: `X-Upload-Url`, `X-Original-URL`, `X-Envoy-Original-Path`. */
const URL_HEADER_NAME = /(^|-)(url|uri|path|location)$/i

export function redactHeaders<H extends Header | HarNameValue>(
  headers: readonly H[],
  options: RedactOptions = {}
): H[] {
  if (options.includeSecrets) return [...headers]
  return headers.map((header) => {
    // Trimmed: an imported HAR can write `authorization ` with a space, which a lenient server or
    // proxy may still read as Authorization (RFC 9112 §5.1 forbids it; not everyone refuses it).
    const lower = header.name.trim().toLowerCase()
    // Name and value only: header lists are the capture's own objects, whose other fields (a HAR
    // `comment`) could repeat the secret.
    if (isSecretHeaderName(lower)) return { name: header.name, value: REDACTED } as H
    if (NEVER_REDACTED_HEADERS.has(lower)) return header
    // A value with CR/LF (an imported HAR's `one\r\nCookie: …`) reads as more header lines to a
    // consumer that splits it, and RFC 9110 §5.5 allows no CR/LF in a value: redact those lines too.
    const lines = /[\r\n]/.test(header.value) ? redactEmbeddedHeaderLines(header.value) : header.value
    const value = redactUrlsInHeaderValue(lower, lines)
    return value === header.value ? header : { ...header, value }
  })
}

/** A header value with the secrets of the URLs it holds redacted; relative references too. */
function redactUrlsInHeaderValue(lowerName: string, value: string): string {
  if (URL_HEADERS.has(lowerName) || URL_HEADER_NAME.test(lowerName)) return redactUrl(value)
  let redacted = value
  // `Link: </next?token=…>; rel="next"`: each target is a URI-reference in angle brackets (RFC 8288 §3).
  if (lowerName === "link")
    redacted = redactLinkAnchors(
      redacted.replace(/<([^>]*)>/g, (_link, url: string) => `<${redactUrl(url)}>`)
    )
  // `Refresh: 0; url=/next?token=…` (HTML's "refresh" pragma, which browsers also read as a header).
  if (lowerName === "refresh")
    redacted = redacted.replace(
      /^([^;,]*[;,]\s*(?:url\s*=\s*)?)(["']?)([^"']*)/i,
      (_refresh, delay: string, quote: string, url: string) => `${delay}${quote}${redactUrl(url)}`
    )
  // Absolute URLs inside any other value: `X-Upload-Info: https://…?sig=…`.
  return redacted.includes("://") ? redactUrlsInText(redacted) : redacted
}

/**
 * A Link's `anchor` parameter is a URI-reference too, the link's context (RFC 8288 §3.2), quoted or
 * not: `<…>; rel=alternate; anchor="/notes/1?token=…"`.
 */
function redactLinkAnchors(value: string): string {
  return value.replace(
    /(;\s*anchor\s*=\s*)(?:"([^"]*)"|([^\s;,"]+))/gi,
    (parameter, name: string, quoted: string | undefined, bare: string | undefined) => {
      const url = quoted ?? bare ?? ""
      const redacted = redactUrl(url)
      if (redacted === url) return parameter
      return quoted === undefined ? `${name}${redacted}` : `${name}"${redacted}"`
    }
  )
}

/**
 * `&` between pairs, or `\u0026`: a URL inside a JSON string, as Go's encoder writes it, keeps its
 * separators escaped; in HTML and XML text (an `href`, an S3 or Azure listing's `<Url>`) the `&` is
 * written `&amp;` (or `&#38;`, `&#x26;`), also inside JSON (`\u0026amp;`). The longer forms come
 * first; the capture group keeps each separator as it was.
 */
const PAIR_SEPARATOR = /(\\u0026amp;|\\u0026|&amp;|&#0*38;|&#x0*26;|&)/i

/**
 * Replace secret `name=value` pairs of an `a=1&b=2` string; names are matched after percent-decoding.
 * A value that is itself a URL (`?next=https%3A%2F%2F…%3Fsig%3D…`) has its own secrets redacted.
 */
function redactParamString(params: string, isSecret: (name: string) => boolean, replacement: string): string {
  return params
    .split(PAIR_SEPARATOR)
    .map((pair, at) => {
      const equals = at % 2 === 1 ? -1 : pair.indexOf("=")
      if (equals < 0) return pair
      const semicolonPairs = redactSemicolonPairs(pair, isSecret, replacement)
      if (semicolonPairs !== pair) return semicolonPairs
      const nested = redactNestedUrl(safeDecode(pair.slice(equals + 1)))
      return nested === undefined ? pair : `${pair.slice(0, equals)}=${encodeURIComponent(nested)}`
    })
    .join("")
}

/**
 * `a=1;token=x`: `;` separates pairs too, as HTML 4 (B.2.2) recommended and Java servlets, PHP
 * settings and older Python read them, and it separates a path segment's parameters
 * (`/cart;jsessionid=…`, RFC 3986 §3.3). From the first secret name on, the rest is redacted: a `;`
 * after a secret may be its own (`token=a;b`). Unchanged when no piece has a secret name.
 */
function redactSemicolonPairs(
  text: string,
  isSecret: (name: string) => boolean,
  replacement: string
): string {
  if (!text.includes(";")) {
    const equals = text.indexOf("=")
    return equals >= 0 && isSecret(safeDecode(text.slice(0, equals)))
      ? `${text.slice(0, equals)}=${replacement}`
      : text
  }
  const pieces = text.split(";")
  for (let at = 0; at < pieces.length; at++) {
    const equals = pieces[at].indexOf("=")
    if (equals >= 0 && isSecret(safeDecode(pieces[at].slice(0, equals))))
      return [...pieces.slice(0, at), `${pieces[at].slice(0, equals)}=${replacement}`].join(";")
  }
  return text
}

/**
 * A value holding URLs (a URL, or JSON listing presigned URLs): their secrets redacted, or undefined
 * when it has none.
 */
function redactNestedUrl(value: string): string | undefined {
  if (!value.includes("://")) return undefined
  const redacted = redactUrlsInText(value)
  return redacted === value ? undefined : redacted
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "))
  } catch {
    return text
  }
}

/** `https://user:pass@host/p?sig=x#access_token=y` → userinfo, secret query and fragment values redacted. */
export function redactUrl(url: string, options: RedactOptions = {}): string {
  if (options.includeSecrets) return url
  const hashAt = url.indexOf("#")
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt)
  const fragment = hashAt < 0 ? undefined : url.slice(hashAt + 1)
  const queryAt = beforeHash.indexOf("?")
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const query = queryAt < 0 ? undefined : beforeHash.slice(queryAt + 1)

  let result = withoutPathParameterSecrets(withoutUserinfo(base))
  if (query !== undefined) result += "?" + redactParamString(query, isSecretQueryParam, REDACTED_IN_URL)
  if (fragment !== undefined) result += "#" + redactParamString(fragment, isSecretQueryParam, REDACTED_IN_URL)
  return result
}

/** `scheme://` (also JSON-escaped `scheme:\/\/`), with the scheme captured. */
const SCHEME_AND_SLASHES = /^([a-z][a-z0-9+.-]*):(?:\/\/|\\\/\\\/)/i

/**
 * The part of a URL before its query with any userinfo redacted. Userinfo (RFC 3986 §3.2.1) is
 * deprecated for credentials; never export it. It ends at the last `@` of the authority, which ends
 * at the path's first `/` (or `\\` in an http(s) URL, as browsers read it): an unencoded `@` in a
 * password (`postgres://admin:S3cr@tPW@db…`) is still userinfo, and text after the host is not.
 */
function withoutUserinfo(base: string): string {
  const start = SCHEME_AND_SLASHES.exec(base)
  if (!start) return base
  const rest = base.slice(start[0].length)
  const authority = rest.slice(0, pathStart(base) - start[0].length)
  const userinfoEnd = authority.lastIndexOf("@")
  if (userinfoEnd < 0) return base
  return `${start[0]}${REDACTED_IN_URL}${rest.slice(userinfoEnd)}`
}

/** Where the path of a URL's part before the query starts: after the authority, or 0 for a relative reference. */
function pathStart(base: string): number {
  const start = SCHEME_AND_SLASHES.exec(base)
  if (!start) return 0
  const pathAt = base.slice(start[0].length).search(isSpecialScheme(start[1]) ? /[/\\]/ : /\//)
  return pathAt < 0 ? base.length : start[0].length + pathAt
}

/** Secret path parameters, a Java servlet's session above all: `/cart;jsessionid=…/items`. */
function withoutPathParameterSecrets(base: string): string {
  if (!base.includes(";")) return base
  const pathAt = pathStart(base)
  const segments = base
    .slice(pathAt)
    .split(/([/\\])/)
    .map((segment, at) =>
      at % 2 === 1 ? segment : redactSemicolonPairs(segment, isSecretQueryParam, REDACTED_IN_URL)
    )
  return base.slice(0, pathAt) + segments.join("")
}

/**
 * Redact every absolute URL inside free text (e.g. an exchange note "redirect to https://…?token=…"),
 * also one written inside a JSON string with its slashes escaped (`https:\/\/…`).
 */
export function redactUrlsInText(text: string, options: RedactOptions = {}): string {
  if (options.includeSecrets || !text.includes(":")) return text
  return text.replace(/\b[a-z][a-z0-9+.-]*:(?:\/\/|\\\/\\\/)[^\s"'<>]+/gi, (url) => redactUrl(url))
}

/** Redact secret fields of a request or response body, keeping its formatting (and its tag fields). */
export function redactBodyText(
  text: string,
  mimeType: string | undefined,
  options: RedactOptions = {}
): string {
  if (options.includeSecrets) return text
  const type = (mimeType ?? "").toLowerCase()
  if (type.includes("x-www-form-urlencoded"))
    return redactParamString(text, isSecretFormField, REDACTED_IN_URL)
  // Any body may hold signed URLs: an API's `{"uploadUrl": "https://…?X-Amz-Signature=…"}`, a page's links.
  const urlsRedacted = redactUrlsInText(text)
  const boundary = formDataBoundary(mimeType ?? "", text)
  if (boundary !== undefined) return redactJsonSecrets(redactFormDataFields(urlsRedacted, boundary))
  // A form sent as text/plain or with no type (`fetch(url, {body: "user=a&password=…"})`): the server
  // may read it as a form all the same. Not a body that declares another structure (JSON, XML).
  if (mayBeUntypedForm(type) && looksLikeForm(text)) {
    const end = urlsRedacted.search(/\s*$/)
    return (
      redactParamString(urlsRedacted.slice(0, end), isSecretFormField, REDACTED_IN_URL) +
      urlsRedacted.slice(end)
    )
  }
  // An OData batch carries whole HTTP messages: their header lines, and their JSON bodies.
  if (type.includes("multipart/mixed") || type.includes("application/http"))
    return redactJsonSecrets(redactEmbeddedHeaderLines(urlsRedacted))
  if (type.includes("json") || /^\s*[[{]/.test(text)) return redactJsonSecrets(urlsRedacted)
  if (type.includes("html")) return redactUrlAttributes(urlsRedacted)
  return urlsRedacted
}

/** No type, or one that says nothing of the structure: text/plain, application/octet-stream. */
function mayBeUntypedForm(type: string): boolean {
  const essence = type.split(";")[0].trim()
  return essence === "" || essence === "text/plain" || essence === "application/octet-stream"
}

/** Whitespace-free `name=value` pairs, not JSON, markup or a quoted string: `a=1&password=…`. */
function looksLikeForm(text: string): boolean {
  return /^[^\s=&{[<"']+=\S*$/.test(text.trim())
}

/**
 * The boundary of a multipart/form-data body: its media type's `boundary` (RFC 7578 §4.1, RFC 2046
 * §5.1.1), or, with none, the first line of a body that starts like one (`--…` then a form-data
 * part's Content-Disposition). Undefined for any other body.
 */
function formDataBoundary(mimeType: string, text: string): string | undefined {
  const declared = /boundary\s*=\s*(?:"([^"]+)"|([^\s;,]+))/i.exec(mimeType)
  const boundary = declared?.[1] ?? declared?.[2]
  if (/multipart\/form-data/i.test(mimeType) && boundary !== undefined && text.includes(`--${boundary}`))
    return boundary
  if (/multipart\/(?!form-data)/i.test(mimeType)) return undefined
  return /^--([^\r\n]+?)[ \t]*\r?\ncontent-disposition:[ \t]*form-data/i.exec(text)?.[1]
}

/** The values of secret-named fields of a multipart/form-data body; files too (a `private_key` upload). */
function redactFormDataFields(text: string, boundary: string): string {
  const delimiter = `--${boundary}`
  return text
    .split(delimiter)
    .map((part, at) => (at === 0 ? part : redactFormDataPart(part)))
    .join(delimiter)
}

/** One part, `\r\nContent-Disposition: form-data; name="password"\r\n\r\n<value>\r\n`. */
function redactFormDataPart(part: string): string {
  const headerEnd = /\r?\n\r?\n/.exec(part)
  if (!headerEnd) return part
  const disposition = /^content-disposition:[^\r\n]*/im.exec(part.slice(0, headerEnd.index))?.[0] ?? ""
  const name = /(?:^|[;:\s])name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))/i.exec(disposition)
  if (!name || !isSecretFormField(name[1] ?? name[2])) return part
  const valueStart = headerEnd.index + headerEnd[0].length
  // The line break before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1).
  const lineBreak = /\r?\n$/.exec(part)?.[0] ?? ""
  return `${part.slice(0, valueStart)}${REDACTED}${lineBreak}`
}

/** A page's `href`, `src`, `action`… values, whose links may be relative (`/download?token=…`). */
function redactUrlAttributes(html: string): string {
  return html.replace(
    /(\s(?:href|src|action|formaction|poster|cite|data|background)\s*=\s*)(["'])([^"']*)\2/gi,
    (attribute, name: string, quote: string, url: string) => {
      const redacted = redactUrl(url)
      return redacted === url ? attribute : `${name}${quote}${redacted}${quote}`
    }
  )
}

/**
 * "field": "value" (or a number: a PIN, a one-time code) pairs with a secret field name, at any
 * depth; other text is kept byte for byte. The name is read as JSON reads it, so an escaped one
 * (`"pass\u0077ord"`) is still `password`.
 */
function redactJsonSecrets(text: string): string {
  return text.replace(JSON_SECRET_CANDIDATE, (pair, field: string, colon: string, value: string) => {
    const name = jsonStringValue(field)
    if (!value.startsWith("[")) return isSecretJsonField(name) ? `"${field}"${colon}"${REDACTED}"` : pair
    // A list of secrets (`"tokens": ["…", "…"]`): each member redacted, the list's shape kept.
    if (!isSecretJsonListField(name)) return pair
    return `"${field}"${colon}${value.replace(JSON_SCALAR, `"${REDACTED}"`)}`
  })
}

/** A JSON string or number literal. */
const JSON_SCALAR = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g
/**
 * `"name": <string, number, or a list of them>`. List members must be comma-separated, so a long
 * run of digits cannot be split in many ways (no catastrophic backtracking).
 */
const JSON_SECRET_CANDIDATE = new RegExp(
  String.raw`"((?:[^"\\]|\\.)*)"(\s*:\s*)(${JSON_SCALAR.source}|\[\s*(?:(?:${JSON_SCALAR.source})\s*(?:,\s*(?:${JSON_SCALAR.source})\s*)*)?\])`,
  "g"
)

/** The text a JSON string literal's contents stand for; the contents themselves when not valid JSON. */
function jsonStringValue(contents: string): string {
  if (!contents.includes("\\")) return contents
  try {
    const value: unknown = JSON.parse(`"${contents}"`)
    return typeof value === "string" ? value : contents
  } catch {
    return contents
  }
}

/** `Authorization: Bearer …` lines of messages embedded in a body (a field name is a token, §5.1). */
function redactEmbeddedHeaderLines(text: string): string {
  return text.replace(
    /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(:[ \t]*)[^\r\n]*/gm,
    (line, name: string, colon: string) => (isSecretHeaderName(name) ? `${name}${colon}${REDACTED}` : line)
  )
}

function redactCookies(cookies: readonly Cookie[] | undefined): Cookie[] | undefined {
  return cookies?.map((cookie) => ({ ...cookie, value: REDACTED }))
}

function redactQueryString(query: readonly HarNameValue[] | undefined): HarNameValue[] | undefined {
  return query?.map((item) => {
    if (isSecretQueryParam(item.name)) return { ...item, value: REDACTED }
    // `?a=1;token=x` reads as one parameter `a` whose value holds the other pairs after its `;`.
    const semicolon = item.value.indexOf(";")
    if (semicolon >= 0) {
      const after = item.value.slice(semicolon + 1)
      const redacted = redactSemicolonPairs(after, isSecretQueryParam, REDACTED)
      if (redacted !== after) return { ...item, value: item.value.slice(0, semicolon + 1) + redacted }
    }
    const nested = redactNestedUrl(item.value)
    return nested === undefined ? item : { ...item, value: nested }
  })
}

function redactPostData(postData: PostData | undefined): PostData | undefined {
  if (!postData) return postData
  const params = postData.params?.map((param) =>
    isSecretFormField(param.name) ? { ...param, value: REDACTED } : param
  )
  const text = postData.text === undefined ? undefined : redactBodyText(postData.text, postData.mimeType)
  return { ...postData, ...(params ? { params } : {}), ...(text !== undefined ? { text } : {}) } as PostData
}

/** A redacted copy of a HAR entry (the input is not changed). Tags and conditional headers stay as they were. */
export function redactHarEntry(entry: Entry, options: RedactOptions = {}): Entry {
  if (options.includeSecrets) return entry
  const { request, response } = entry
  const content = response.content
  return {
    ...entry,
    request: {
      ...request,
      url: redactUrl(request.url),
      headers: redactHeaders(request.headers ?? []),
      cookies: redactCookies(request.cookies) ?? [],
      queryString: redactQueryString(request.queryString) ?? [],
      ...(request.postData ? { postData: redactPostData(request.postData) } : {})
    },
    response: {
      ...response,
      headers: redactHeaders(response.headers ?? []),
      cookies: redactCookies(response.cookies) ?? [],
      redirectURL: response.redirectURL ? redactUrl(response.redirectURL) : response.redirectURL,
      content:
        content && typeof content.text === "string" && content.encoding !== "base64"
          ? { ...content, text: redactBodyText(content.text, content.mimeType) }
          : content
    }
  }
}
