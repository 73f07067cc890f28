import { describe, expect, it } from "vitest"

import { ifMatchPasses, ifNoneMatchMatches, parseCondition } from "../../src/lab/policies/entity-tags"

describe("lab entity-tag helpers (RFC 9110 §8.8.3, §13.1)", () => {
  it("parses *, lists, weak tags, and bare tokens only when lenient", () => {
    expect(parseCondition(" * ")).toEqual({ any: true })
    expect(parseCondition('"a", W/"b"')).toEqual({
      any: false,
      tags: [
        { weak: false, opaque: "a" },
        { weak: true, opaque: "b" }
      ]
    })
    expect(parseCondition("abc")).toEqual({ any: false, tags: [] })
    expect(parseCondition("abc", true)).toEqual({ any: false, tags: [{ weak: false, opaque: "abc" }] })
  })

  it("If-Match: strong comparison, any member of the list, * only when a note exists", () => {
    expect(ifMatchPasses('"x", "a"', '"a"')).toBe(true)
    expect(ifMatchPasses('W/"a"', '"a"')).toBe(false)
    expect(ifMatchPasses('W/"a"', 'W/"a"')).toBe(false)
    expect(ifMatchPasses("*", '"a"')).toBe(true)
    expect(ifMatchPasses("*", undefined)).toBe(false)
    expect(ifMatchPasses("a", '"a"')).toBe(false)
    expect(ifMatchPasses("a", '"a"', true)).toBe(true)
  })

  it("If-None-Match: weak comparison", () => {
    expect(ifNoneMatchMatches('W/"a"', '"a"')).toBe(true)
    expect(ifNoneMatchMatches('"b"', '"a"')).toBe(false)
    expect(ifNoneMatchMatches("*", undefined)).toBe(false)
  })
})
