import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "if-match-star-rejected"
beforeEach(resetExchangeIds)

describe("if-match-star-rejected fires when", () => {
  it("If-Match: * on a resource the traffic showed existing is refused with 412 (Radicale)", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: "*", status: 412 })])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [2] })])
  })

  it("it happens again on the same resource: one finding, more evidence", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: "*", status: 412 }),
      write({ ifMatch: "*", status: 409 })
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
  })
})

describe("if-match-star-rejected must not fire when", () => {
  it("the resource did not exist (never seen, or deleted)", () => {
    expect(findingsOf(rule, [write({ ifMatch: "*", status: 412 })])).toEqual([])
    const deleted = [
      read('"a1"'),
      write({ method: "DELETE", ifMatch: '"a1"' }),
      write({ ifMatch: "*", status: 412 })
    ]
    expect(findingsOf(rule, deleted)).toEqual([])
  })

  it("If-Match: * is accepted", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: "*" })])).toEqual([])
  })

  it("the refusal is capture noise", () => {
    expect(findingsOf(rule, [read('"a1"'), ...noiseVariants(write({ ifMatch: "*", status: 412 }))])).toEqual(
      []
    )
  })
})
