/**
 * A small RFC 3986 URI toolkit in pure TypeScript (the core has no `URL` global by design):
 * split (Appendix B), remove_dot_segments (§5.2.4), resolution of references (§5.2.2),
 * and the syntax-based normalization of §6.2.2.
 */

export interface UriParts {
  readonly scheme?: string
  /** `user@host:port` without the leading `//`; undefined when the URI has no authority. */
  readonly authority?: string
  readonly path: string
  readonly query?: string
  readonly fragment?: string
}

export interface Authority {
  readonly host: string
  readonly port?: string
}

/**
 * The schemes the WHATWG URL standard calls special: browsers read their URLs with extra rules
 * (a `\\` is a path separator, like `/`). RFC 3986 has no such rule.
 */
const SPECIAL_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "ws", "wss", "ftp", "file"])

export function isSpecialScheme(scheme: string): boolean {
  return SPECIAL_SCHEMES.has(scheme.toLowerCase())
}

/** C0 controls and space: what a browser trims from both ends of a URL. */
function isControlOrSpace(char: string): boolean {
  return char.charCodeAt(0) <= 0x20
}

/**
 * The URL text as a browser reads it before splitting it (WHATWG URL's basic URL parser): C0
 * controls and spaces trimmed from both ends, every tab and newline removed, and in a special
 * scheme's URL each `\\` before the query read as `/`. RFC 3986 has none of these rules: without
 * them `https://a.example\\@b.example/` is b.example to a string split, and a.example to fetch().
 */
export function asBrowserReadsUrl(text: string): string {
  // The usual URL: nothing to trim, drop or rewrite (one scan instead of several).
  if (
    text !== "" &&
    !isControlOrSpace(text[0]) &&
    !isControlOrSpace(text[text.length - 1]) &&
    !BROWSER_REWRITES.test(text)
  )
    return text
  let start = 0
  let end = text.length
  while (start < end && isControlOrSpace(text[start])) start++
  while (end > start && isControlOrSpace(text[end - 1])) end--
  const cleaned = text.slice(start, end).replace(/[\t\n\r]/g, "")
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cleaned)?.[1]
  if (scheme === undefined || !isSpecialScheme(scheme)) return cleaned
  const queryAt = cleaned.search(/[?#]/)
  if (queryAt < 0) return cleaned.replace(/\\/g, "/")
  return cleaned.slice(0, queryAt).replace(/\\/g, "/") + cleaned.slice(queryAt)
}

/** What the WHATWG URL parser drops (tab, newline) or rewrites (`\\` in a special URL's path). */
const BROWSER_REWRITES = /[\t\n\r\\]/

/** RFC 3986 Appendix B: this regular expression splits any string, so it never fails. */
const URI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#([\s\S]*))?$/
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/

/** Split a URI reference into its five components; a scheme that is not valid syntax is not a scheme. */
export function splitUri(text: string): UriParts {
  const match = URI_PARTS.exec(text)
  if (!match) return { path: text }
  const [, scheme, authority, path = "", query, fragment] = match
  if (scheme !== undefined && !SCHEME.test(scheme)) return { path: text }
  return { scheme, authority, path, query, fragment }
}

/** Host and port of an authority, without userinfo (which may carry secrets). */
export function splitAuthority(authority: string): Authority | undefined {
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1)
  if (hostAndPort.startsWith("[")) {
    const close = hostAndPort.indexOf("]")
    if (close === -1) return undefined
    const rest = hostAndPort.slice(close + 1)
    if (rest !== "" && !rest.startsWith(":")) return undefined
    const port = rest.slice(1)
    return { host: hostAndPort.slice(0, close + 1), ...(port !== "" && { port }) }
  }
  const colon = hostAndPort.lastIndexOf(":")
  if (colon === -1) return { host: hostAndPort }
  const port = hostAndPort.slice(colon + 1)
  return { host: hostAndPort.slice(0, colon), ...(port !== "" && { port }) }
}

