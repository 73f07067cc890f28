/**
 * Patches as writes: JSON merge patches (RFC 7396) and JSON Patches (RFC 6902). Which top-level
 * members a write changed (and where inside them), and which of those a later patch set again, so
 * that a PATCH over another user's unread change is a lost update only where it overwrote what that
 * change set (lost-update), not where it changed other fields, nested ones included.
 */
import { headerValue, mediaTypeOf } from "../http/headers"
import type { Exchange } from "../model"
import type { WrittenContent } from "./resource-history"
import { isRecord, parseJsonObject, sameJsonValue } from "../traffic/json-body"
import {
  PATCH_FAILED,
  applyJsonPatch,
  applyOperation,
  copyJson,
  looksLikeJsonPatch,
  parseJsonPatch,
  setMember,
  type JsonPatchOperation,
  type JsonPointer
} from "../traffic/json-patch"
import { isAnnotation } from "./same-content"

export type PatchFormat = "merge-patch" | "json-patch"

/**
 * The format of a PATCH's body, when it is one read here: `application/merge-patch+json`,
 * `application/json-patch+json`, or the plain JSON most APIs take as "set these fields" (an object)
 * or, from some, as a list of operations (an array). Undefined for any other patch format.
 */
export function patchFormatOf(exchange: Exchange): PatchFormat | undefined {
  const type = mediaTypeOf(
    headerValue(exchange.requestHeaders, "content-type") ?? exchange.requestBody?.mimeType
  )
  if (type === "application/merge-patch+json") return "merge-patch"
  if (type === "application/json-patch+json") return "json-patch"
  if (type !== "application/json") return undefined
  return looksLikeJsonPatch(exchange.requestBody?.text) ? "json-patch" : "merge-patch"
}

/** What a write left in one top-level member, and where inside it it changed something. */
export interface MemberChange {
  /**
   * The member's value after the write (undefined: removed); for a merge patch with nothing known
   * before it, what the patch set there (a nested object only as far as it reached).
   */
  readonly value: unknown
  /** Where the write changed the member: `[]` the whole of it, `["city"]` one member inside it. */
  readonly at: readonly JsonPointer[]
}

const WHOLE: readonly JsonPointer[] = [[]]

/**
 * The top-level members a write changed; undefined when the traffic cannot tell: a PUT whose
 * representation before it is unknown, or bodies that are not JSON objects (a merge patch, a PUT)
 * or operations (a JSON Patch). Annotations (`@odata.etag`, `__metadata`) and `ignored` (the body's
 * tag fields) are not content.
 */
export function changedMembers(
  written: WrittenContent,
  ignored: ReadonlySet<string>
): ReadonlyMap<string, MemberChange> | undefined {
  if (written.sentAs === "json-patch") return membersChangedByJsonPatch(written, ignored)
  const sent = parseJsonObject(written.sent)
  if (sent === undefined) return undefined
  const before = parseJsonObject(written.before)
  if (written.sentAs === "representation") {
    return before === undefined ? undefined : membersThatDiffer(before, sent, ignored)
  }
  // RFC 7396 §2: nested objects are merged, so a patch changes only the members it reaches.
  const after = before === undefined ? undefined : applyMergePatch(before, sent)
  if (before !== undefined && isRecord(after)) return membersThatDiffer(before, after, ignored)
  const changed = new Map<string, MemberChange>()
  for (const key of Object.keys(sent)) {
    const value = sent[key]
    if (isContent(key, ignored))
      changed.set(key, { value: mergedValue(undefined, value), at: mergePatchPaths(value) })
  }
  return changed
}

/** Where a merge patch value sets or removes something: each member it reaches, else the whole. */
function mergePatchPaths(patch: unknown): JsonPointer[] {
  if (!isRecord(patch) || Object.keys(patch).length === 0) return [[]]
  return Object.entries(patch).flatMap(([key, value]) => mergePatchPaths(value).map((path) => [key, ...path]))
}

/**
 * What a JSON Patch changed: applied to the representation before it when that is known; otherwise
 * only the members that operations on the top level set or removed outright (an operation inside a
 * member, or a move or copy into it, leaves its value unknown, so it is not named).
 */
function membersChangedByJsonPatch(
  written: WrittenContent,
  ignored: ReadonlySet<string>
): ReadonlyMap<string, MemberChange> | undefined {
  const operations = parseJsonPatch(written.sent)
  if (operations === undefined) return undefined
  const before = parseJsonObject(written.before)
  if (before !== undefined) {
    const after = applyJsonPatch(before, operations)
    return isRecord(after) ? membersThatDiffer(before, after, ignored) : undefined
  }
  const changed = new Map<string, unknown>()
  for (const operation of operations) {
    if (operation.op === "test") continue
    // The whole document replaced, with nothing known of it before.
    if (operation.path.length === 0) return undefined
    if (operation.op === "move") {
      // Moved out of the top level: removed; out of a member: that member's value is unknown.
      const [source] = operation.from
      if (operation.from.length === 1) changed.set(source, undefined)
      else changed.delete(source)
    }
    const [member] = operation.path
    const outright = operation.path.length === 1
    if (outright && operation.op === "remove") changed.set(member, undefined)
    else if (outright && (operation.op === "add" || operation.op === "replace"))
      changed.set(member, operation.value)
    else changed.delete(member)
  }
  const members = new Map<string, MemberChange>()
  for (const [key, value] of changed) if (isContent(key, ignored)) members.set(key, { value, at: WHOLE })
  return members
}

