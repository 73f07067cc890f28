/**
 * Header helpers for replay: which recorded headers page script may not set (Fetch standard,
 * "forbidden request-header"), and case-insensitive edits on a HAR-style header list.
 */
import { headerValues } from "../http/headers"
import type { Header, HeaderList } from "../model"
import type { OmittedHeader } from "./types"

/** The conditions a server evaluates before a write (RFC 9110 §13.2.2); the others are for GET and HEAD. */
export const WRITE_CONDITIONS = ["If-Match", "If-None-Match", "If-Unmodified-Since"] as const

/** Forbidden request-header names (Fetch standard §2.2.2), lower-case. */
const FORBIDDEN_NAMES = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "access-control-request-private-network",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via"
])

/** Prefixes the Fetch standard forbids (`Proxy-*`, `Sec-*`, `Access-Control-Request-*`). */
const FORBIDDEN_PREFIXES = ["proxy-", "sec-", "access-control-request-"]

/**
 * Headers the browsers record with a request although the browser, not the page's script, sent
 * them (Firefox adds `Priority`, RFC 9218). Sent again from script they are not CORS-safelisted, and
 * the original's preflight never asked the server to allow them: a cross-origin API would refuse
 * the replay. The replay's `cache: "no-store"` makes the browser send its own Cache-Control and Pragma.
 */
const BROWSER_DEFAULT_NAMES = new Set(["user-agent", "cache-control", "pragma", "priority"])

export const BROWSER_SETS_THIS = "the browser sets this itself"
const PSEUDO_HEADER = "HTTP/2 pseudo-header: the browser sets this itself"
const BROWSER_SENDS_ITS_OWN = "the browser sends its own (not set by the page)"

/** Why a replay from the page leaves a recorded header out, or undefined when it sends it. */
export function forbiddenReason(name: string): string | undefined {
  const lower = name.trim().toLowerCase()
  if (lower.startsWith(":")) return PSEUDO_HEADER
  if (FORBIDDEN_NAMES.has(lower)) return BROWSER_SETS_THIS
  if (FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix))) return BROWSER_SETS_THIS
  if (BROWSER_DEFAULT_NAMES.has(lower)) return BROWSER_SENDS_ITS_OWN
  return undefined
}

/** Splits recorded headers into those a page may send and those the browser controls. */
export function splitSendableHeaders(recorded: HeaderList): {
  sendable: Header[]
  omitted: OmittedHeader[]
} {
  const sendable: Header[] = []
  const omitted: OmittedHeader[] = []
  for (const header of recorded) {
    const reason = forbiddenReason(header.name)
    if (reason) omitted.push({ name: header.name, value: header.value, reason })
    else sendable.push({ name: header.name, value: header.value })
  }
  return { sendable, omitted }
}

/** The first line of a header (case-insensitive), as recorded: replay edits lines, it never joins them. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  return headerValues(headers, name)[0]
}

export function withoutHeader(headers: HeaderList, name: string): Header[] {
  const lower = name.toLowerCase()
  return headers.filter((header) => header.name.toLowerCase() !== lower)
}

/** Replaces every header of that name with one, keeping the first one's position (or appending). */
export function withHeader(headers: HeaderList, name: string, value: string): Header[] {
  const lower = name.toLowerCase()
  const at = headers.findIndex((header) => header.name.toLowerCase() === lower)
  const rest = withoutHeader(headers, name)
  const header = { name: at >= 0 ? headers[at].name : name, value }
  if (at < 0) return [...rest, header]
  return [...rest.slice(0, at), header, ...rest.slice(at)]
}
