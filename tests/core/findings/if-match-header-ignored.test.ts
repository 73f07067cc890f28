import { beforeEach, describe, expect, it } from "vitest"

import type { Exchange } from "../../../src/core/model"
import { observed, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "if-match-header-ignored"
beforeEach(resetExchangeIds)

/** A CouchDB-style read: an unrelated weak hash in ETag and the revision in body `_rev`. */
const couchRead = (hash: string, rev: string): Exchange =>
  read(hash, { responseTags: [observed(hash), observed(`"${rev}"`, "body:_rev")] })
const couchWrite = (ifMatch: string | undefined, rev: string, status = 201): Exchange =>
  write({
    ifMatch,
    status,
    precondition: { ...write({ ifMatch }).precondition, bodyVersion: observed(`"${rev}"`, "body:_rev") }
  })

/** Read at revision 1, written with `_rev` (accepted: the body version decides), read at revision 2. */
const revisedOnce: readonly Exchange[] = [
  couchRead('W/"h1"', "1-a"),
  couchWrite(undefined, "1-a"),
  couchRead('W/"h2"', "2-b")
].map((exchange, index) => (index === 1 ? { ...exchange, responseTags: [observed('"2-b"')] } : exchange))

describe("if-match-header-ignored fires when", () => {
  it("a stale If-Match succeeds because the body _rev was current", () => {
    const found = findingsOf(rule, [
      couchRead('W/"h1"', "1-a"),
      couchRead('W/"h2"', "2-b"),
      couchWrite('W/"h1"', "2-b")
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [3] })])
    expect(found[0].message).toContain("body:_rev decided")
  })

  it("an If-Match never seen succeeds while the body _rev was current", () => {
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite('"nonsense"', "1-a")])).toHaveLength(1)
  })

  it("the current revision in If-Match, without _rev, is refused, and a read right after shows it (PouchDB Server)", () => {
    const found = findingsOf(rule, [
      ...revisedOnce,
      write({ ifMatch: '"2-b"', status: 409 }),
      couchRead('W/"h2"', "2-b")
    ])
    expect(found).toEqual([
      expect.objectContaining({ severity: "error", exchangeIds: [4, 5], contextExchangeIds: [5] })
    ])
    expect(found[0].message).toBe("#4 PUT with If-Match v2 (current: #5 shows it) and no body version → 409")
  })
})

describe("if-match-header-ignored must not fire when", () => {
  it("If-Match was not sent (the body version is the documented mechanism)", () => {
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite(undefined, "1-a")])).toEqual([])
  })

  it("If-Match was current, or the write was refused", () => {
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite('W/"h1"', "1-a")])).toEqual([])
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite('"zz"', "1-a", 409)])).toEqual([])
  })

  it("the refused If-Match is not shown current by the read right after (someone else wrote)", () => {
    const changed = [...revisedOnce, write({ ifMatch: '"2-b"', status: 409 }), couchRead('W/"h3"', "3-c")]
    expect(findingsOf(rule, changed)).toEqual([])
  })

  it("the refused write sent its body version too, or a write came between it and the read", () => {
    const both = couchWrite('"2-b"', "2-b", 409)
    expect(findingsOf(rule, [...revisedOnce, both, couchRead('W/"h2"', "2-b")])).toEqual([])
    const between = [...revisedOnce, write({ ifMatch: '"2-b"', status: 409 }), write({ status: 409 })]
    expect(findingsOf(rule, [...between, couchRead('W/"h2"', "2-b")])).toEqual([])
  })

  it("no body version ever decided a write: a 409 to the current If-Match is another rule's business", () => {
    const plain = [read('"a1"'), write({ ifMatch: '"a1"', status: 409 }), read('"a1"')]
    expect(findingsOf(rule, plain)).toEqual([])
  })

  it("the exchange is capture noise", () => {
    expect(
      findingsOf(rule, [couchRead('W/"h1"', "1-a"), ...noiseVariants(couchWrite('"zz"', "1-a"))])
    ).toEqual([])
  })
})
