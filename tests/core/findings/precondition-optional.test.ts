import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "precondition-optional"
beforeEach(resetExchangeIds)

describe("precondition-optional fires when", () => {
  it("writes without a precondition were accepted", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ etag: '"a2"' }), write({ method: "PATCH" })])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [2, 3] })])
    expect(found[0].message).toContain("(PUT, PATCH)")
  })

  it("one method requires a precondition but another does not", () => {
    const mixed = [write({ method: "DELETE", status: 428 }), write({})]
    expect(findingsOf(rule, mixed)[0].message).toContain("(PUT)")
  })
})

describe("precondition-optional must not fire when", () => {
  it("the server answered 428 or a 400 that says a precondition is required", () => {
    expect(findingsOf(rule, [write({ status: 428 })])).toEqual([])
    const explained = write({
      status: 400,
      responseBody: { size: 30, text: '{"error":"If-Match required"}' }
    })
    expect(findingsOf(rule, [explained])).toEqual([])
  })

  it("the server accepted the same method without precondition but also answered 428 for it", () => {
    expect(findingsOf(rule, [write({ status: 428 }), write({})])).toEqual([])
  })

  it("the writes were creates or capture noise", () => {
    const create = write({ status: 201, request: { "If-None-Match": "*" } })
    expect(findingsOf(rule, [create, ...noiseVariants(write({}))])).toEqual([])
  })
})
