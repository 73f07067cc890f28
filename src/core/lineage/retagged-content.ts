/**
 * A read that shows the content the resource was last shown with (by a read, or by the write that
 * made the version) under another strong tag, with nothing written in between: the tag changed
 * although the representation did not (RFC 9110 §8.8.1 wants a strong validator to change with the
 * representation data). Servers behind a load balancer whose nodes tag differently do this (IIS
 * farms, Apache's inode-based tags). Lineage then keeps one version known by both tags, and the rule
 * tag-changed-without-write reports it.
 *
 * Also a read of another representation of that version (another media type, a query that embeds
 * more, or another user's where the answer varies by `Authorization` or a session cookie), whose
 * tag may rightly differ (§8.8.3): one version too, and nothing to report.
 */
import { continuedKey, type RenewedSessions } from "./session-renewals"
import { requestUser } from "../http/authorization"
import { headerNameList, headerValue, mediaTypeOf } from "../http/headers"
import { NONE, type Exchange, type HeaderList, type ObservedTag } from "../model"
import { isDateVersion } from "./date-versions"
import { bodyFieldOf } from "../traffic/tag-sources"
import { isRevisionSource } from "./version-match"
import type { ShownContent } from "./resource-history"
import type { ResourceState } from "./resource-state"
import { comparableText, sameContent, sameDataWherePresent } from "./same-content"

/** Representation metadata that may rightly give the same content another tag (§8.3–§8.5, §8.8.1). */
const VARIANT_HEADERS = ["content-encoding", "content-language"] as const

/** The media type without parameters (§8.3.1): a PUT's `application/json` is a GET's `…; charset=utf-8`. */
function mediaType(headers: HeaderList): string | undefined {
  return mediaTypeOf(headerValue(headers, "content-type"))
}

/** The request headers an answer's `Vary` names, lower case (§12.5.5); none without one. */
function variedBy(exchange: Exchange): readonly string[] {
  const vary = headerValue(exchange.responseHeaders, "vary")
  return vary === undefined ? NONE : headerNameList(vary.toLowerCase())
}

/** `Vary` names this request header, or `*` (every one). */
function varies(varied: readonly string[], requestHeader: string): boolean {
  return varied.includes(requestHeader) || varied.includes("*")
}

function sameVariant(a: HeaderList, b: HeaderList): boolean {
  if (mediaType(a) !== mediaType(b)) return false
  for (const name of VARIANT_HEADERS) {
    if (headerValue(a, name)?.toLowerCase() !== headerValue(b, name)?.toLowerCase()) return false
  }
  return true
}

function isStrongEntityTag(tag: ObservedTag): boolean {
  return !tag.tag.weak && !isDateVersion(tag)
}

/**
 * What last showed the resource, when this 2xx GET (showing `tags`, header first) shows the same
 * content under a different strong tag from the same source, with no 2xx write, create or delete
 * since. Undefined otherwise; cheap checks first, the content last (most reads keep their tag).
 */
export function retaggedSince(
  state: ResourceState,
  exchange: Exchange,
  tags: readonly ObservedTag[]
): ShownContent | undefined {
  const last = shownUnchangedUnderOtherTag(state, tags)
  if (last === undefined || !isStrongEntityTag(tags[0]) || !isStrongEntityTag(last.tag)) return undefined
  const text = comparableText(exchange.responseBody?.text)
  if (text === undefined || last.text === undefined) return undefined
  if (!sameVariant(last.headers, exchange.responseHeaders)) return undefined
  // Another user's representation may rightly carry its own tag (otherRepresentationSince).
  if (userVariant(exchange, last, variedBy(exchange), state.renewedSessions) !== undefined) return undefined
  return sameContent(last.text, text) ? last : undefined
}

/**
 * What last showed the resource, when `tags` (header first) name it otherwise, from the same source,
 * and no 2xx write, create or delete came since: the read may show the same version.
 */
function shownUnchangedUnderOtherTag(
  state: ResourceState,
  tags: readonly ObservedTag[]
): ShownContent | undefined {
  const last = state.lastShown
  const tag = tags[0]
  if (last === undefined || tag === undefined || tag.tag.opaque === last.tag.tag.opaque) return undefined
  if (tag.source !== last.tag.source) return undefined
  // The write that made the shown version is the last change itself; anything later is another.
  if (state.lastChangeBy !== undefined && state.lastChangeBy > last.exchangeId) return undefined
  return last
}

/**
 * The representation header that tells negotiated variants apart, per request header a `Vary` may
 * name (RFC 9110 §12.5.5): the media type for `Accept`, the coding, the language.
 */
const NEGOTIATED: readonly (readonly [string, (headers: HeaderList) => string | undefined])[] = [
  ["accept", mediaType],
  ["accept-encoding", (headers) => headerValue(headers, "content-encoding")?.trim().toLowerCase()],
  ["accept-language", (headers) => headerValue(headers, "content-language")?.trim().toLowerCase()]
]

/**
 * What last showed the resource, when this 2xx GET shows another representation of that version: an
 * entity tag names a selected representation (RFC 9110 §8.8.3), so the same version may be tagged
 * once per representation. Three ways to ask for another one:
 * - content negotiation, with a `Vary` that names what the two answers differ in (media type, coding
 *   or language): the Community Solid Server tags the Turtle and the JSON-LD of one version apart;
 * - query parameters the resource's identity ignores, when the two requests name different ones
 *   (`?_embed=comments`, `$expand`, `include`) and the two bodies show the same data where both
 *   have it: Express tags each answer by its own body. Only the names count, so a cache-busting
 *   `?_=…` whose value changes on every read is no new representation; and a changed field means
 *   someone wrote in between;
 * - another user, with a `Vary` that names `Authorization`, or `Cookie` for users told apart by their
 *   session cookie (userVariant).
 * Each takes nothing written since, the same `Last-Modified` where both say one, and no revision in
 * the body (a CouchDB `_rev` names its version by itself). Lineage then keeps one version known by
 * both tags, so an If-Match with either is current; nothing is reported. `representation` says how
 * the lineage names it: the media type, coding or language, `for another user` (a view names the
 * user by the read, ObservedTag.representedFor), else the query (`?_embed`); `forUser` says it was
 * the user (the server's `tags-per-user` trait).
 */
