import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, sentBy, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "if-match-star-overwrites"
beforeEach(resetExchangeIds)

describe("if-match-star-overwrites fires when", () => {
  it("an update sends If-Match: * to a resource whose version the traffic showed (SharePoint, Dataverse)", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ method: "PATCH", ifMatch: "*", status: 204 })])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [2] })])
    expect(found[0].message).toBe("#2 PATCH sent If-Match: * although v1 was known → 204")
  })

  it("another user's unread change was current: its message says current, not known (lost-update blames the write)", () => {
    const found = findingsOf(rule, [
      read('"a1"', sentBy("bob")),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200, ...sentBy("alice") }),
      write({ ifMatch: "*", status: 200, ...sentBy("bob") })
    ])
    expect(found.map((finding) => finding.message)).toEqual([
      "#3 PUT sent If-Match: * (v2, another user's change, was current) → 200"
    ])
  })

  it("only another user's read had shown the current version: its message says so", () => {
    const found = findingsOf(rule, [
      read('"a1"', sentBy("alice")),
      write({ ifMatch: "*", status: 200, ...sentBy("bob") })
    ])
    expect(found.map((finding) => finding.message)).toEqual([
      "#2 PUT sent If-Match: * (v1 was current, but none of its user's requests had shown it) → 200"
    ])
  })

  it("each such write is its own finding, DELETE included", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: "*", etag: '"a2"', status: 200 }),
      write({ method: "DELETE", ifMatch: "*", status: 204 })
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[2], [3]])
  })
})

describe("if-match-star-overwrites must not fire when", () => {
  it("the write names a tag, or sends none (missing-if-match's business)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), write({})])).toEqual([])
  })

  it("the traffic never showed the resource or a version of it (* as 'update only if it exists')", () => {
    expect(findingsOf(rule, [write({ ifMatch: "*", status: 412 })])).toEqual([])
    expect(findingsOf(rule, [write({ ifMatch: "*", status: 204 })])).toEqual([])
  })

  it("the server answered 412 or 409: nothing was overwritten (if-match-star-rejected speaks for a refused *)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: "*", status: 412 })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: "*", status: 409 })])).toEqual([])
    expect(
      findingsOf("if-match-star-rejected", [read('"a1"'), write({ ifMatch: "*", status: 409 })])
    ).toHaveLength(1)
  })

  it("the write is capture noise or a replay", () => {
    const star = write({ ifMatch: "*" })
    expect(findingsOf(rule, [read('"a1"'), ...noiseVariants(star)])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), { ...star, origin: "replay" }])).toEqual([])
  })
})
