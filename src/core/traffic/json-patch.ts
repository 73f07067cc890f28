/**
 * JSON Patch (RFC 6902) as writes: a PATCH that sends a list of operations on JSON Pointers
 * (RFC 6901) instead of the members to set. Read and applied (always to a copy) to tell what such a
 * write changed, what a later one set again over it, whether it changed anything at all, and which
 * version its `test` names; replays and exported tests put a version in that `test`.
 */
import { isRecord, sameJsonValue } from "./json-body"

/** What `applyOperation` answers for an operation that fails. */
export const PATCH_FAILED = Symbol("the operation failed")

/** A pointer's reference tokens, unescaped (`~1` is `/`, `~0` is `~`: RFC 6901 §4). */
export type JsonPointer = readonly string[]

export type JsonPatchOperation =
  | { readonly op: "add" | "replace" | "test"; readonly path: JsonPointer; readonly value: unknown }
  | { readonly op: "remove"; readonly path: JsonPointer }
  | { readonly op: "move" | "copy"; readonly path: JsonPointer; readonly from: JsonPointer }

/** The body's operations; undefined when it is not a JSON Patch document (RFC 6902 §3, §4). */
export function parseJsonPatch(text: string | undefined): JsonPatchOperation[] | undefined {
  return readJsonPatch(text)?.operations
}

/**
 * The body parsed once: its operations as read, and the same items as sent (plain JSON objects);
 * undefined when it is not a JSON Patch document.
 */
function readJsonPatch(
  text: string | undefined
): { readonly sent: Record<string, unknown>[]; readonly operations: JsonPatchOperation[] } | undefined {
  if (text === undefined) return undefined
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!Array.isArray(document)) return undefined
  const operations: JsonPatchOperation[] = []
  for (const item of document) {
    const operation = readOperation(item)
    if (operation === undefined) return undefined
    operations.push(operation)
  }
  // readOperation accepted only objects.
  return { sent: document as Record<string, unknown>[], operations }
}

/**
 * Whether an operation is a `test` of the member a dotted field names (`rev`,
 * `metadata.resourceVersion`): how a JSON Patch names the version it is based on (§4.6).
 */
export function testsField(operation: unknown, field: string): boolean {
  return testedPointer(operation)?.join(".") === field
}

/** The pointer a `test` operation checks, as sent (plain JSON); undefined for any other operation. */
export function testedPointer(operation: unknown): JsonPointer | undefined {
  return isRecord(operation) && operation.op === "test" ? parsePointer(operation.path) : undefined
}

/** A dotted field as a JSON Pointer (RFC 6901): `metadata.resourceVersion` is `/metadata/resourceVersion`. */
export function pointerOf(field: string): string {
  return `/${field
    .split(".")
    .map((token) => token.replaceAll("~", "~0").replaceAll("/", "~1"))
    .join("/")}`
}

/** The body's operations as sent (plain JSON objects, to change and send again), when it is a JSON Patch. */
export function patchOperationsOf(text: string | undefined): Record<string, unknown>[] | undefined {
  return readJsonPatch(text)?.sent
}

/**
 * Whether a JSON Patch `test`s every member it changes before changing it (a test of `/title`, then
 * a replace of `/title`): the server applies it only if those members are as the client read them
 * (RFC 6902 §4.6, §5: one failed operation fails the whole patch). A precondition on content, not
 * on a version: the patch cannot overwrite a change to what it tests.
 */
export function testsEveryChangedMember(text: string | undefined): boolean {
  if (!looksLikeJsonPatch(text)) return false
  const operations = parseJsonPatch(text)
  if (operations === undefined) return false
  const tested: JsonPointer[] = []
  let changes = 0
  for (const operation of operations) {
    if (operation.op === "test") {
      tested.push(operation.path)
      continue
    }
    changes++
    // Tested before it is changed, at that member or a member holding it (a test of `""` holds all).
    const changed = [operation.path, ...(operation.op === "move" ? [operation.from] : [])]
    if (!changed.every((path) => tested.some((test) => holds(test, path)))) return false
  }
  return changes > 0
}

/** Whether the member at `outer` is, or holds, the member at `inner`. */
function holds(outer: JsonPointer, inner: JsonPointer): boolean {
  return outer.length <= inner.length && outer.every((token, position) => token === inner[position])
}

/** Whether a JSON body is an array of operations rather than an object of members. */
export function looksLikeJsonPatch(text: string | undefined): boolean {
  return text !== undefined && text.trimStart().startsWith("[")
}

function readOperation(item: unknown): JsonPatchOperation | undefined {
  if (!isRecord(item)) return undefined
  const path = parsePointer(item.path)
  if (path === undefined) return undefined
  const op = item.op
  if (op === "add" || op === "replace" || op === "test")
    return Object.hasOwn(item, "value") ? { op, path, value: item.value } : undefined
  if (op === "remove") return { op, path }
  if (op === "move" || op === "copy") {
    const from = parsePointer(item.from)
    return from === undefined ? undefined : { op, path, from }
  }
  return undefined
}

