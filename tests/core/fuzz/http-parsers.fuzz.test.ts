import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  ifMatchPasses,
  ifNoneMatchPasses,
  parsePrecondition,
  parseTagCondition
} from "../../../src/core/http/conditional-headers"
import {
  formatEntityTag,
  parseEntityTag,
  strongCompare,
  weakCompare
} from "../../../src/core/http/entity-tag"
import type { EntityTag } from "../../../src/core/model"
import { RUNS, TOTAL_RUNS, etagcString, nastyString, validTagText } from "./arbitraries"

const anyTag: fc.Arbitrary<EntityTag> = fc
  .oneof(validTagText, nastyString)
  .map((text) => parseEntityTag(text) ?? parseEntityTag('"fallback"')!)

describe("entity tags under fuzz", () => {
  it("parse ∘ format round-trips every valid tag, with no leniency", () => {
    fc.assert(
      fc.property(fc.boolean(), etagcString, (weak, opaque) => {
        const text = formatEntityTag({ weak, opaque, raw: "" })
        const tag = parseEntityTag(text)
        return tag?.weak === weak && tag.opaque === opaque && tag.raw === text && tag.lenient === undefined
      }),
      { numRuns: RUNS.roundTrip }
    )
  })

  it("obeys the comparison laws of RFC 9110 §8.8.3.2", () => {
    fc.assert(
      fc.property(anyTag, anyTag, (a, b) => {
        const strong = strongCompare(a, b)
        const weak = weakCompare(a, b)
        return (
          (!strong || weak) && // strong match implies weak match
          strong === strongCompare(b, a) &&
          weak === weakCompare(b, a) &&
          weakCompare(a, a) &&
          (!(a.weak || b.weak) || !strong) // a weak tag never matches strongly
        )
      }),
      { numRuns: RUNS.laws }
    )
  })

  it("parseEntityTag never throws and reads its own canonical form back", () => {
    fc.assert(
      fc.property(nastyString, (text) => {
        const tag = parseEntityTag(text)
        if (tag === undefined) return true
        if (tag.raw !== text.trim() || typeof tag.opaque !== "string") return false
        if (tag.opaque.includes('"') || tag.opaque.trim() !== tag.opaque || tag.opaque === "") return true
        const again = parseEntityTag(formatEntityTag(tag))
        return again?.weak === tag.weak && again.opaque === tag.opaque
      }),
      { numRuns: RUNS.parseEntityTag }
    )
  })

  it("parseTagCondition never throws; If-Match and If-None-Match agree with the comparisons", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString,
          fc.array(validTagText, { maxLength: 4 }).map((tags) => tags.join(", "))
        ),
        anyTag,
        (value, current) => {
          const condition = parseTagCondition(value)
          if (condition === undefined) return true
          const withoutCurrent =
            !ifMatchPasses(condition, undefined) && ifNoneMatchPasses(condition, undefined)
          if (condition.kind === "any") {
            return (
              withoutCurrent && ifMatchPasses(condition, current) && !ifNoneMatchPasses(condition, current)
            )
          }
          return (
            withoutCurrent &&
            condition.tags.length > 0 &&
            ifMatchPasses(condition, current) === condition.tags.some((tag) => strongCompare(tag, current)) &&
            ifNoneMatchPasses(condition, current) === !condition.tags.some((tag) => weakCompare(tag, current))
          )
        }
      ),
      { numRuns: RUNS.parseTagCondition }
    )
  })

  it("parsePrecondition never throws on arbitrary header lists", () => {
    const headerName = fc.oneof(
      fc.constantFrom("If-Match", "if-none-match", "If-Unmodified-Since", "IF-RANGE", "If-Modified-Since"),
      fc.string({ maxLength: 12 })
    )
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: headerName, value: nastyString }), { maxLength: 6 }),
        (headers) => {
          const precondition = parsePrecondition(headers)
          const sentIfMatch = headers.some(
            (h) => h.name.toLowerCase() === "if-match" && parseTagCondition(h.value)
          )
          return typeof precondition === "object" && (!sentIfMatch || precondition.ifMatch !== undefined)
        }
      ),
      { numRuns: RUNS.parsePrecondition }
    )
  })
})

describe("fuzz budget", () => {
  it("runs at least 100k generated cases across the fuzz files (issue #9)", () => {
    expect(TOTAL_RUNS).toBeGreaterThanOrEqual(100_000)
  })
})
