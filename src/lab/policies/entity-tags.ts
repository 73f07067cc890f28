/**
 * Entity-tag helpers for the lab's policies (RFC 9110 §8.8.3).
 * The lab is a teaching server, so these stay small and explicit.
 */
import { createHash } from "node:crypto"

import type { Note } from "../notes-store"

/** A short content digest: tags change whenever the text or version does. */
export function digestNote(note: Note, length = 8): string {
  return createHash("sha1").update(`${note.id}\n${note.version}\n${note.text}`).digest("hex").slice(0, length)
}

/** Readable strong tag for teaching, e.g. `"n1-v3-0f3a9c2e"` (note 1, version 3). */
export function strongTagFor(note: Note): string {
  return `"n${note.id}-v${note.version}-${digestNote(note)}"`
}

interface ParsedTag {
  readonly weak: boolean
  readonly opaque: string
}

/** `*` or the list of tags of an `If-Match` / `If-None-Match` header (RFC 9110 §13.1.1, §13.1.2). */
export type ParsedCondition = { readonly any: true } | { readonly any: false; readonly tags: ParsedTag[] }

/**
 * Parses a conditional header. With `lenient`, bare tokens (`abc123`, as Eve clients send the
 * body `_etag`) count as strong tags; otherwise only RFC syntax `"x"` / `W/"x"` is read.
 */
export function parseCondition(raw: string, lenient = false): ParsedCondition {
  const trimmed = raw.trim()
  if (trimmed === "*") return { any: true }
  const tags: ParsedTag[] = []
  for (const member of trimmed.split(",")) {
    const text = member.trim()
    const quoted = /^(W\/)?"([^"]*)"$/.exec(text)
    if (quoted) tags.push({ weak: quoted[1] !== undefined, opaque: quoted[2] ?? "" })
    else if (lenient && /^[\x21\x23-\x7e]+$/.test(text)) tags.push({ weak: false, opaque: text })
  }
  return { any: false, tags }
}

function parseOne(tag: string): ParsedTag | undefined {
  const condition = parseCondition(tag, true)
  return condition.any ? undefined : condition.tags[0]
}

/** Strong comparison (RFC 9110 §8.8.3.2): both tags strong and their opaque parts equal. */
export function strongMatch(a: ParsedTag, b: ParsedTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque
}

/** Weak comparison (RFC 9110 §8.8.3.2): opaque parts equal, whatever the W/ prefix. */
export function weakMatch(a: ParsedTag, b: ParsedTag): boolean {
  return a.opaque === b.opaque
}

/** Does an `If-Match` header accept the current tag? `*` matches any existing note (§13.1.1). */
export function ifMatchPasses(ifMatch: string, currentTag: string | undefined, lenient = false): boolean {
  const condition = parseCondition(ifMatch, lenient)
  if (currentTag === undefined) return false
  if (condition.any) return true
  const current = parseOne(currentTag)
  return current !== undefined && condition.tags.some((tag) => strongMatch(tag, current))
}

/** Does an `If-None-Match` header match the current tag? (weak comparison, §13.1.2) */
export function ifNoneMatchMatches(ifNoneMatch: string, currentTag: string | undefined): boolean {
  if (currentTag === undefined) return false
  const condition = parseCondition(ifNoneMatch)
  if (condition.any) return true
  const current = parseOne(currentTag)
  return current !== undefined && condition.tags.some((tag) => weakMatch(tag, current))
}
