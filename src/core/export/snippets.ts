/**
 * "Copy as curl" and "Copy as fetch" for an exchange's request or a replay plan.
 * Secrets are redacted unless the caller opts in; the precondition can be replaced
 * (e.g. to copy a stale-tag replay). Pseudo-headers (`:authority`) and Content-Length
 * are left out: curl and fetch compute the length themselves.
 */
import { wireMethodOf } from "../http/methods"
import { headerValues, isHeaderNamed } from "../http/headers"
import type { Exchange, Header, HeaderList } from "../model"
import { redactBodyText, redactHeaders, redactUrl } from "./redact"
import { BROWSER_SETS_THIS, forbiddenReason } from "../replay/headers"

export interface SnippetRequest {
  readonly method: string
  readonly url: string
  readonly headers: HeaderList
  readonly body?: string
}

export interface SnippetOptions {
  readonly includeSecrets?: boolean
  /**
   * Replace the request's `If-Match` (RFC 9110 §13.1.1): a tag text (`"v1"`, `*`) to send,
   * or `null` to send none. Absent: keep what the request had.
   */
  readonly precondition?: string | null
}

/** A recorded exchange's request, as the snippets take it. */
export function snippetRequestOf(exchange: Exchange): SnippetRequest {
  const body = exchange.requestBody?.text
  return {
    method: wireMethodOf(exchange),
    url: exchange.url,
    headers: exchange.requestHeaders,
    ...(body === undefined ? {} : { body })
  }
}

/** Quote for POSIX shells: single quotes, an embedded `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

const SKIPPED_HEADERS: ReadonlySet<string> = new Set(["content-length", "host", "connection"])

/** The request as the snippet will send it: headers filtered, precondition applied, secrets redacted. */
export function prepareSnippetRequest(request: SnippetRequest, options: SnippetOptions = {}): SnippetRequest {
  let headers: Header[] = request.headers.filter(
    (header) => !header.name.startsWith(":") && !SKIPPED_HEADERS.has(header.name.toLowerCase())
  )
  if (options.precondition !== undefined) {
    headers = headers.filter((header) => !isHeaderNamed(header, "if-match"))
    if (options.precondition !== null) headers.push({ name: "If-Match", value: options.precondition })
  }
  const redactOptions = { includeSecrets: options.includeSecrets }
  return {
    method: request.method.toUpperCase(),
    url: redactUrl(request.url, redactOptions),
    headers: redactHeaders(headers, redactOptions).map(withoutControlCharacters),
    ...(request.body !== undefined
      ? {
          body: redactBodyText(request.body, headerValues(request.headers, "content-type")[0], redactOptions)
        }
      : {})
  }
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000A-\u001F\u007F]/g

/**
 * Control characters other than HTAB, CR/LF above all, cannot be in a field name or value (RFC 9110
 * §5.1, §5.5), so no real message carried them; an imported HAR can. Left in, `-H 'X-A: 1\r\nX-B: 2'`
 * makes curl send a second header, X-B (header injection), and fetch() throws. Each becomes a space.
 */
function withoutControlCharacters(header: Header): Header {
  const name = header.name.replace(CONTROL_CHARACTERS, " ").trim()
  const value = header.value.replace(CONTROL_CHARACTERS, " ")
  return name === header.name && value === header.value ? header : { name, value }
}

/** A one-command `curl` line (continued with `\` for readability). */
export function toCurl(request: SnippetRequest, options: SnippetOptions = {}): string {
  const prepared = prepareSnippetRequest(request, options)
  // --globoff: `[` and `{` in URLs are literal, not curl ranges.
  const parts = [`curl --globoff ${shellQuote(prepared.url)}`]
  // `-X HEAD` would make curl wait for a body the answer never has (RFC 9110 §9.3.2) until it
  // times out; --head sends HEAD and reads the header section only. A body has no place in a HEAD
  // and curl refuses --head with --data-raw, so a recorded one is left out.
  const head = prepared.method === "HEAD"
  const body = head ? undefined : prepared.body
  if (head) parts.push("--head")
  else if (prepared.method !== "GET" || body !== undefined) parts.push(`-X ${shellQuote(prepared.method)}`)
  for (const header of prepared.headers) parts.push(`-H ${shellQuote(curlHeader(header))}`)
  // The recorded Accept-Encoding is kept as sent: a server may tag each content coding's
  // representation apart (RFC 9110 §8.8.3; Apache's `-gzip` tags), so asking for another coding
  // could change the very tag being audited. --compressed makes curl decode what comes back instead
  // of printing gzip or brotli bytes (a curl built without a coding the server picks says so and
  // stops, rather than printing garbage).
  if (asksForContentCoding(prepared.headers)) parts.push("--compressed")
  if (body !== undefined) parts.push(`--data-raw ${shellQuote(body)}`)
  return parts.join(" \\\n  ")
}

