/**
 * Body bytes to text without platform APIs: base64 (RFC 4648 §4) and UTF-8 (RFC 3629),
 * both strict about what is valid and lenient in what they report.
 */

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const BASE64_VALUES: Readonly<Record<string, number>> = Object.fromEntries(
  [...BASE64_ALPHABET].map((char, index) => [char, index])
)
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/

/** Decoded size in bytes of a base64 text, without decoding it. */
export function base64DecodedSize(text: string): number {
  const compact = text.replace(/\s+/g, "")
  const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0
  return Math.max(0, Math.floor((compact.length * 3) / 4) - padding)
}

/** Decode base64 (whitespace ignored); undefined when the text is not valid base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "")
  if (!BASE64_TEXT.test(compact) || compact.length % 4 === 1) return undefined
  const digits = compact.replace(/=+$/, "")
  if (compact.length % 4 !== 0 && compact.length !== digits.length) return undefined
  const bytes = new Uint8Array(Math.floor((digits.length * 3) / 4))
  let byteIndex = 0
  for (let i = 0; i < digits.length; i += 4) {
    const a = BASE64_VALUES[digits.charAt(i)] ?? 0
    const b = BASE64_VALUES[digits.charAt(i + 1)] ?? 0
    const c = BASE64_VALUES[digits.charAt(i + 2)] ?? 0
    const d = BASE64_VALUES[digits.charAt(i + 3)] ?? 0
    const triple = (a << 18) | (b << 12) | (c << 6) | d
    if (byteIndex < bytes.length) bytes[byteIndex++] = (triple >> 16) & 0xff
    if (byteIndex < bytes.length) bytes[byteIndex++] = (triple >> 8) & 0xff
    if (byteIndex < bytes.length) bytes[byteIndex++] = triple & 0xff
  }
  return bytes
}

/** Length in bytes of the continuation of a UTF-8 lead byte, or -1 for an invalid lead. */
function continuationCount(lead: number): number {
  if (lead < 0x80) return 0
  if (lead >= 0xc2 && lead <= 0xdf) return 1
  if (lead >= 0xe0 && lead <= 0xef) return 2
  if (lead >= 0xf0 && lead <= 0xf4) return 3
  return -1
}

/** Decode UTF-8; invalid sequences become U+FFFD and are counted. */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalid: number } {
  const codeUnits: number[] = []
  const chunks: string[] = []
  let invalid = 0
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0
    const extra = continuationCount(lead)
    let codePoint = extra === 0 ? lead : lead & (0x3f >> extra)
    let valid = extra >= 0 && i + extra < bytes.length
    for (let k = 1; valid && k <= extra; k++) {
      const next = bytes[i + k] ?? 0
      if ((next & 0xc0) !== 0x80) valid = false
      else codePoint = (codePoint << 6) | (next & 0x3f)
    }
    const overlong = (extra === 2 && codePoint < 0x800) || (extra === 3 && codePoint < 0x10000)
    if (!valid || overlong || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      invalid++
      codeUnits.push(0xfffd)
      i += 1
    } else {
      if (codePoint > 0xffff) {
        codePoint -= 0x10000
        codeUnits.push(0xd800 + (codePoint >> 10), 0xdc00 + (codePoint & 0x3ff))
      } else {
        codeUnits.push(codePoint)
      }
      i += extra + 1
    }
    if (codeUnits.length >= 8192) chunks.push(String.fromCharCode(...codeUnits.splice(0)))
  }
  chunks.push(String.fromCharCode(...codeUnits))
  return { text: chunks.join(""), invalid }
}

const NON_ASCII = /[\u0080-\uffff]/

/** Size in bytes of a string encoded as UTF-8. */
export function utf8ByteLength(text: string): number {
  if (!NON_ASCII.test(text)) return text.length
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}
