/**
 * Whether two representations have the same content: equal text, or JSON documents with equal
 * values (key order and whitespace aside). Used to tell a no-op PUT (the content it sends is the
 * content the resource already had), which may keep its entity tag, from a tag that fails to
 * change (RFC 9110 §8.8.3: a tag changes when the representation data changes).
 */
import { isRecord, parseJsonObject, sameJsonValue } from "../traffic/json-body"
import { jsonPatchChangesNothing } from "../traffic/json-patch"
import type { WrittenContent } from "./resource-history"

/** Bodies larger than this are not kept per resource to compare (memory): no-op writes go unnoticed. */
export const MAX_COMPARED_BODY_CHARS = 64 * 1024

/** The text kept as a resource's representation, if small enough to compare later. */
export function comparableText(text: string | undefined): string | undefined {
  return text !== undefined && text.length <= MAX_COMPARED_BODY_CHARS ? text : undefined
}

/**
 * Whether the write `exchangeId` (the resource's last write) changed nothing: a PUT that sent the
 * content the resource already had, or a PATCH whose merge patch or JSON Patch leaves what it
 * already held. Keeping the tag is then right (§8.8.3). False when either content is unknown.
 */
export function writeChangedNothing(written: WrittenContent | undefined, exchangeId: number): boolean {
  if (written?.exchangeId !== exchangeId || written.sent === undefined || written.before === undefined)
    return false
  if (written.sentAs === "merge-patch") return mergePatchChangesNothing(written.before, written.sent)
  if (written.sentAs === "json-patch") return jsonPatchChangesNothing(written.before, written.sent)
  return sameContent(written.sent, written.before)
}

export function sameContent(a: string, b: string): boolean {
  if (a === b) return true
  const left = parseJson(a)
  const right = parseJson(b)
  return left !== NOT_JSON && right !== NOT_JSON && sameJsonValue(left, right)
}

/**
 * Whether two JSON objects show the same data, one with more fields than the other (a read that
 * embeds related data, `?_embed=`, `$expand`, `include`) or fewer (`$select`, sparse fieldsets):
 * every field of the smaller is in the larger with the same value. Annotations (`@odata.context`,
 * `__metadata`) and the field that carries the tag may differ.
 */
export function sameDataWherePresent(a: string, b: string, tagField?: string): boolean {
  const left = parseJson(a)
  const right = parseJson(b)
  if (!isRecord(left) || !isRecord(right)) return false
  const [smaller, larger] =
    Object.keys(left).length <= Object.keys(right).length ? [left, right] : [right, left]
  return Object.keys(smaller).every(
    (key) =>
      isAnnotation(key) ||
      key === tagField ||
      (Object.hasOwn(larger, key) && sameJsonValue(smaller[key], larger[key]))
  )
}

/** OData and SAP annotations: metadata about the data, not the data. */
export function isAnnotation(key: string): boolean {
  return key.startsWith("@") || key.startsWith("odata.") || key === "__metadata"
}

/**
 * Whether a JSON merge patch (RFC 7396) leaves this representation as it is: every member it sets
 * already has that value, every member it removes (`null`) is already absent, and a nested object
 * patches a nested object that it leaves as it is too. Not when either is not a JSON object.
 */
export function mergePatchChangesNothing(representation: string, patch: string): boolean {
  const target = parseJsonObject(representation)
  const changes = parseJsonObject(patch)
  return target !== undefined && changes !== undefined && mergeKeeps(target, changes)
}

function mergeKeeps(target: Record<string, unknown>, changes: Record<string, unknown>): boolean {
  return Object.entries(changes).every(([key, value]) => {
    const present = Object.hasOwn(target, key)
    if (value === null) return !present
    if (isRecord(value)) return present && isRecord(target[key]) && mergeKeeps(target[key], value)
    return present && sameJsonValue(target[key], value)
  })
}

const NOT_JSON = Symbol("not JSON")

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return NOT_JSON
  }
}
