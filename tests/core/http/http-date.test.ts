import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { parseHttpDate } from "../../../src/core/http/http-date"

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37)

describe("HTTP-date (RFC 9110 §5.6.7)", () => {
  it("reads the three forms a recipient must accept, all as GMT", () => {
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(NOV_6_1994)
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(NOV_6_1994)
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(NOV_6_1994)
    expect(parseHttpDate("  Thu, 26 Nov 2026 00:46:54 GMT ")).toBe(Date.UTC(2026, 10, 26, 0, 46, 54))
  })

  it("is undefined for anything else (the server then ignores the precondition)", () => {
    for (const text of [
      "",
      "yesterday",
      "2026-11-26T00:00:00Z",
      "Sun, 06 Nov 1994 08:49:37 +0000",
      "Sun, 31 Feb 1994 08:49:37 GMT",
      "Sun, 06 Foo 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 25:49:37 GMT"
    ])
      expect(parseHttpDate(text)).toBeUndefined()
  })

  it("round-trips any date as IMF-fixdate (toUTCString) to the second (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799 }), (seconds) => {
        const millis = seconds * 1000
        expect(parseHttpDate(new Date(millis).toUTCString())).toBe(millis)
      })
    )
  })

  it("never throws (property)", () => {
    fc.assert(fc.property(fc.string(), (text) => void parseHttpDate(text)))
  })
})