export function otherRepresentationSince(
  state: ResourceState,
  exchange: Exchange,
  tags: readonly ObservedTag[]
): { readonly shown: ShownContent; readonly representation: string; readonly forUser: boolean } | undefined {
  const last = shownUnchangedUnderOtherTag(state, tags)
  if (last === undefined || isRevisionSource(tags[0].source)) return undefined
  const varied = variedBy(exchange)
  const negotiated = negotiatedVariant(exchange, last, varied)
  const user =
    negotiated === undefined ? userVariant(exchange, last, varied, state.renewedSessions) : undefined
  let representation = negotiated ?? user
  if (representation === undefined) {
    const names = queryNames(exchange.url)
    if (names === queryNames(last.url)) return undefined
    // Asked with other parameters: the same data, embedded in more or narrowed to less, else a change.
    const text = comparableText(exchange.responseBody?.text)
    const tagField = bodyFieldOf(tags[0].source)
    if (text === undefined || last.text === undefined || !sameDataWherePresent(last.text, text, tagField))
      return undefined
    representation = names === "" ? "without a query" : `?${names}`
  }
  const modified = headerValue(exchange.responseHeaders, "last-modified")
  const modifiedBefore = headerValue(last.headers, "last-modified")
  const redated =
    modified !== undefined && modifiedBefore !== undefined && modified.trim() !== modifiedBefore.trim()
  return redated ? undefined : { shown: last, representation, forUser: user !== undefined }
}

/** What tells this answer's representation apart by negotiation (its media type, coding or language). */
function negotiatedVariant(
  exchange: Exchange,
  last: ShownContent,
  varied: readonly string[]
): string | undefined {
  for (const [requestHeader, variant] of NEGOTIATED) {
    if (!varies(varied, requestHeader)) continue
    const value = variant(exchange.responseHeaders)
    if (value !== variant(last.headers)) return value ?? "identity"
  }
  return undefined
}

/**
 * Whose representation this answer is, when it varies by user and another user asked for the last
 * one: `Vary: Authorization` (or `*`) says the server selects the representation by credentials
 * (§12.5.5), so two users may see one version under two tags (their own permissions, fields, …);
 * `Vary: Cookie` says so for users told apart by their session cookie. Users are told apart as
 * conflict refusals do (http/authorization.ts).
 */
function userVariant(
  exchange: Exchange,
  last: ShownContent,
  varied: readonly string[],
  renewed: RenewedSessions
): string | undefined {
  if (!varies(varied, "authorization") && !varies(varied, "cookie")) return undefined
  const theirs = requestUser(last.requestHeaders)
  const ours = requestUser(exchange.requestHeaders)
  if (theirs === undefined || ours === undefined) return undefined
  // A session the server renewed is its first session's user (session-renewals.ts).
  if (continuedKey(ours.key, renewed) === continuedKey(theirs.key, renewed)) return undefined
  return varies(varied, ours.via) && varies(varied, theirs.via) ? ANOTHER_USER : undefined
}

const ANOTHER_USER = "for another user"

/** The names of a URL's query parameters, sorted and each once (`_embed&page`); "" without a query. */
function queryNames(url: string): string {
  const start = url.indexOf("?")
  if (start === -1) return ""
  const end = url.indexOf("#", start)
  const query = url.slice(start + 1, end === -1 ? undefined : end)
  const names = new Set<string>()
  for (const pair of query.split("&")) {
    if (pair === "") continue
    const equals = pair.indexOf("=")
    names.add(equals === -1 ? pair : pair.slice(0, equals))
  }
  return [...names].sort().join("&")
}

/**
 * The content a 2xx write showed for the version it made: its answer's body when it has one (what
 * the server says the resource now is), else the body a PUT sent (the whole representation, §9.3.4).
 */
export function writtenContent(exchange: Exchange): { text?: string; headers: HeaderList } {
  const answered = comparableText(exchange.responseBody?.text)
  if (answered !== undefined) return { text: answered, headers: exchange.responseHeaders }
  if (exchange.method !== "PUT") return { headers: exchange.responseHeaders }
  return { text: comparableText(exchange.requestBody?.text), headers: exchange.requestHeaders }
}

/**
 * Keep what showed the resource (`text` and the headers of the message that carried it), for the next
 * read to compare with. Arguments, not an object: this runs for every read. Most reads show the tag
 * the last one did: the record is then refilled in place (a retagged read always gets a new one, so the
 * record `retaggedSince` returned stays as it was).
 */
export function noteShown(
  state: ResourceState,
  exchange: Exchange,
  versionIndex: number,
  tag: ObservedTag,
  text: string | undefined,
  headers: HeaderList
): void {
  const last = state.lastShown
  if (last !== undefined && last.versionIndex === versionIndex && last.tag.tag.opaque === tag.tag.opaque) {
    last.exchangeId = exchange.id
    last.method = exchange.method
    last.tag = tag
    last.text = text
    last.headers = headers
    last.url = exchange.url
    last.requestHeaders = exchange.requestHeaders
    return
  }
  state.lastShown = {
    exchangeId: exchange.id,
    method: exchange.method,
    versionIndex,
    tag,
    text,
    headers,
    url: exchange.url,
    requestHeaders: exchange.requestHeaders
  }
}