/** §5.2.4 remove_dot_segments, segment by segment. */
export function removeDotSegments(path: string): string {
  const segments = path.split("/")
  const output: string[] = []
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === "." || segment === "..") {
      if (segment === ".." && output.length > 1) output.pop()
      if (last) output.push("")
      return
    }
    output.push(segment)
  })
  return output.join("/")
}

/** §5.3 recomposition. */
export function joinUri(parts: UriParts): string {
  let text = ""
  if (parts.scheme !== undefined) text += `${parts.scheme}:`
  if (parts.authority !== undefined) text += `//${parts.authority}`
  text += parts.path
  if (parts.query !== undefined) text += `?${parts.query}`
  if (parts.fragment !== undefined) text += `#${parts.fragment}`
  return text
}

function mergePaths(base: UriParts, relativePath: string): string {
  if (base.authority !== undefined && base.path === "") return `/${relativePath}`
  return base.path.slice(0, base.path.lastIndexOf("/") + 1) + relativePath
}

/**
 * §5.2.2: resolve a reference (e.g. a relative `Location`) against an absolute base.
 * Undefined when the reference is empty or the base has no scheme.
 */
export function resolveReference(ref: string, base: string): string | undefined {
  const trimmed = ref.trim()
  if (trimmed === "") return undefined
  const reference = splitUri(trimmed)
  if (reference.scheme !== undefined)
    return joinUri({ ...reference, path: removeDotSegments(reference.path) })
  const baseParts = splitUri(base.trim())
  if (baseParts.scheme === undefined) return undefined
  const resolved: UriParts =
    reference.authority !== undefined
      ? { ...reference, path: removeDotSegments(reference.path) }
      : reference.path === ""
        ? { authority: baseParts.authority, path: baseParts.path, query: reference.query ?? baseParts.query }
        : {
            authority: baseParts.authority,
            path: removeDotSegments(
              reference.path.startsWith("/") ? reference.path : mergePaths(baseParts, reference.path)
            ),
            query: reference.query
          }
  return joinUri({ ...resolved, scheme: baseParts.scheme, fragment: reference.fragment })
}

const UNRESERVED = /[A-Za-z0-9\-._~]/

/** Runs of characters outside ASCII, which a URI holds only percent-encoded (RFC 3986 §2.1, §2.5). */
const NON_ASCII_RUNS = /[\u0080-\uFFFF]+/g
const HAS_NON_ASCII = /[\u0080-\uFFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * A run of non-ASCII characters as UTF-8 percent-encoding, as a browser sends `/notes/café`
 * (WHATWG URL); a lone surrogate, which has no UTF-8 form, as U+FFFD's.
 */
function percentEncodeRun(run: string): string {
  try {
    return encodeURIComponent(run)
  } catch {
    return encodeURIComponent(run.replace(LONE_SURROGATE, "\uFFFD"))
  }
}

/**
 * §6.2.2.1–2: upper-case percent-encoding hex digits and decode unreserved characters; non-ASCII
 * characters encoded first, so `/notes/café` (a tool writing the URL raw, a raw `Location`) names
 * the resource `/notes/caf%C3%A9` does.
 */
export function normalizePercentEncoding(raw: string): string {
  const text = HAS_NON_ASCII.test(raw) ? raw.replace(NON_ASCII_RUNS, percentEncodeRun) : raw
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`
  })
}

/** The text without trailing slashes (a loop: `/\/+$/` is quadratic on long runs of slashes). */
export function trimTrailingSlashes(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--
  return text.slice(0, end)
}

/**
 * A name or value of a query's or form body's `name=value` pairs (application/x-www-form-urlencoded):
 * `+` is a space, then percent-decoded, leniently.
 */
export function decodeFormComponent(text: string): string {
  return safeDecodeComponent(text.replace(/\+/g, " "))
}

/** decodeURIComponent that returns the input instead of throwing on a broken escape. */
export function safeDecodeComponent(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
