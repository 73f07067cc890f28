/**
 * OData key segments (OData V4 URL conventions §4.3.1): `Docs('a')`, `Docs(ID='a')` and
 * `Docs(ID%3D'a')` name the same entity, as do `Docs(1)` and `Docs(ID=1)`.
 * One canonical form: a single key without its name, composite keys sorted by name.
 */

const KEY_SEGMENT = /^([^()]+)\(([\s\S]+)\)$/
const KEY_NAME = /^([A-Za-z_][A-Za-z0-9_.]*)=([\s\S]+)$/

/** Decode the escapes browsers apply to key syntax: `'`, `=`, `,`, spaces. */
function decodeKeySyntax(text: string): string {
  return text.replace(/%(27|3D|2C|20)/gi, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Split at commas outside single-quoted literals (a quote inside a literal is doubled: `''`). */
function splitKeyParts(inner: string): string[] | undefined {
  const parts: string[] = []
  let current = ""
  let quoted = false
  for (const char of inner) {
    if (char === "'") quoted = !quoted
    if (char === "," && !quoted) {
      parts.push(current.trim())
      current = ""
    } else {
      current += char
    }
  }
  if (quoted) return undefined
  parts.push(current.trim())
  return parts.some((part) => part === "") ? undefined : parts
}

/** The canonical form of a path segment; segments that are not OData keys come back unchanged. */
export function canonicalODataSegment(segment: string): string {
  const match = KEY_SEGMENT.exec(segment)
  if (!match) return segment
  const [, entitySet = "", encodedInner = ""] = match
  const parts = splitKeyParts(decodeKeySyntax(encodedInner))
  if (!parts) return segment
  const named = parts.map((part) => (part.startsWith("'") ? undefined : KEY_NAME.exec(part)))
  if (parts.length === 1) {
    const value = named[0]?.[2] ?? parts[0]
    return `${entitySet}(${value})`
  }
  if (named.some((entry) => entry === null || entry === undefined)) return segment
  const sorted = named
    .map((entry) => `${entry?.[1]}=${entry?.[2]}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return `${entitySet}(${sorted.join(",")})`
}
