/**
 * URL pieces by string work: core has no URL global (tsconfig.core.json). Only what replay needs:
 * the origin (RFC 6454 §4: scheme, host, port; default ports dropped), the path, and one query parameter.
 * The URL is read as the browser's fetch() reads it (WHATWG URL), since that is where a replay goes:
 * `\\` is a path separator in http(s) URLs, tabs and newlines are dropped, and userinfo ends at the
 * authority's last `@`.
 */
import { queryParamName } from "../traffic/resource-key"
import { asBrowserReadsUrl } from "../traffic/uri"

const ABSOLUTE_URL = /^([a-z][a-z0-9+.-]*):\/\/(?:[^/?#]*@)?([^/?#]*)([^?#]*)(\?[^#]*)?(#[\s\S]*)?$/i
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443", ws: "80", wss: "443" }

interface UrlParts {
  readonly origin: string
  readonly path: string
  /** Query without the leading `?` ("" when absent). */
  readonly query: string
  readonly hash: string
  /** Everything before the query. */
  readonly base: string
}

export function splitUrl(url: string): UrlParts | undefined {
  const text = asBrowserReadsUrl(url)
  const match = ABSOLUTE_URL.exec(text)
  if (!match) return undefined
  const scheme = match[1].toLowerCase()
  const host = hostWithPort(scheme, match[2].toLowerCase())
  if (host === undefined) return undefined
  const path = match[3] === "" ? "/" : match[3]
  const base = text.slice(0, text.length - (match[4] ?? "").length - (match[5] ?? "").length)
  return { origin: `${scheme}://${host}`, path, query: (match[4] ?? "").slice(1), hash: match[5] ?? "", base }
}

/** `host[:port]` as an origin names it: an empty or default port dropped, `:0080` read as `:80`. */
function hostWithPort(scheme: string, hostAndPort: string): string | undefined {
  const portMatch = /:(\d*)$/.exec(hostAndPort)
  const host = portMatch ? hostAndPort.slice(0, portMatch.index) : hostAndPort
  if (host === "") return undefined
  if (!portMatch || portMatch[1] === "") return host
  const port = Number(portMatch[1])
  if (port > 65535) return undefined
  return DEFAULT_PORTS[scheme] === String(port) ? host : `${host}:${port}`
}

export function originOfUrl(url: string): string | undefined {
  return splitUrl(url)?.origin
}

/** Path and query: `/api/notes/1?rev=2`. */
export function pathAndQuery(url: string): string {
  const parts = splitUrl(url)
  if (!parts) return url
  return parts.path + (parts.query ? `?${parts.query}` : "")
}

export function hasQueryParam(url: string, name: string): boolean {
  const parts = splitUrl(url)
  if (!parts || parts.query === "") return false
  return parts.query.split("&").some((pair) => queryParamName(pair) === name)
}

/** Drops every `name=…` pair, keeping the other pairs byte for byte. */
export function withoutQueryParam(url: string, name: string): string {
  const parts = splitUrl(url)
  if (!parts) return url
  const kept =
    parts.query === "" ? [] : parts.query.split("&").filter((pair) => queryParamName(pair) !== name)
  return parts.base + (kept.length ? `?${kept.join("&")}` : "") + parts.hash
}

/** Sets `name=value` in place of the first existing pair (or appends it), dropping duplicates. */
export function withQueryParam(url: string, name: string, value: string): string {
  const parts = splitUrl(url)
  if (!parts) return url
  const pairs = parts.query === "" ? [] : parts.query.split("&")
  const encoded = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`
  const at = pairs.findIndex((pair) => queryParamName(pair) === name)
  const kept = pairs.filter((pair) => queryParamName(pair) !== name)
  if (at < 0) kept.push(encoded)
  else kept.splice(at, 0, encoded)
  return `${parts.base}?${kept.join("&")}${parts.hash}`
}
