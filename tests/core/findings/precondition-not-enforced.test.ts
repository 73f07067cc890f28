import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "precondition-not-enforced"
beforeEach(resetExchangeIds)
const history = () => [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]

describe("precondition-not-enforced fires when", () => {
  it("the server answered 2xx to a write whose If-Match named an older version, once per scope", () => {
    const found = findingsOf(rule, [...history(), write({ ifMatch: '"a1"' }), write({ ifMatch: '"a1"' })])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [3, 4] })])
    expect(found[0].message).toContain("http://127.0.0.1:8787/api/strict: 2 stale writes")
  })

  it("replays count too: they are what the server did", () => {
    expect(findingsOf(rule, [...history(), write({ ifMatch: '"a1"', origin: "replay" })])).toHaveLength(1)
  })
})

describe("precondition-not-enforced must not fire when", () => {
  it("the stale write got 412, or the tag matched", () => {
    expect(findingsOf(rule, [...history(), write({ ifMatch: '"a1"', status: 412 })])).toEqual([])
    expect(findingsOf(rule, [...history(), write({ ifMatch: '"a2"' })])).toEqual([])
  })

  it("the stale write is capture noise (304, preflight, failed, cached)", () => {
    expect(findingsOf(rule, [...history(), ...noiseVariants(write({ ifMatch: '"a1"' }))])).toEqual([])
  })

  it("the stale write went to another scope than the one that saw the versions", () => {
    const elsewhere = write({ url: "http://127.0.0.1:8787/api/lax/notes/1", ifMatch: '"a1"' })
    expect(findingsOf(rule, [...history(), elsewhere])).toEqual([])
  })
})