/** curl drops a header given as `Name:` with no value; `Name;` is its way to send an empty one. */
function curlHeader(header: Header): string {
  return header.value.trim() === "" ? `${header.name};` : `${header.name}: ${header.value}`
}

/** Whether the request's Accept-Encoding (RFC 9110 §12.5.3) accepts any coding other than identity. */
function asksForContentCoding(headers: HeaderList): boolean {
  return headerValues(headers, "accept-encoding")
    .flatMap((value) => value.split(","))
    .some((member) => {
      const [coding, ...parameters] = member.split(";").map((part) => part.trim().toLowerCase())
      if (coding === "" || coding === "identity") return false
      const weight = parameters.find((parameter) => /^q\s*=/.test(parameter))
      return weight === undefined || Number(weight.replace(/^q\s*=\s*/, "")) > 0
    })
}

/** A `fetch(...)` call as JavaScript source (JSON string literals are valid JS literals). */
export function toFetch(request: SnippetRequest, options: SnippetOptions = {}): string {
  const prepared = prepareSnippetRequest(request, options)
  // A script cannot set a forbidden request-header (Fetch standard): fetch() drops it silently, so
  // the snippet leaves it out and says so. The page's cookies go with `credentials: "include"`.
  const browserSets = prepared.headers.filter((header) => forbiddenReason(header.name) === BROWSER_SETS_THIS)
  const sent = joinedByName(prepared.headers.filter((header) => !browserSets.includes(header)))
  const headerLines = sent.map(
    (header) => `    ${JSON.stringify(header.name)}: ${JSON.stringify(header.value)}`
  )
  const init = [`  method: ${JSON.stringify(prepared.method)}`]
  if (headerLines.length > 0) init.push(`  headers: {\n${headerLines.join(",\n")}\n  }`)
  // fetch() throws a TypeError for a GET or HEAD with a body (Fetch standard, new Request()): a
  // recorded one (an Elasticsearch search sent as GET) is left out, and the snippet says so.
  const bodyless = prepared.method === "GET" || prepared.method === "HEAD"
  if (prepared.body !== undefined && !bodyless) init.push(`  body: ${JSON.stringify(prepared.body)}`)
  if (browserSets.some((header) => isHeaderNamed(header, "cookie"))) init.push(`  credentials: "include"`)
  const notes: string[] = []
  if (browserSets.length > 0) {
    const names = [...new Set(browserSets.map((header) => header.name))].join(", ")
    notes.push(`// Left to the browser, which sets them itself: ${names}.`)
  }
  if (prepared.body !== undefined && bodyless)
    notes.push(`// The recorded ${prepared.method} body is left out: fetch() refuses a body on GET and HEAD.`)
  const call = `await fetch(${JSON.stringify(prepared.url)}, {\n${init.join(",\n")}\n})`
  return [...notes, call].join("\n")
}

/**
 * One header per name, repeated lines joined with ", " (RFC 9110 §5.3): an object literal keeps only
 * the last value of a name.
 */
function joinedByName(headers: readonly Header[]): Header[] {
  const byName = new Map<string, Header>()
  for (const header of headers) {
    const key = header.name.toLowerCase()
    const earlier = byName.get(key)
    byName.set(
      key,
      earlier === undefined ? header : { name: earlier.name, value: `${earlier.value}, ${header.value}` }
    )
  }
  return [...byName.values()]
}
