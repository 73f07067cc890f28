import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "conflict-as-409"
beforeEach(resetExchangeIds)

describe("conflict-as-409 fires when", () => {
  it("a stale If-Match and a missing one are refused with 409 (Nox style), once per scope", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      write({ ifMatch: '"a1"', status: 409 }),
      write({ status: 409 })
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "info", exchangeIds: [3, 4] })])
  })
})

describe("conflict-as-409 must not fire when", () => {
  it("the failed precondition is answered 412, the missing one 428", () => {
    const standard = [read('"a1"'), write({ ifMatch: '"zz"', status: 412 }), write({ status: 428 })]
    expect(findingsOf(rule, standard)).toEqual([])
  })

  it("409 answers a create (nothing existed, no precondition was due)", () => {
    expect(
      findingsOf(rule, [write({ method: "POST", url: "http://127.0.0.1:8787/api/nox/notes", status: 409 })])
    ).toEqual([])
  })

  it("the 409 is capture noise", () => {
    expect(findingsOf(rule, noiseVariants(write({ ifMatch: '"a1"', status: 409 })))).toEqual([])
  })
})

describe("conflict-as-409 fires when (create only)", () => {
  it("If-None-Match: * on an existing resource is refused with 409 (Azurite) instead of 412", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ request: { "If-None-Match": "*" }, status: 409 })])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [2] })])
    expect(found[0].message).toContain("If-None-Match: *")
  })

  it("both kinds of 409 in one scope give one finding with all the evidence", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ request: { "If-None-Match": "*" }, status: 409 }),
      write({ ifMatch: '"zz"', status: 409 })
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[2, 3]])
  })
})

describe("conflict-as-409 must not fire when (create only)", () => {
  it("If-None-Match: * is refused with 412, or a 409 answers a create-only write to a new resource", () => {
    expect(
      findingsOf(rule, [read('"a1"'), write({ request: { "If-None-Match": "*" }, status: 412 })])
    ).toEqual([])
    expect(findingsOf(rule, [write({ request: { "If-None-Match": "*" }, status: 409 })])).toEqual([])
  })
})
