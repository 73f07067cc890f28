import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "precondition-required"
beforeEach(resetExchangeIds)

describe("precondition-required fires when", () => {
  it("a write without precondition is refused with 428", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ status: 428 })])
    expect(found).toEqual([expect.objectContaining({ severity: "info", exchangeIds: [2] })])
  })

  it("a 400 says a precondition is required", () => {
    const explained = write({
      status: 400,
      responseBody: { size: 40, text: "Precondition required: send If-Match" }
    })
    expect(findingsOf(rule, [explained])).toHaveLength(1)
  })
})

describe("precondition-required must not fire when", () => {
  it("the write carried a precondition, or a 400 says something else", () => {
    const unrelated = write({ status: 400, responseBody: { size: 12, text: "bad JSON" } })
    expect(findingsOf(rule, [write({ ifMatch: '"a1"', status: 428 }), unrelated])).toEqual([])
  })

  it("the 428 is capture noise", () => {
    expect(findingsOf(rule, noiseVariants(write({ status: 428 })))).toEqual([])
  })
})
