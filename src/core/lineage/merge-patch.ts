/**
 * JSON merge patches (RFC 7396) as writes: which top-level members a write changed, and which of
 * those a later patch set again, so that a PATCH over another user's unread change is a lost update
 * only where it overwrote what that change set (lost-update), not where it changed other fields.
 */
import { headerValue, mediaTypeOf } from "../http/headers"
import type { Exchange } from "../model"
import type { WrittenContent } from "./resource-history"
import { parseJsonObject } from "../traffic/json-body"
import { isAnnotation, sameJsonValue } from "./same-content"

/**
 * A PATCH whose body reads as a JSON merge patch (RFC 7396): `application/merge-patch+json`, or the
 * plain JSON most APIs take as "set these fields". Not a JSON Patch (`application/json-patch+json`,
 * RFC 6902: a list of operations) nor any other patch format.
 */
export function isMergePatch(exchange: Exchange): boolean {
  const type = mediaTypeOf(
    headerValue(exchange.requestHeaders, "content-type") ?? exchange.requestBody?.mimeType
  )
  return type === "application/merge-patch+json" || type === "application/json"
}

/**
 * The top-level members a write changed, with the value it left (undefined: removed); undefined when
 * the traffic cannot tell: a PUT whose representation before it is unknown, or bodies that are not
 * JSON objects. Annotations (`@odata.etag`, `__metadata`) and `ignored` (the body's tag fields) are
 * not content.
 */
export function changedMembers(
  written: WrittenContent,
  ignored: ReadonlySet<string>
): ReadonlyMap<string, unknown> | undefined {
  const sent = parseJsonObject(written.sent)
  if (sent === undefined) return undefined
  const before = parseJsonObject(written.before)
  if (written.sentAs === "representation" && before === undefined) return undefined
  const changed = new Map<string, unknown>()
  const keys = written.sentAs === "merge-patch" ? Object.keys(sent) : union(sent, before ?? {})
  for (const key of keys) {
    if (isAnnotation(key) || ignored.has(key)) continue
    // A representation without the member has none.
    const after = written.sentAs === "merge-patch" ? valueAfterPatch(sent[key]) : sent[key]
    if (before !== undefined && sameJsonValue(before[key], after)) continue
    changed.set(key, after)
  }
  return changed
}

/**
 * The members of `changed` that a merge patch set again to another value, sorted; undefined when the
 * patch is not a JSON object.
 */
export function membersPatchedOver(
  changed: ReadonlyMap<string, unknown>,
  patchText: string
): string[] | undefined {
  const patch = parseJsonObject(patchText)
  if (patch === undefined) return undefined
  return Object.keys(patch)
    .filter((key) => changed.has(key) && !sameJsonValue(changed.get(key), valueAfterPatch(patch[key])))
    .sort()
}

/** A merge patch member's value once applied: `null` removes the member (RFC 7396 §1). */
function valueAfterPatch(value: unknown): unknown {
  return value === null ? undefined : value
}

function union(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
}
