import { beforeEach, describe, expect, it } from "vitest"

import { exchange, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "tag-unchanged-after-write"
beforeEach(resetExchangeIds)

describe("tag-unchanged-after-write fires when", () => {
  it("the read after a successful untagged write shows the tag from before it (nginx DAV)", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), read('"a1"')])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [2, 3] })])
    expect(found[0].message).toContain("still v1")
    // The finding is about the write; the read only showed the tag.
    expect(found[0].contextExchangeIds).toEqual([3])
  })

  it("the write's own response carries the tag from before it", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a1"' })])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2]])
    expect(found[0].contextExchangeIds).toBeUndefined()
  })
})

describe("tag-unchanged-after-write must not fire when", () => {
  it("the read after the write shows a new tag", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), read('"a2"')])).toEqual([])
  })

  it("the write failed", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"zz"', status: 412 }), read('"a1"')])).toEqual(
      []
    )
  })

  it("the old tag is only confirmed by a 304 (capture noise is never evidence)", () => {
    const revalidated = exchange({ kind: "not-modified", status: 304, request: { "If-None-Match": '"a1"' } })
    expect(findingsOf(rule, [read('"a1"'), write({}), revalidated])).toEqual([])
  })

  it("the write is capture noise (preflight, failed, cached)", () => {
    const [, preflight, failed, cached] = noiseVariants(write({ etag: '"a1"' }))
    expect(findingsOf(rule, [read('"a1"'), preflight, failed, cached, read('"a1"')])).toEqual([])
  })
})