/** Every member whose value differs between the two (a member one of them lacks included). */
function membersThatDiffer(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  ignored: ReadonlySet<string>
): Map<string, MemberChange> {
  const changed = new Map<string, MemberChange>()
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) {
    // A representation without the member has none.
    if (isContent(key, ignored) && !sameJsonValue(before[key], after[key]))
      changed.set(key, { value: after[key], at: pathsThatDiffer(before[key], after[key]) })
  }
  return changed
}

/** Where two different values differ: inside two objects, the members that do; else the whole. */
function pathsThatDiffer(before: unknown, after: unknown): JsonPointer[] {
  if (!isRecord(before) || !isRecord(after)) return [[]]
  const paths: JsonPointer[] = []
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)]))
    if (!sameJsonValue(memberOf(before, key), memberOf(after, key)))
      for (const path of pathsThatDiffer(memberOf(before, key), memberOf(after, key)))
        paths.push([key, ...path])
  return paths
}

/** Whether `after` holds, somewhere the change changed, another value than the change left there. */
function overwrites(change: MemberChange, after: unknown): boolean {
  return change.at.some((path) => !sameJsonValue(memberAt(change.value, path), memberAt(after, path)))
}

/** The value at a path of own members; undefined where one is missing or not an object. */
function memberAt(value: unknown, path: JsonPointer): unknown {
  return path.reduce<unknown>(memberOf, value)
}

function isContent(key: string, ignored: ReadonlySet<string>): boolean {
  return !isAnnotation(key) && !ignored.has(key)
}

/**
 * The members of `changed` that a later patch set again to another value, sorted; undefined when
 * the patch is not one of its format, or cannot show it.
 */
export function membersPatchedOver(
  changed: ReadonlyMap<string, MemberChange>,
  patchText: string,
  format: PatchFormat
): string[] | undefined {
  if (format === "json-patch") return membersJsonPatchedOver(changed, parseJsonPatch(patchText))
  const patch = parseJsonObject(patchText)
  if (patch === undefined) return undefined
  return Object.keys(patch)
    .filter((key) => {
      const change = changed.get(key)
      return change !== undefined && overwrites(change, mergedValue(change.value, patch[key]))
    })
    .sort()
}

/**
 * The operations are applied to the members the other change set, as it left them: the resource
 * held those values when the patch came (the change was the latest), so what the operations leave
 * there is what they overwrote. Undefined when that cannot be told: a `test` operation (the client
 * made the patch conditional on content it had read, RFC 6902 §4.6), a move or copy from the whole
 * document, or an operation that fails on those members although the server accepted the patch.
 */
function membersJsonPatchedOver(
  changed: ReadonlyMap<string, MemberChange>,
  operations: readonly JsonPatchOperation[] | undefined
): string[] | undefined {
  if (operations === undefined) return undefined
  if (operations.some((operation) => operation.op === "test")) return undefined
  let document: unknown = Object.fromEntries(
    [...changed]
      .filter(([, change]) => change.value !== undefined)
      .map(([key, change]) => [key, copyJson(change.value)])
  )
  const touched = new Set<string>()
  const unknown = new Set<string>()
  for (const operation of operations) {
    const source = operation.op === "move" || operation.op === "copy" ? operation.from : undefined
    if (source?.length === 0) return undefined
    const target = operation.path[0] as string | undefined
    const sourceMember = source?.[0]
    const involves = (member: string | undefined) => member !== undefined && changed.has(member)
    if (target !== undefined && !involves(target) && !involves(sourceMember)) continue
    if (sourceMember !== undefined && !changed.has(sourceMember)) {
      // Moved or copied from a member the change did not set: its value is not known here.
      if (target !== undefined) unknown.add(target)
      continue
    }
    document = applyOperation(document, operation)
    if (document === PATCH_FAILED) return undefined
    for (const member of target === undefined ? changed.keys() : [target]) touched.add(member)
    if (operation.op === "move" && sourceMember !== undefined) touched.add(sourceMember)
  }
  return [...touched]
    .filter((key) => {
      const change = changed.get(key)
      return change !== undefined && !unknown.has(key) && overwrites(change, memberOf(document, key))
    })
    .sort()
}

function memberOf(document: unknown, key: string): unknown {
  return isRecord(document) && Object.hasOwn(document, key) ? document[key] : undefined
}

/** A member's value once a merge patch's value for it is applied: `null` removes it (RFC 7396 §2). */
function mergedValue(target: unknown, patch: unknown): unknown {
  return patch === null ? undefined : applyMergePatch(target, patch)
}

/**
 * The representation once a patch is applied to it, as JSON text; undefined when either is not
 * what its format needs (a JSON object for a merge patch; operations that apply, for a JSON Patch).
 */
export function patchedRepresentation(
  representation: string,
  patchText: string,
  format: PatchFormat
): string | undefined {
  const target = parseJsonObject(representation)
  if (target === undefined) return undefined
  if (format === "json-patch") {
    const operations = parseJsonPatch(patchText)
    const after = operations === undefined ? undefined : applyJsonPatch(target, operations)
    return after === undefined ? undefined : JSON.stringify(after)
  }
  const patch = parseJsonObject(patchText)
  return patch === undefined ? undefined : JSON.stringify(applyMergePatch(target, patch))
}

/** RFC 7396 §2: members set (recursively for objects), `null` removes; the target is not changed. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else setMember(result, key, applyMergePatch(result[key], value))
  }
  return result
}
