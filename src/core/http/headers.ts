/**
 * Header look-up over HAR header lists (RFC 9110 §5: field names are case-insensitive;
 * §5.3: repeated field lines combine into one comma-separated value, except Set-Cookie).
 */
import type { Header, HeaderList } from "../model"

/** A-Z folded to a-z; every other code unit as is (§5.1: field names are ASCII tokens). */
function foldAscii(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code
}

/**
 * Two field names compared case-insensitively (§5.1: field names are tokens, so ASCII case folding
 * is the whole rule). Character by character, without lower-casing copies of the names: this runs
 * for every header line of every exchange.
 */
export function sameHeaderName(one: string, other: string): boolean {
  if (one.length !== other.length) return false
  for (let position = 0; position < one.length; position++) {
    if (foldAscii(one.charCodeAt(position)) !== foldAscii(other.charCodeAt(position))) return false
  }
  return true
}

/** The header's name is `name`, compared case-insensitively (§5.1). */
export function isHeaderNamed(header: Header, name: string): boolean {
  return sameHeaderName(header.name, name)
}

/** Every value of a header, in order, for a case-insensitive name. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const values: string[] = []
  for (let position = 0; position < headers.length; position++) {
    if (isHeaderNamed(headers[position], name)) values.push(headers[position].value)
  }
  return values
}

/**
 * One value for a header: repeated lines joined with ", " (§5.3). Set-Cookie cannot be
 * combined that way (RFC 6265 §3), so its first line is returned; use `headerValues` for all.
 */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  // One indexed pass without a list: most lookups find no line or a single one.
  let combined: string | undefined
  for (let position = 0; position < headers.length; position++) {
    const header = headers[position]
    if (!isHeaderNamed(header, name)) continue
    if (combined === undefined) combined = header.value
    else if (name.toLowerCase() === "set-cookie") return combined
    else combined = `${combined}, ${header.value}`
  }
  return combined
}

/** True when the header is present at least once. */
export function hasHeader(headers: HeaderList, name: string): boolean {
  for (let position = 0; position < headers.length; position++) {
    if (isHeaderNamed(headers[position], name)) return true
  }
  return false
}

/**
 * The names a header lists (`Vary`, `Access-Control-Allow-Headers`, …: §5.6.1 comma-separated
 * lists), trimmed and as spelled, empty list elements dropped.
 */
export function headerNameList(value: string): string[] {
  return value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "")
}

/**
 * A media type without its parameters, lower case (§8.3.1): a `Content-Type` of
 * `application/json; charset=utf-8` is `application/json`.
 */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase()
}
