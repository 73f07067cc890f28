/**
 * Safe readers over an unknown HAR entry: every access checks its type, so a malformed
 * capture yields notes and defaults instead of exceptions.
 */
import type { Header } from "../model"
import { isRecord, type JsonRecord } from "./json-body"

export { isRecord, type JsonRecord }

/**
 * A value read with a property access at the call site (`asText(request.url)`), typed: a fixed
 * property name there is a fast named load, where a shared `field(record, key)` helper would do a
 * keyed load that sees every key of every caller.
 */
export function asText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined
}

/**
 * HAR `headers` (an array of `{name, value}`): kept in order with duplicates. A missing array gives
 * an empty list and a note; malformed items are dropped and counted in a note; numeric values become text.
 */
export function readHeaderList(value: unknown, label: string, notes: string[]): Header[] {
  if (!Array.isArray(value)) {
    notes.push(`${label}: no headers array; read as no headers`)
    return []
  }
  // The usual case, every item a `{name, value}` of text: the capture's own list is the header
  // list (nothing mutates either), which saves a copy of every header line of every exchange.
  if (allTextHeaders(value)) return value
  const headers: Header[] = []
  let dropped = 0
  for (const item of value) {
    const name = isRecord(item) ? item.name : undefined
    const rawValue = isRecord(item) ? item.value : undefined
    if (
      typeof name === "string" &&
      name !== "" &&
      (typeof rawValue === "string" || typeof rawValue === "number")
    ) {
      headers.push({ name, value: String(rawValue) })
    } else if (typeof name === "string" && name !== "" && rawValue === undefined) {
      headers.push({ name, value: "" })
    } else {
      dropped++
    }
  }
  if (dropped > 0) notes.push(`${label}: ${dropped} malformed header${dropped === 1 ? "" : "s"} dropped`)
  return headers
}

/** Every item a named header whose value is text: the list is usable as is. */
function allTextHeaders(items: readonly unknown[]): items is Header[] {
  // A plain loop (no `every` callback): this runs for both header lists of every entry.
  for (let position = 0; position < items.length; position++) {
    const item = items[position]
    // No array check: an array has no string `name`.
    if (typeof item !== "object" || item === null) return false
    const { name, value } = item as Partial<Record<"name" | "value", unknown>>
    if (typeof name !== "string" || name === "" || typeof value !== "string") return false
  }
  return true
}

/** Already what toISOString() gives: kept as is (the common case, and cheap). */
const CANONICAL_UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** ISO 8601 start time; Firefox's `+00:00` offsets are normalized to `Z`. Unreadable times are kept with a note. */
export function readStartTime(value: unknown, notes: string[]): string {
  if (typeof value !== "string" || value.trim() === "") {
    notes.push("no startedDateTime")
    return ""
  }
  if (CANONICAL_UTC_TIME.test(value)) return value
  const millis = Date.parse(value)
  if (Number.isNaN(millis)) {
    notes.push(`unreadable startedDateTime ${JSON.stringify(value.slice(0, 40))}`)
    return value
  }
  return new Date(millis).toISOString()
}
