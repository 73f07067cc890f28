/**
 * Entity tags in a WebDAV Multi-Status answer (207, RFC 4918 §13): each `<response>` names a
 * resource by `<href>` and, in a `<propstat>` whose status is 2xx, its `getetag` property (§15.6),
 * which is the `ETag` a GET of that resource would answer. CalDAV and CardDAV clients learn tags
 * this way, by PROPFIND (Depth: 1) and REPORT (calendar-multiget, sync-collection), and never GET
 * the items before writing them with If-Match.
 *
 * The XML is scanned, not parsed: elements are matched by local name whatever their namespace prefix
 * (`<d:getetag>`, `<D:getetag>`, `<getetag xmlns="DAV:">`), and each scan moves forward only, so a
 * broken body costs one pass over its text.
 */
import { parseEntityTag } from "../http/entity-tag"
import { mediaTypeOf } from "../http/headers"
import type { BodyInfo, GoneItem, ItemTag, ObservedTag } from "../model"
import { sourceName } from "./json-body"
import { resolveReference } from "./uri"

/**
 * What a Multi-Status answer showed: the requested resource's own tag, its members' tags, and the
 * members it answered 404 (RFC 6578 §3.5: a sync-collection report lists removed members so).
 */
export interface MultistatusTags {
  readonly own?: ObservedTag
  readonly items: readonly (ItemTag | GoneItem)[]
}

const GETETAG_SOURCE = sourceName("multistatus", "getetag")

/**
 * The tags a 207 answer lists, each with the URL its `href` names (resolved against the request's);
 * undefined when the body is not a Multi-Status XML document.
 */
export function multistatusTags(requestUrl: string, body: BodyInfo | undefined): MultistatusTags | undefined {
  const text = body?.text
  if (text === undefined || !isXml(body?.mimeType) || !text.includes("multistatus")) return undefined
  let own: ObservedTag | undefined
  const items: (ItemTag | GoneItem)[] = []
  for (const response of elementContents(text, "response")) {
    const [href] = elementContents(response, "href", 1)
    const url = href === undefined ? undefined : resolveReference(decodeXmlText(href), requestUrl)
    if (url === undefined) continue
    const propstats = elementContents(response, "propstat")
    if (propstats.length === 0) {
      // Answered as a whole: 404 or 410 says the member is not there.
      if (answeredGone(response) && !sameResource(url, requestUrl)) items.push({ url, gone: true })
      continue
    }
    const etag = acceptedGetEtag(propstats)
    const tag = etag === undefined ? undefined : parseEntityTag(etag)
    if (tag === undefined) continue
    const observed = { tag, source: GETETAG_SOURCE }
    if (sameResource(url, requestUrl)) own ??= observed
    else items.push({ url, tag: observed })
  }
  return { own, items }
}

/** A `<response>` without propstat whose status is 404 or 410: the member is not there. */
function answeredGone(response: string): boolean {
  const [status] = elementContents(response, "status", 1)
  return status !== undefined && /^\s*HTTP\/\d(?:\.\d)?\s+(?:404|410)\b/.test(status)
}

/** `getetag` of the first propstat answered 2xx (a 404 propstat lists what is missing). */
function acceptedGetEtag(propstats: readonly string[]): string | undefined {
  for (const propstat of propstats) {
    const [status] = elementContents(propstat, "status", 1)
    if (status === undefined || !/^\s*HTTP\/\d(?:\.\d)?\s+2\d\d\b/.test(status)) continue
    const [etag] = elementContents(propstat, "getetag", 1)
    const value = etag === undefined ? "" : decodeXmlText(etag).trim()
    if (value !== "") return value
  }
  return undefined
}

/** A member listed with the collection's own URL, or the resource a Depth: 0 PROPFIND asked about. */
function sameResource(url: string, requestUrl: string): boolean {
  return withoutTrailingSlash(url) === withoutTrailingSlash(requestUrl.split("#")[0] ?? requestUrl)
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url
}

function isXml(mimeType: string | undefined): boolean {
  const type = mediaTypeOf(mimeType)
  return type === "application/xml" || type === "text/xml" || (type?.endsWith("+xml") ?? false)
}

type ElementName = "response" | "href" | "propstat" | "status" | "getetag"

/** One pair of patterns per element: never nested in itself, so a scan of one never restarts another's. */
const ELEMENT_PATTERNS = Object.fromEntries(
  (["response", "href", "propstat", "status", "getetag"] as const).map((name) => [
    name,
    {
      open: new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>`, "g"),
      close: new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, "g")
    }
  ])
) as Record<ElementName, { readonly open: RegExp; readonly close: RegExp }>

/**
 * The text inside each `<prefix:name …>…</prefix:name>` in order, at most `limit` of them; an
 * element left open ends the scan. Self-closing elements (`<d:getetag/>`) have no content.
 */
function elementContents(xml: string, localName: ElementName, limit = Number.POSITIVE_INFINITY): string[] {
  const { open, close } = ELEMENT_PATTERNS[localName]
  open.lastIndex = 0
  const found: string[] = []
  while (found.length < limit) {
    const opened = open.exec(xml)
    if (opened === null) break
    if (opened[0].endsWith("/>")) continue // self-closing: no content
    close.lastIndex = open.lastIndex
    const closed = close.exec(xml)
    if (closed === null) break
    found.push(xml.slice(open.lastIndex, closed.index))
    open.lastIndex = close.lastIndex
  }
  return found
}

const XML_ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" }

/** Character data as the XML says it: CDATA sections as they are, entities decoded elsewhere. */
function decodeXmlText(text: string): string {
  let decoded = ""
  let at = 0
  for (const section of text.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    decoded += decodeEntities(text.slice(at, section.index)) + (section[1] ?? "")
    at = section.index + section[0].length
  }
  return decoded + decodeEntities(text.slice(at))
}

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text
  return text.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(quot|amp|lt|gt|apos));/g,
    (whole, hex, decimal, named) => {
      if (named !== undefined) return XML_ENTITIES[named as string] ?? whole
      const code = Number.parseInt((hex ?? decimal) as string, hex === undefined ? 10 : 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
  )
}
