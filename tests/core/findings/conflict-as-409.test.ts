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