/** A JSON Pointer's reference tokens (RFC 6901 §3, §4); undefined for a value that is not one. */
function parsePointer(value: unknown): JsonPointer | undefined {
  if (typeof value !== "string") return undefined
  if (value === "") return []
  if (!value.startsWith("/")) return undefined
  return value
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
}

/**
 * The document once every operation is applied, in order, to a copy; undefined where one fails
 * (a missing target, a failed `test`), as the whole patch then fails (RFC 6902 §5).
 */
export function applyJsonPatch(document: unknown, operations: readonly JsonPatchOperation[]): unknown {
  let current: unknown = copyJson(document)
  for (const operation of operations) {
    current = applyOperation(current, operation)
    if (current === PATCH_FAILED) return undefined
  }
  return current
}

/** Whether the patch applies and leaves the representation as it was (a no-op write). */
export function jsonPatchChangesNothing(representation: string, patch: string): boolean {
  const operations = parseJsonPatch(patch)
  let before: unknown
  try {
    before = JSON.parse(representation)
  } catch {
    return false
  }
  if (operations === undefined) return false
  const after = applyJsonPatch(before, operations)
  return after !== undefined && sameJsonValue(before, after)
}

/** A copy of a parsed JSON value: the patch works on it, never on the capture's own values. */
export function copyJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown)
}

/** A JSON object the patch may change (the copy, never the capture's value): read-only as parsed JSON is typed. */
function isWritableObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value)
}

/**
 * One operation (RFC 6902 §4.1–§4.6) on a document it may change in place (so: on a copy), and the
 * document after it; PATCH_FAILED when it fails.
 */
export function applyOperation(document: unknown, operation: JsonPatchOperation): unknown {
  switch (operation.op) {
    case "add":
      return add(document, operation.path, copyJson(operation.value))
    case "remove":
      return changeExisting(document, operation.path, REMOVE)
    case "replace":
      return changeExisting(document, operation.path, copyJson(operation.value))
    case "test": {
      const found = valueAt(document, operation.path)
      return found !== PATCH_FAILED && sameJsonValue(found, operation.value) ? document : PATCH_FAILED
    }
    case "move": {
      // A location cannot be moved into one of its children (§4.4).
      if (isProperPrefix(operation.from, operation.path)) return PATCH_FAILED
      const value = valueAt(document, operation.from)
      if (value === PATCH_FAILED) return PATCH_FAILED
      const removed = changeExisting(document, operation.from, REMOVE)
      return removed === PATCH_FAILED ? PATCH_FAILED : add(removed, operation.path, value)
    }
    case "copy": {
      const value = valueAt(document, operation.from)
      return value === PATCH_FAILED ? PATCH_FAILED : add(document, operation.path, copyJson(value))
    }
  }
}

function isProperPrefix(prefix: JsonPointer, path: JsonPointer): boolean {
  return prefix.length < path.length && prefix.every((token, index) => path[index] === token)
}

/** The value a pointer names (RFC 6901 §4); PATCH_FAILED when there is none. */
function valueAt(document: unknown, path: JsonPointer): unknown {
  let current = document
  for (const token of path) {
    if (Array.isArray(current)) {
      const index = arrayIndex(token, current.length - 1)
      if (index === undefined) return PATCH_FAILED
      current = current[index]
    } else if (isRecord(current) && Object.hasOwn(current, token)) current = current[token]
    else return PATCH_FAILED
  }
  return current
}

/** An array index token: digits without a leading zero, at most `last` (RFC 6901 §4). */
function arrayIndex(token: string, last: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined
  const index = Number(token)
  return index <= last ? index : undefined
}

function add(document: unknown, path: JsonPointer, value: unknown): unknown {
  if (path.length === 0) return value
  const parent = valueAt(document, path.slice(0, -1))
  const token = path[path.length - 1]
  if (Array.isArray(parent)) {
    // `-` appends; an index may be one past the end (§4.1).
    const index = token === "-" ? parent.length : arrayIndex(token, parent.length)
    if (index === undefined) return PATCH_FAILED
    parent.splice(index, 0, value)
    return document
  }
  if (!isWritableObject(parent)) return PATCH_FAILED
  setMember(parent, token, value)
  return document
}

const REMOVE = Symbol("remove")

/** Sets (§4.3 replace) or removes (§4.2) an existing member or item. */
function changeExisting(document: unknown, path: JsonPointer, value: unknown): unknown {
  if (path.length === 0) return value === REMOVE ? undefined : value
  const parent = valueAt(document, path.slice(0, -1))
  const token = path[path.length - 1]
  if (Array.isArray(parent)) {
    const index = arrayIndex(token, parent.length - 1)
    if (index === undefined) return PATCH_FAILED
    if (value === REMOVE) parent.splice(index, 1)
    else parent[index] = value
    return document
  }
  if (!isWritableObject(parent) || !Object.hasOwn(parent, token)) return PATCH_FAILED
  if (value === REMOVE) delete parent[token]
  else setMember(parent, token, value)
  return document
}

/** Defined, not assigned: a member named `__proto__` is a member, not the prototype. */
export function setMember(object: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true })
}
