/**
 * JSON bodies, parsed only to find tags (the exchange keeps the text). The last parsed value is
 * remembered so that response tags and item tags of one response share one parse.
 */
import type { BodyInfo, EntityTag } from "../model"
import { parseEntityTag } from "../http/entity-tag"

export type JsonRecord = Readonly<Record<string, unknown>>

/**
 * The last body parsed and its value: response tags and item tags of one response ask for the same
 * body back to back. One slot, no WeakMap: a WeakMap entry per body costs more than it saves.
 */
let lastBody: BodyInfo | undefined
let lastParsed: unknown
const NOT_JSON = Symbol("not JSON")

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** The text's JSON object; undefined without text, or when the text is not a JSON object. */
export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function looksLikeJson(body: BodyInfo, text: string): boolean {
  const mime = body.mimeType?.toLowerCase() ?? ""
  if (mime.includes("json")) return true
  const first = text.trimStart()[0]
  return first === "{" || first === "["
}

/** The parsed JSON of a body, or undefined when it has no text or is not JSON. Never throws. */
export function readJsonBody(body: BodyInfo | undefined): unknown {
  if (!body || typeof body.text !== "string" || body.text === "") return undefined
  if (body === lastBody) return lastParsed === NOT_JSON ? undefined : lastParsed
  let parsed: unknown = NOT_JSON
  if (looksLikeJson(body, body.text)) {
    try {
      parsed = JSON.parse(body.text) as unknown
    } catch {
      parsed = NOT_JSON
    }
  }
  lastBody = body
  lastParsed = parsed ?? NOT_JSON
  return parsed === NOT_JSON ? undefined : parsed
}

/**
 * Cheap pre-check before parsing: can this body hold any of these JSON keys? A body whose text
 * never mentions a key (as `"key"`) cannot carry it, so most bodies are never parsed.
 */
export function mayContainKeys(body: BodyInfo | undefined, keys: readonly string[]): boolean {
  const text = body?.text
  if (typeof text !== "string" || text === "") return false
  // Response tags and item tags of one response ask the same question back to back.
  if (body === searchedBody && keys === searchedKeys) return searchFound
  let found = false
  for (const needle of quotedKeys(keys)) {
    if (text.includes(needle)) {
      found = true
      break
    }
  }
  searchedBody = body
  searchedKeys = keys
  searchFound = found
  return found
}

let searchedBody: BodyInfo | undefined
let searchedKeys: readonly string[] | undefined
let searchFound = false

/** `key"` needles per key list; the lists are long-lived option arrays, so build them once. */
const needlesByKeys = new WeakMap<readonly string[], readonly string[]>()

function quotedKeys(keys: readonly string[]): readonly string[] {
  let needles = needlesByKeys.get(keys)
  if (needles === undefined) {
    // `key"` is in every `"key"`; a needle that ends with another needle is implied by it
    // (`@odata.etag"` by `odata.etag"`, `_rev"` by `rev"`), so fewer scans of each body.
    // A dotted name may be a path (json-field.ts): its last key is a needle too.
    const suffixes = keys.flatMap((key) => {
      const last = key.slice(key.lastIndexOf(".") + 1)
      return last === key ? [`${key}"`] : [`${key}"`, `${last}"`]
    })
    needles = suffixes.filter(
      (needle, position) =>
        !suffixes.some(
          (other, at) => at !== position && needle.endsWith(other) && (needle !== other || at < position)
        )
    )
    needlesByKeys.set(keys, needles)
  }
  return needles
}

/** A tag from a JSON field value: strings read leniently, numbers as unquoted tags; else nothing. */
export function tagFromJsonValue(value: unknown): EntityTag | undefined {
  if (typeof value === "string") return parseEntityTag(value)
  if (typeof value === "number" && Number.isFinite(value)) return parseEntityTag(String(value))
  return undefined
}

/** Follow a path of object keys; undefined as soon as one step is not an object. */
export function pick(value: unknown, ...path: readonly string[]): unknown {
  let current = value
  for (const key of path) {
    if (!isRecord(current)) return undefined
    current = current[key]
  }
  return current
}

/**
 * Configured fields plus CouchDB's `rev`, OData V2's `__metadata` and FHIR's `versionId` (a search
 * Bundle's matches), built once per option list.
 */
const responseKeysByFields = new WeakMap<readonly string[], readonly string[]>()

export function responseKeys(fields: readonly string[]): readonly string[] {
  let keys = responseKeysByFields.get(fields)
  if (keys === undefined) {
    keys = [...fields, "rev", "__metadata", "versionId"]
    responseKeysByFields.set(fields, keys)
  }
  return keys
}

/** `<prefix>:<field>`, one string per pair: every exchange's tags share it instead of a copy each. */
export function sourceName(prefix: string, field: string): string {
  let byField = sourceNames.get(prefix)
  if (byField === undefined) {
    byField = new Map()
    sourceNames.set(prefix, byField)
  }
  let name = byField.get(field)
  if (name === undefined) {
    if (byField.size >= 1000) byField.clear() // bounded: field names come from options and bodies
    name = `${prefix}:${field}`
    byField.set(field, name)
  }
  return name
}

const sourceNames = new Map<string, Map<string, string>>()

/** Two JSON values alike: equal primitives, arrays item by item, objects member by member in any order. */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJsonValue(item, b[index]))
    )
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && sameJsonValue(left[key], right[key]))
  )
}
