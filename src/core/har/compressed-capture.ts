/**
 * A capture that is packed rather than a HAR's text, told by its first bytes: gzip
 * (`capture.har.gz`, RFC 1952 §2.3.1), zlib (mitmproxy's `.zhar`, RFC 1950 §2.2) or a zip
 * (Playwright's `recordHar` to a `.zip`). The CLI names it; the panel unpacks gzip and zlib.
 */

/** The bytes needed to tell: a zip's local file header signature is four. */
export const PACKING_HEAD_BYTES = 4

export type CapturePacking = "gzip" | "zlib" | "zip"

/** How the capture whose first bytes are `head` is packed; undefined for text (a HAR starts with `{`). */
export function packingOf(head: Uint8Array): CapturePacking | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip"
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return "zip"
  if (isZlibHeader(head)) return "zlib"
  return undefined
}

/**
 * A zlib stream's header (RFC 1950 §2.2): deflate (CM 8) with a window of at most 32 KiB, and a
 * check that makes the two bytes a multiple of 31. No JSON text starts so (`x` is 0x78).
 */
function isZlibHeader(head: Uint8Array): boolean {
  return (
    head.length >= 2 && (head[0] & 0x0f) === 8 && head[0] >> 4 <= 7 && (head[0] * 256 + head[1]) % 31 === 0
  )
}
