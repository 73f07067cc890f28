import { beforeEach, describe, expect, it } from "vitest"

import { preconditionNotEnforced } from "../../../src/core/findings/rules/precondition-not-enforced"
import { exchange, read, resetExchangeIds, write } from "../../builders/exchange"
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

  it("a server that validates by date accepted an If-Unmodified-Since older than its Last-Modified", () => {
    const T1 = "Thu, 01 Jan 2026 00:01:00 GMT"
    const T2 = "Thu, 01 Jan 2026 00:02:00 GMT"
    const since = (date: string, lastModified: string) =>
      write({ request: { "If-Unmodified-Since": date }, response: { "Last-Modified": lastModified } })
    const dated = exchange({ response: { "Last-Modified": T1 } })
    const found = findingsOf(rule, [dated, since(T1, T2), since(T1, T2)])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [3] })])
    // Its title and fix speak of preconditions, not of If-Match alone: this server has no tags.
    expect(preconditionNotEnforced.title).toBe("Server does not enforce preconditions")
    expect(preconditionNotEnforced.fix.server).toContain("If-Unmodified-Since")
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
