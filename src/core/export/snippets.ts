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
    headers: redactHeaders(headers, redactOptions),
    ...(request.body !== undefined
      ? {
          body: redactBodyText(request.body, headerValues(request.headers, "content-type")[0], redactOptions)
        }
      : {})
  }
}

/** A one-command `curl` line (continued with `\` for readability). */
export function toCurl(request: SnippetRequest, options: SnippetOptions = {}): string {
  const prepared = prepareSnippetRequest(request, options)
  // --globoff: `[` and `{` in URLs are literal, not curl ranges.
  const parts = [`curl --globoff ${shellQuote(prepared.url)}`]
  if (prepared.method !== "GET" || prepared.body !== undefined)
    parts.push(`-X ${shellQuote(prepared.method)}`)
  for (const header of prepared.headers) parts.push(`-H ${shellQuote(`${header.name}: ${header.value}`)}`)
  if (prepared.body !== undefined) parts.push(`--data-raw ${shellQuote(prepared.body)}`)
  return parts.join(" \\\n  ")
}

/** A `fetch(...)` call as JavaScript source (JSON string literals are valid JS literals). */
export function toFetch(request: SnippetRequest, options: SnippetOptions = {}): string {
  const prepared = prepareSnippetRequest(request, options)
  const headerLines = prepared.headers.map(
    (header) => `    ${JSON.stringify(header.name)}: ${JSON.stringify(header.value)}`
  )
  const init = [`  method: ${JSON.stringify(prepared.method)}`]
  if (headerLines.length > 0) init.push(`  headers: {\n${headerLines.join(",\n")}\n  }`)
  if (prepared.body !== undefined) init.push(`  body: ${JSON.stringify(prepared.body)}`)
  return `await fetch(${JSON.stringify(prepared.url)}, {\n${init.join(",\n")}\n})`
}
