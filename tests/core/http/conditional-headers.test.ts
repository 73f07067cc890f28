import { describe, expect, it } from "vitest"

import {
  hasAnyPrecondition,
  ifMatchNamesTag,
  ifMatchPasses,
  ifNoneMatchPasses,
  parsePrecondition,
  parseTagCondition
} from "../../../src/core/http/conditional-headers"
import { parseEntityTag } from "../../../src/core/http/entity-tag"
import type { TagCondition } from "../../../src/core/model"

function condition(value: string): TagCondition {
  const parsed = parseTagCondition(value)
  if (!parsed) throw new Error(`no condition in ${value}`)
  return parsed
}
const tag = (text: string) => parseEntityTag(text)!

describe("parseTagCondition (RFC 9110 §13.1.1 / §13.1.2 syntax)", () => {
  it("reads *", () => {
    expect(parseTagCondition(" * ")).toEqual({ kind: "any", raw: "*" })
  })

  it("reads a list of strong and weak tags", () => {
    const parsed = condition('"a", W/"b" ,"c"')
    expect(parsed.kind).toBe("tags")
    expect(parsed.kind === "tags" && parsed.tags.map((t) => [t.weak, t.opaque])).toEqual([
      [false, "a"],
      [true, "b"],
      [false, "c"]
    ])
  })

  it("does not split at commas inside quotes", () => {
    const parsed = condition('"a,b", "c"')
    expect(parsed.kind === "tags" && parsed.tags.map((t) => t.opaque)).toEqual(["a,b", "c"])
  })

  it("ignores empty list members (§5.6.1)", () => {
    const parsed = condition(', "a",, ')
    expect(parsed.kind === "tags" && parsed.tags.map((t) => t.opaque)).toEqual(["a"])
  })

  it("reads an Azurite table tag with quotes and %3A inside", () => {
    const parsed = condition("W/\"datetime'2024-05-01T10%3A11%3A12.1Z'\"")
    expect(parsed.kind === "tags" && parsed.tags[0]?.opaque).toBe("datetime'2024-05-01T10%3A11%3A12.1Z'")
  })

  it.each(["", "  ", ",", " , , "])("returns undefined for %j", (value) => {
    expect(parseTagCondition(value)).toBeUndefined()
  })
})

describe("ifMatchPasses (§13.1.1: strong comparison)", () => {
  it("* passes iff a current representation exists", () => {
    expect(ifMatchPasses(condition("*"), tag('"x"'))).toBe(true)
    expect(ifMatchPasses(condition("*"), undefined)).toBe(false)
  })
  it("passes when one member strongly matches", () => {
    expect(ifMatchPasses(condition('"a", "b"'), tag('"b"'))).toBe(true)
  })
  it("never passes with a weak member, even for the same opaque tag (mod_dav, SAP CAP weak tags)", () => {
    expect(ifMatchPasses(condition('W/"b"'), tag('W/"b"'))).toBe(false)
    expect(ifMatchPasses(condition('W/"b"'), tag('"b"'))).toBe(false)
  })
  it("fails on a stale tag", () => {
    expect(ifMatchPasses(condition('"v1"'), tag('"v2"'))).toBe(false)
  })
})

describe("ifMatchNamesTag: the If-Match text as sent names this tag (strong comparison, not *)", () => {
  it("names a tag listed in it, strongly", () => {
    expect(ifMatchNamesTag('"a", "b"', tag('"b"'))).toBe(true)
    expect(ifMatchNamesTag('W/"b"', tag('"b"'))).toBe(false)
    expect(ifMatchNamesTag('"b"', tag('W/"b"'))).toBe(false)
  })
  it("names nothing with *, with unreadable text, or with another tag", () => {
    expect(ifMatchNamesTag("*", tag('"b"'))).toBe(false)
    expect(ifMatchNamesTag("", tag('"b"'))).toBe(false)
    expect(ifMatchNamesTag('"a"', tag('"b"'))).toBe(false)
  })
})

describe("ifNoneMatchPasses (§13.1.2: weak comparison)", () => {
  it("* passes iff no current representation exists (create-only)", () => {
    expect(ifNoneMatchPasses(condition("*"), undefined)).toBe(true)
    expect(ifNoneMatchPasses(condition("*"), tag('"x"'))).toBe(false)
  })
  it("fails when a member weakly matches (304 on GET)", () => {
    expect(ifNoneMatchPasses(condition('W/"b"'), tag('"b"'))).toBe(false)
    expect(ifNoneMatchPasses(condition('"a"'), tag('"b"'))).toBe(true)
  })
})

describe("parsePrecondition", () => {
  it("reads all conditional headers case-insensitively", () => {
    const precondition = parsePrecondition([
      { name: "if-match", value: 'W/"1"' },
      { name: "If-None-Match", value: "*" },
      { name: "IF-UNMODIFIED-SINCE", value: "Sat, 29 Oct 1994 19:43:31 GMT" },
      { name: "If-Modified-Since", value: " Sun, 30 Oct 1994 19:43:31 GMT " },
      { name: "If-Range", value: '"r"' },
      { name: "Content-Type", value: "application/json" }
    ])
    expect(precondition).toEqual({
      ifMatch: { kind: "tags", tags: [{ weak: true, opaque: "1", raw: 'W/"1"' }], raw: 'W/"1"' },
      ifNoneMatch: { kind: "any", raw: "*" },
      ifUnmodifiedSince: "Sat, 29 Oct 1994 19:43:31 GMT",
      ifModifiedSince: "Sun, 30 Oct 1994 19:43:31 GMT",
      ifRange: '"r"'
    })
    expect(hasAnyPrecondition(precondition)).toBe(true)
  })

  it("keeps `*` sent on one line beside a line that names no tag (a fuzz counterexample: it read as no If-Match)", () => {
    const precondition = parsePrecondition([
      { name: "If-Match", value: "%22" },
      { name: "If-Match", value: "*" }
    ])
    expect(precondition.ifMatch).toEqual({ kind: "any", raw: "%22, *" })
    // A tag beside `*` wins: the list names it, and `*` cannot be a list member.
    expect(parsePrecondition([{ name: "If-Match", value: '*, "a"' }]).ifMatch?.kind).toBe("tags")
  })

  it("combines repeated If-Match lines into one list (§5.3)", () => {
    const precondition = parsePrecondition([
      { name: "If-Match", value: '"a"' },
      { name: "if-match", value: '"b"' }
    ])
    expect(precondition.ifMatch?.kind === "tags" && precondition.ifMatch.tags.map((t) => t.opaque)).toEqual([
      "a",
      "b"
    ])
  })

  it("is empty when there are no conditional headers or only empty ones", () => {
    const precondition = parsePrecondition([
      { name: "Pragma", value: "no-cache" },
      { name: "If-Match", value: "  " }
    ])
    expect(precondition).toEqual({})
    expect(hasAnyPrecondition(precondition)).toBe(false)
  })
})
