import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  base64DecodedSize,
  decodeBase64,
  decodeUtf8,
  utf8ByteLength
} from "../../../src/core/traffic/body-text"

describe("decodeBase64 (RFC 4648 §4)", () => {
  it("decodes what Buffer encodes, padded or not, and predicts the size", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = Buffer.from(bytes).toString("base64")
        const decoded = decodeBase64(encoded)
        const unpadded = decodeBase64(encoded.replace(/=+$/, ""))
        return (
          decoded !== undefined &&
          Buffer.from(decoded).equals(Buffer.from(bytes)) &&
          unpadded !== undefined &&
          Buffer.from(unpadded).equals(Buffer.from(bytes)) &&
          base64DecodedSize(encoded) === bytes.length
        )
      }),
      { numRuns: 2_000 }
    )
  })

  it("ignores line breaks and rejects what is not base64", () => {
    expect(Buffer.from(decodeBase64("aGVs\nbG8=")!).toString()).toBe("hello")
    for (const bad of ["a", "ab=c", "a===", "ab*d", "abcde"]) expect(decodeBase64(bad)).toBeUndefined()
  })
})

describe("decodeUtf8 (RFC 3629)", () => {
  it("decodes valid UTF-8 exactly as Node does, and measures it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        const bytes = new Uint8Array(Buffer.from(text, "utf8"))
        const decoded = decodeUtf8(bytes)
        return decoded.invalid === 0 && decoded.text === text && utf8ByteLength(text) === bytes.length
      }),
      { numRuns: 2_000 }
    )
  })

  it("flags invalid bytes exactly when a fatal TextDecoder rejects them", () => {
    const fatal = new TextDecoder("utf-8", { fatal: true })
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        let valid = true
        try {
          fatal.decode(bytes)
        } catch {
          valid = false
        }
        return (decodeUtf8(bytes).invalid === 0) === valid
      }),
      { numRuns: 5_000 }
    )
  })

  it("replaces overlong forms and surrogates", () => {
    expect(decodeUtf8(new Uint8Array([0xc0, 0xaf])).invalid).toBe(2)
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80])).text).toContain("\ufffd")
    expect(decodeUtf8(new Uint8Array([0xf0, 0x9f, 0x98, 0x80])).text).toBe("😀")
  })

  it("decodes long inputs in chunks", () => {
    const text = "é".repeat(50_000)
    expect(decodeUtf8(new Uint8Array(Buffer.from(text))).text).toBe(text)
  })
})
