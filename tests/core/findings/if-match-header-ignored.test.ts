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
})

describe("if-match-header-ignored must not fire when", () => {
  it("If-Match was not sent (the body version is the documented mechanism)", () => {
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite(undefined, "1-a")])).toEqual([])
  })

  it("If-Match was current, or the write was refused", () => {
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite('W/"h1"', "1-a")])).toEqual([])
    expect(findingsOf(rule, [couchRead('W/"h1"', "1-a"), couchWrite('"zz"', "1-a", 409)])).toEqual([])
  })

  it("the exchange is capture noise", () => {
    expect(
      findingsOf(rule, [couchRead('W/"h1"', "1-a"), ...noiseVariants(couchWrite('"zz"', "1-a"))])
    ).toEqual([])
  })
})
