import { deflateSync, gzipSync } from "node:zlib"

import { describe, expect, it } from "vitest"

import { packingOf } from "../../../src/core/har/compressed-capture"

const har = '{"log":{"entries":[]}}'

describe("packingOf", () => {
  it("tells gzip, zlib and zip apart by their first bytes", () => {
    expect(packingOf(gzipSync(har))).toBe("gzip")
    expect(packingOf(deflateSync(har))).toBe("zlib")
    expect(packingOf(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe("zip")
  })

  it("takes a HAR's text, whatever it starts with, for text", () => {
    for (const text of [har, ` \n${har}`, `\uFEFF${har}`, "["])
      expect(packingOf(new TextEncoder().encode(text))).toBeUndefined()
    // A zlib header with a window over 32 KiB (CINFO 8) is none (RFC 1950 §2.2).
    expect(packingOf(Uint8Array.from([0x88, 0x1c]))).toBeUndefined()
  })
})
