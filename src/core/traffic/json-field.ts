/**
 * A configured body field, read, set and removed one way everywhere: its literal key when the
 * object has it (`odata.etag` is one key in Azure Tables, `@odata.etag` in OData), else, for a
 * dotted name, the path through nested objects (`metadata.resourceVersion`, where Kubernetes keeps
 * an object's version).
 */
import { isRecord } from "./json-body"

type JsonObject = Readonly<Record<string, unknown>>

/** Path segments per dotted name; the names come from options, so few. */
const pathsByField = new Map<string, readonly string[]>()

function pathOf(field: string): readonly string[] {
  let path = pathsByField.get(field)
  if (path === undefined) {
    if (pathsByField.size >= 1000) pathsByField.clear() // bounded: names also come from settings
    path = field.split(".")
    pathsByField.set(field, path)
  }
  return path
}

/** A dotted name read as a path here: the object lacks the literal key and has the first segment. */
function readsAsPath(record: JsonObject, field: string): boolean {
  return field.indexOf(".") !== -1 && !(field in record) && isRecord(record[pathOf(field)[0]])
}

/** The field's value, or undefined when the object has neither the key nor the path. */
export function fieldValue(record: JsonObject, field: string): unknown {
  const direct = record[field]
  if (direct !== undefined || !readsAsPath(record, field)) return direct
  let current: unknown = record
  const path = pathOf(field)
  for (let position = 0; position < path.length; position++) {
    if (!isRecord(current)) return undefined
    current = current[path[position]]
  }
  return current
}

export function hasField(record: JsonObject, field: string): boolean {
  return fieldValue(record, field) !== undefined
}

/**
 * A copy with the field set. A dotted name goes into the nested object its first segment names
 * when there is one (`metadata` of a Kubernetes object); otherwise it is one key.
 */
export function withField(record: JsonObject, field: string, value: unknown): Record<string, unknown> {
  if (!readsAsPath(record, field)) return { ...record, [field]: value }
  return setPath(record, pathOf(field), 0, value)
}

function setPath(
  record: JsonObject,
  path: readonly string[],
  position: number,
  value: unknown
): Record<string, unknown> {
  const key = path[position]
  if (position === path.length - 1) return { ...record, [key]: value }
  const child = record[key]
  return { ...record, [key]: setPath(isRecord(child) ? child : {}, path, position + 1, value) }
}

/**
 * A copy in which the objects a dotted path runs through exist (empty where missing), so that the
 * field written later goes into them: a write that sent no version still gets `metadata: {}`.
 */
export function withPathParents(record: JsonObject, field: string): Record<string, unknown> {
  return setParents(record, pathOf(field), 0)
}

function setParents(record: JsonObject, path: readonly string[], position: number): Record<string, unknown> {
  if (position >= path.length - 1) return { ...record }
  const key = path[position]
  const child = record[key]
  return { ...record, [key]: setParents(isRecord(child) ? child : {}, path, position + 1) }
}

/** A copy without the field (an unchanged copy when it has neither the key nor the path). */
export function withoutField(record: JsonObject, field: string): Record<string, unknown> {
  if (readsAsPath(record, field)) return removePath(record, pathOf(field), 0)
  const { [field]: _removed, ...rest } = record
  return rest
}

function removePath(record: JsonObject, path: readonly string[], position: number): Record<string, unknown> {
  const key = path[position]
  if (position === path.length - 1) {
    const { [key]: _removed, ...rest } = record
    return rest
  }
  const child = record[key]
  if (!isRecord(child)) return { ...record }
  const kept = removePath(child, path, position + 1)
  // A parent left empty held nothing but the version (Confluence's `version: {number}`): it goes too.
  if (Object.keys(kept).length === 0 && Object.keys(child).length > 0) {
    const { [key]: _emptied, ...rest } = record
    return rest
  }
  return { ...record, [key]: kept }
}
