/**
 * Entity tags (RFC 9110 §8.8.3):
 *   entity-tag = [ weak ] opaque-tag ; weak = %s"W/" ; opaque-tag = DQUOTE *etagc DQUOTE
 *   etagc = %x21 / %x23-7E / obs-text
 * Real servers bend this (unquoted CouchDB revs, `w/`, spaces, URL-encoded tags in bodies),
 * so parsing is lenient and says how in `lenient`; comparison follows §8.8.3.2 exactly.
 */
import type { EntityTag } from "../model"

/** Every character of an opaque tag is etagc (obs-text read as any code unit ≥ 0x80). */
const ETAGC_ONLY = /^[\x21\x23-\x7e\x80-\uffff]*$/

/** A whole tag sent percent-encoded, as `W%2F%22…%22` or `%22…%22`. */
const URL_ENCODED_TAG = /^(?:w%2f|%22)/i

function decodePercent(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** Add a leniency note; the list is made only when a tag needs one (most tags need none). */
function noted(how: string[] | undefined, note: string): string[] {
  if (how === undefined) return [note]
  how.push(note)
  return how
}

/**
 * Read an entity tag leniently. Returns undefined only for input with no usable tag
 * (empty, `W/` alone, a lone quote, or `*`, which is a condition and not a tag). Never throws.
 */
export function parseEntityTag(text: string): EntityTag | undefined {
  if (typeof text !== "string") return undefined
  const raw = text.trim()
  if (raw === "" || raw === "*") return undefined
  let how: string[] | undefined
  let rest = raw
  if (URL_ENCODED_TAG.test(rest)) {
    const decoded = decodePercent(rest)
    if (decoded !== undefined) {
      rest = decoded.trim()
      how = noted(how, "url-encoded")
    }
  }
  let weak = false
  if (rest.startsWith("W/") || rest.startsWith("w/")) {
    weak = true
    if (rest.startsWith("w/")) how = noted(how, "lower-case w/")
    rest = rest.slice(2)
    if (rest !== rest.trimStart()) {
      rest = rest.trimStart()
      how = noted(how, "space after W/")
    }
  }
  let opaque: string
  if (rest.startsWith('"')) {
    const closing = rest.indexOf('"', 1)
    if (closing === -1) {
      opaque = rest.slice(1)
      if (opaque === "") return undefined
      how = noted(how, "unterminated quote")
    } else {
      opaque = rest.slice(1, closing)
      if (closing + 1 < rest.length && rest.slice(closing + 1).trim() !== "")
        how = noted(how, "text after the closing quote ignored")
    }
  } else {
    if (rest === "" || rest === "*") return undefined
    opaque = rest
    how = noted(how, "unquoted")
  }
  if (!ETAGC_ONLY.test(opaque)) how = noted(how, "characters outside etagc")
  return how === undefined ? { weak, opaque, raw } : { weak, opaque, raw, lenient: how.join(", ") }
}

/** The tag with one more leniency note (how the text it was read from was not RFC syntax). */
export function withLeniency(tag: EntityTag, how: string): EntityTag {
  return { ...tag, lenient: tag.lenient === undefined ? how : `${tag.lenient}, ${how}` }
}

/** Canonical wire form: `"x"` or `W/"x"`. */
export function formatEntityTag(tag: EntityTag): string {
  return `${tag.weak ? "W/" : ""}"${tag.opaque}"`
}

/** §8.8.3.2 strong comparison: both tags strong and their opaque-tags identical. */
export function strongCompare(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque
}

/** §8.8.3.2 weak comparison: opaque-tags identical, weakness ignored. */
export function weakCompare(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque
}

/** The `W/` form of a tag (what a replay sends to test whether a server compares weakly). */
export function weakened(tag: EntityTag): EntityTag {
  const weakTag = { weak: true, opaque: tag.opaque }
  return { ...weakTag, raw: formatEntityTag({ ...weakTag, raw: "" }) }
}

/** True when the text is a valid RFC 9110 entity-tag as is (no leniency needed). */
export function isValidEntityTag(text: string): boolean {
  const tag = parseEntityTag(text)
  return tag !== undefined && tag.lenient === undefined && tag.raw === text
}
