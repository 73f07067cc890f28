/**
 * Header look-up over HAR header lists (RFC 9110 §5: field names are case-insensitive;
 * §5.3: repeated field lines combine into one comma-separated value, except Set-Cookie).
 */
import type { Header, HeaderList } from "../model"

/** The header's name, compared case-insensitively with a lower-case name (§5.1). */
export function isHeaderNamed(header: Header, lowerCaseName: string): boolean {
  // Length first: most names differ in length, which saves lower-casing them.
  return header.name.length === lowerCaseName.length && header.name.toLowerCase() === lowerCaseName
}

/** Every value of a header, in order, for a case-insensitive name. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase()
  const values: string[] = []
  for (const header of headers) if (isHeaderNamed(header, wanted)) values.push(header.value)
  return values
}

/**
 * One value for a header: repeated lines joined with ", " (§5.3). Set-Cookie cannot be
 * combined that way (RFC 6265 §3), so its first line is returned; use `headerValues` for all.
 */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase()
  // One pass without a list: most lookups find no line or a single one (the common case).
  let combined: string | undefined
  for (const header of headers) {
    if (!isHeaderNamed(header, wanted)) continue
    if (combined === undefined) combined = header.value
    else if (wanted === "set-cookie") return combined
    else combined = `${combined}, ${header.value}`
  }
  return combined
}

/** True when the header is present at least once. */
export function hasHeader(headers: HeaderList, name: string): boolean {
  const wanted = name.toLowerCase()
  return headers.some((header) => isHeaderNamed(header, wanted))
}
