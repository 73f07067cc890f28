import { describe, expect, it } from "vitest"

import {
  formatEntityTag,
  isValidEntityTag,
  parseEntityTag,
  strongCompare,
  weakCompare,
  weakened
} from "../../../src/core/http/entity-tag"

describe("parseEntityTag: RFC 9110 §8.8.3 syntax", () => {
  it("reads a strong tag (nginx style)", () => {
    expect(parseEntityTag('"6b03-1d"')).toEqual({ weak: false, opaque: "6b03-1d", raw: '"6b03-1d"' })
  })

  it("reads a weak tag (json-server / Express, SAP CAP)", () => {
    expect(parseEntityTag('W/"1b-2jmj7l5rSw0yVb/vlWAYkK/YBwk"')).toEqual({
      weak: true,
      opaque: "1b-2jmj7l5rSw0yVb/vlWAYkK/YBwk",
      raw: 'W/"1b-2jmj7l5rSw0yVb/vlWAYkK/YBwk"'
    })
  })

  it("keeps Azurite table tags with URL-encoded datetime content verbatim (they are valid etagc)", () => {
    const raw = "W/\"datetime'2024-05-01T10%3A11%3A12.3456789Z'\""
    const tag = parseEntityTag(raw)
    expect(tag).toEqual({ weak: true, opaque: "datetime'2024-05-01T10%3A11%3A12.3456789Z'", raw })
  })

  it("accepts the empty opaque tag", () => {
    expect(parseEntityTag('""')).toEqual({ weak: false, opaque: "", raw: '""' })
  })

  it("trims surrounding whitespace", () => {
    expect(parseEntityTag('  "abc"\t')).toMatchObject({ opaque: "abc", raw: '"abc"' })
    expect(parseEntityTag('  "abc"\t')?.lenient).toBeUndefined()
  })
})

describe("parseEntityTag: lenient reading of what servers really send", () => {
  it.each([
    ["2-7051cbe5c8faecd085a3fa619e6e6337", false, "2-7051cbe5c8faecd085a3fa619e6e6337", "unquoted"],
    ["W/abc", true, "abc", "unquoted"],
    ['w/"abc"', true, "abc", "lower-case w/"],
    ['W/ "abc"', true, "abc", "space after W/"],
    ['"abc', false, "abc", "unterminated quote"],
    ['"abc" junk', false, "abc", "text after the closing quote ignored"],
    ['"a b"', false, "a b", "characters outside etagc"],
    ["W%2F%22datetime'2024'%22", true, "datetime'2024'", "url-encoded"],
    ["%22xyz%22", false, "xyz", "url-encoded"]
  ])("%s → weak=%s opaque=%s (%s)", (text, weak, opaque, how) => {
    const tag = parseEntityTag(text)
    expect(tag?.weak).toBe(weak)
    expect(tag?.opaque).toBe(opaque)
    expect(tag?.lenient).toContain(how)
    expect(tag?.raw).toBe(text.trim())
  })

  it.each(["", "   ", "W/", "w/ ", '"', "*", "W/*"])("gives up on hopeless input %j", (text) => {
    expect(parseEntityTag(text)).toBeUndefined()
  })

  it("does not throw on a broken percent-encoding that looks URL-encoded", () => {
    expect(parseEntityTag("%22%E0%A4%A")).toMatchObject({ opaque: "%22%E0%A4%A", lenient: "unquoted" })
  })
})

describe("formatEntityTag", () => {
  it("prints the canonical form, dropping leniency", () => {
    expect(formatEntityTag(parseEntityTag("W/abc")!)).toBe('W/"abc"')
    expect(formatEntityTag(parseEntityTag("2-abc")!)).toBe('"2-abc"')
  })

  it("recognises valid tags", () => {
    expect(isValidEntityTag('W/"x"')).toBe(true)
    expect(isValidEntityTag("x")).toBe(false)
    expect(isValidEntityTag(' "x"')).toBe(false)
  })
})

describe("comparison (RFC 9110 §8.8.3.2 table)", () => {
  const strong1 = parseEntityTag('"1"')!
  const weak1 = parseEntityTag('W/"1"')!
  const weak2 = parseEntityTag('W/"2"')!
  const strong1Again = parseEntityTag('"1"')!

  it('W/"1" vs W/"1": strong no, weak yes', () => {
    expect(strongCompare(weak1, parseEntityTag('W/"1"')!)).toBe(false)
    expect(weakCompare(weak1, parseEntityTag('W/"1"')!)).toBe(true)
  })
  it('W/"1" vs W/"2": no match either way', () => {
    expect(strongCompare(weak1, weak2)).toBe(false)
    expect(weakCompare(weak1, weak2)).toBe(false)
  })
  it('W/"1" vs "1": strong no, weak yes', () => {
    expect(strongCompare(weak1, strong1)).toBe(false)
    expect(weakCompare(weak1, strong1)).toBe(true)
  })
  it('"1" vs "1": both match', () => {
    expect(strongCompare(strong1, strong1Again)).toBe(true)
    expect(weakCompare(strong1, strong1Again)).toBe(true)
  })
  it("an unquoted CouchDB rev equals its quoted form", () => {
    expect(strongCompare(parseEntityTag("2-abc")!, parseEntityTag('"2-abc"')!)).toBe(true)
  })
})

describe("weakened", () => {
  it("turns a strong tag into its W/ form with a canonical raw", () => {
    expect(weakened(parseEntityTag('"abc"')!)).toEqual({ weak: true, opaque: "abc", raw: 'W/"abc"' })
  })
  it("keeps a weak tag weak", () => {
    expect(weakened(parseEntityTag('W/"abc"')!)).toEqual({ weak: true, opaque: "abc", raw: 'W/"abc"' })
  })
})
