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
  if (!raw.includes(",")) {
    // The usual single tag: a one-item list of exact size, without splitting.
    const tag = parseEntityTag(raw)
    return tag === undefined ? undefined : { kind: "tags", tags: [tag], raw }
  }
  const tags: EntityTag[] = []
  let star = false
  for (const member of splitListMembers(raw)) {
    const tag = parseEntityTag(member)
    if (tag !== undefined) tags.push(tag)
    else if (member.trim() === "*") star = true
  }
  if (tags.length > 0) return { kind: "tags", tags, raw }
  // `*` in a list is not a valid field value (§13.1.1), but two lines, `*` and one naming no tag,
  // still ask for "any current representation": the request did send the condition.
  return star ? { kind: "any", raw } : undefined
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
 * The If-Match text as sent names this tag: one of its listed tags strongly matches it (§13.1.1).
 * `*` names no tag. A server that refuses such a write with 412 refuses its own current tag.
 */
export function ifMatchNamesTag(sent: string, current: EntityTag): boolean {
  const condition = parseTagCondition(sent)
  return condition?.kind === "tags" && ifMatchPasses(condition, current)
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

/** The precondition of a request without conditional headers, shared (it is never mutated). */
export const NO_PRECONDITION: Precondition = Object.freeze({})

/** A repeated field line joins the earlier ones as one list (§5.3). */
function joinLine(previous: string | undefined, value: string): string {
  return previous === undefined ? value : `${previous}, ${value}`
}

const CONDITIONAL_NAMES = [
  "if-match",
  "if-none-match",
  "if-unmodified-since",
  "if-modified-since",
  "if-range"
] as const
type ConditionalName = (typeof CONDITIONAL_NAMES)[number]
const CONDITIONAL: ReadonlySet<string> = new Set(CONDITIONAL_NAMES)
const isConditionalName = (name: string): name is ConditionalName => CONDITIONAL.has(name)

/** The conditional headers a request carried; dates and If-Range are kept as sent. */
export function parsePrecondition(headers: HeaderList): Precondition {
  // One pass, lower-casing only names that can be conditional (8+ characters starting with `i`):
  // most requests carry none, and get the shared empty precondition without any allocation.
  let lines: Partial<Record<ConditionalName, string>> | undefined
  for (let position = 0; position < headers.length; position++) {
    const { name, value } = headers[position]
    if (name.length < 8 || (name.charCodeAt(0) | 0x20) !== 0x69 /* i */) continue
    // An empty line adds no list member (§5.6.1): `If-Match:` + `If-Match: *` is `*`.
    if (value.trim() === "") continue
    const lowerCaseName = name.toLowerCase()
    if (!isConditionalName(lowerCaseName)) continue
    lines ??= {}
    lines[lowerCaseName] = joinLine(lines[lowerCaseName], value)
  }
  if (lines === undefined) return NO_PRECONDITION
  const ifMatchText = lines["if-match"]?.trim()
  const ifNoneMatchText = lines["if-none-match"]?.trim()
  const ifMatch = ifMatchText === undefined ? undefined : parseTagCondition(ifMatchText)
  const ifNoneMatch = ifNoneMatchText === undefined ? undefined : parseTagCondition(ifNoneMatchText)
  const ifUnmodifiedSince = lines["if-unmodified-since"]?.trim()
  const ifModifiedSince = lines["if-modified-since"]?.trim()
  const ifRange = lines["if-range"]?.trim()
  if (
    ifMatch === undefined &&
    ifNoneMatch === undefined &&
    ifUnmodifiedSince === undefined &&
    ifModifiedSince === undefined &&
    ifRange === undefined
  )
    return NO_PRECONDITION
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
