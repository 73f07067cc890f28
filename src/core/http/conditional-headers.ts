/**
 * Conditional request headers (RFC 9110 §13.1): If-Match (§13.1.1), If-None-Match (§13.1.2),
 * If-Modified-Since (§13.1.3), If-Unmodified-Since (§13.1.4), If-Range (§13.1.5).
 */
import type { EntityTag, HeaderList, Precondition, TagCondition } from "../model"
import { parseEntityTag, strongCompare, weakCompare } from "./entity-tag"

/** Split a list at commas that are outside double quotes (an opaque-tag may contain commas). */
function splitListMembers(value: string): string[] {
  if (!value.includes(",")) return value.trim() === "" ? [] : [value.trim()]
  const members: string[] = []
  let current = ""
  let quoted = false
  for (const char of value) {
    if (char === '"') quoted = !quoted
    if (char === "," && !quoted) {
      members.push(current)
      current = ""
    } else {
      current += char
    }
  }
  members.push(current)
  return members.map((member) => member.trim()).filter((member) => member !== "")
}

/**
 * `*` or a comma-separated list of entity tags (§13.1.1: If-Match = "*" / #entity-tag).
 * Empty list elements are ignored (§5.6.1); a `*` mixed into a list is ignored.
 * Undefined when nothing usable remains.
 */
export function parseTagCondition(value: string): TagCondition | undefined {
  if (typeof value !== "string") return undefined
  const raw = value.trim()
  if (raw === "*") return { kind: "any", raw }
  const tags: EntityTag[] = []
  for (const member of splitListMembers(raw)) {
    const tag = parseEntityTag(member)
    if (tag !== undefined) tags.push(tag)
  }
  return tags.length === 0 ? undefined : { kind: "tags", tags, raw }
}

/**
 * §13.1.1: `*` is true iff a current representation exists; a list is true iff one member
 * strongly matches the current tag. (The server MUST use strong comparison here.)
 */
export function ifMatchPasses(condition: TagCondition, current: EntityTag | undefined): boolean {
  if (current === undefined) return false
  if (condition.kind === "any") return true
  return condition.tags.some((tag) => strongCompare(tag, current))
}

/**
 * §13.1.2: `*` is false iff a current representation exists; a list is false iff one member
 * weakly matches the current tag. (The server MUST use weak comparison here.)
 */
export function ifNoneMatchPasses(condition: TagCondition, current: EntityTag | undefined): boolean {
  if (current === undefined) return true
  if (condition.kind === "any") return false
  return !condition.tags.some((tag) => weakCompare(tag, current))
}

const CONDITIONAL_HEADERS = new Set([
  "if-match",
  "if-none-match",
  "if-unmodified-since",
  "if-modified-since",
  "if-range"
])

/** Conditional header values by lower-cased name, repeated lines joined (§5.3), in one pass. */
function conditionalHeaderValues(headers: HeaderList): Map<string, string> | undefined {
  let values: Map<string, string> | undefined // most requests carry none: no map for them
  for (const header of headers) {
    if (header.name.length < 8 || (header.name.charCodeAt(0) | 0x20) !== 0x69 /* i */) continue
    const name = header.name.toLowerCase()
    // An empty line adds no list member (§5.6.1): `If-Match:` + `If-Match: *` is `*`.
    if (!CONDITIONAL_HEADERS.has(name) || header.value.trim() === "") continue
    values ??= new Map()
    const previous = values.get(name)
    values.set(name, previous === undefined ? header.value : `${previous}, ${header.value}`)
  }
  return values
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed === undefined || trimmed === "" ? undefined : trimmed
}

/** The precondition of a request without conditional headers, shared (it is never mutated). */
export const NO_PRECONDITION: Precondition = Object.freeze({})

/** The conditional headers a request carried; dates and If-Range are kept as sent. */
export function parsePrecondition(headers: HeaderList): Precondition {
  const values = conditionalHeaderValues(headers)
  if (values === undefined) return NO_PRECONDITION
  const ifMatchText = nonEmpty(values.get("if-match"))
  const ifNoneMatchText = nonEmpty(values.get("if-none-match"))
  const ifMatch = ifMatchText === undefined ? undefined : parseTagCondition(ifMatchText)
  const ifNoneMatch = ifNoneMatchText === undefined ? undefined : parseTagCondition(ifNoneMatchText)
  const ifUnmodifiedSince = nonEmpty(values.get("if-unmodified-since"))
  const ifModifiedSince = nonEmpty(values.get("if-modified-since"))
  const ifRange = nonEmpty(values.get("if-range"))
  // Set key by key (no spreads, which allocate one object each); absent keys stay absent.
  const precondition: { -readonly [K in keyof Precondition]: Precondition[K] } = {}
  if (ifMatch) precondition.ifMatch = ifMatch
  if (ifNoneMatch) precondition.ifNoneMatch = ifNoneMatch
  if (ifUnmodifiedSince !== undefined) precondition.ifUnmodifiedSince = ifUnmodifiedSince
  if (ifModifiedSince !== undefined) precondition.ifModifiedSince = ifModifiedSince
  if (ifRange !== undefined) precondition.ifRange = ifRange
  return precondition
}

/** True when the precondition names anything at all (header or body/query version). */
export function hasAnyPrecondition(precondition: Precondition): boolean {
  return (
    precondition.ifMatch !== undefined ||
    precondition.ifNoneMatch !== undefined ||
    precondition.ifUnmodifiedSince !== undefined ||
    precondition.ifModifiedSince !== undefined ||
    precondition.ifRange !== undefined ||
    precondition.bodyVersion !== undefined
  )
}
