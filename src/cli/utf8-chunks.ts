/**
 * Decodes a file's bytes chunk by chunk as UTF-8 (HAR 1.2 files are UTF-8 JSON, RFC 8259 §8.1),
 * keeping a multi-byte character that straddles two chunks whole, and noting the first
 * invalid byte sequence instead of failing: invalid bytes become U+FFFD and reading goes on.
 */
import { isUtf8 } from "node:buffer"

export class Utf8ChunkDecoder {
  private pending: Buffer = Buffer.alloc(0)
  private bytesSeen = 0
  /** Byte offset of the first chunk that held invalid UTF-8, if any. */
  firstInvalidChunkOffset: number | undefined

  decode(chunk: Buffer): string {
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk
    const cut = completeCharacterBoundary(bytes)
    const complete = bytes.subarray(0, cut)
    this.pending = Buffer.from(bytes.subarray(cut))
    this.check(complete)
    this.bytesSeen += complete.length
    return complete.toString("utf8")
  }

  /** Whatever is left at the end of the file (an incomplete character is invalid). */
  flush(): string {
    const rest = this.pending
    this.pending = Buffer.alloc(0)
    this.check(rest)
    return rest.toString("utf8")
  }

  private check(bytes: Buffer): void {
    if (this.firstInvalidChunkOffset === undefined && bytes.length > 0 && !isUtf8(bytes)) {
      this.firstInvalidChunkOffset = this.bytesSeen + firstInvalidByte(bytes)
    }
  }
}

/** Length of the prefix of `bytes` that ends on a character boundary. */
function completeCharacterBoundary(bytes: Buffer): number {
  const end = bytes.length
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back]
    if ((byte & 0xc0) === 0x80) continue // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return needed > back ? end - back : end
  }
  return end
}

/**
 * Offset of the first byte that cannot start or continue a UTF-8 character (for the message only).
 * Overlong forms and surrogates, which `isUtf8` also rejects, are reported at offset 0 of `bytes`.
 */
export function firstInvalidByte(bytes: Buffer): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]
    if (lead < 0x80) {
      i++
      continue
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0
    if (length === 0 || i + length > bytes.length) return i
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i
    i += length
  }
  return 0
}
