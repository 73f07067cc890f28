import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "if-match-star-created"
beforeEach(resetExchangeIds)

describe("if-match-star-created fires when", () => {
  it("a PUT with If-Match: * to a resource never seen is answered 201 Created (nginx's dav module)", () => {
    const found = findingsOf(rule, [write({ ifMatch: "*", status: 201 })])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [1] })])
    expect(found[0].message).toBe(
      "#1 PUT with If-Match: * to a resource that did not exist → 201: created instead of refused"
    )
  })

  it("an update with If-Match: * brings back a resource another client deleted", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ method: "DELETE", ifMatch: '"a1"' }),
      write({ method: "PATCH", ifMatch: "*", status: 200, etag: '"a2"' })
    ])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [2, 3], contextExchangeIds: [2] })])
    expect(found[0].message).toBe(
      "#3 PATCH with If-Match: * to a resource #2 had deleted → 200: created instead of refused"
    )
  })

  it("a read had found the resource missing (404 or 410), and nothing since showed it back", () => {
    const found = findingsOf(rule, [
      read(undefined, { status: 404 }),
      write({ ifMatch: "*", status: 412 }),
      write({ ifMatch: "*", status: 204 })
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[1, 3]])
    expect(found[0].message).toMatch(/#1 had found missing \(404\)/)
  })
})

describe("if-match-star-created must not fire when", () => {
  it("the resource existed: an update with *, CouchDB's 201 to an update included", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: "*", status: 204 })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: "*", status: 201 })])).toEqual([])
  })

  it("the resource came back before the write (a read or a write showed it again)", () => {
    const deletedThenRecreated = [
      read('"a1"'),
      write({ method: "DELETE" }),
      write({ request: { "If-None-Match": "*" }, status: 201, etag: '"b1"' }),
      write({ ifMatch: "*", status: 204 })
    ]
    expect(findingsOf(rule, deletedThenRecreated)).toEqual([])
  })

  it("the DELETE before was only accepted (202: not yet enacted, §9.3.5), and nothing showed the resource gone", () => {
    const accepted = [
      read('"a1"'),
      write({ method: "DELETE", status: 202 }),
      write({ ifMatch: "*", status: 201 })
    ]
    expect(findingsOf(rule, accepted)).toEqual([])
    // A read that found it missing after the 202 does show it gone.
    const thenMissing = [...accepted.slice(0, 2), read(undefined, { status: 404 }), accepted[2]]
    expect(findingsOf(rule, thenMissing).map((finding) => finding.exchangeIds)).toEqual([[3, 4]])
  })

  it("the server refused the write (the right answer), or it is not a PUT or PATCH", () => {
    expect(
      findingsOf(rule, [read('"a1"'), write({ method: "DELETE" }), write({ ifMatch: "*", status: 412 })])
    ).toEqual([])
    expect(findingsOf(rule, [write({ method: "POST", ifMatch: "*", status: 201 })])).toEqual([])
  })

  it("the resource was never seen and the answer does not say it was created", () => {
    expect(findingsOf(rule, [write({ ifMatch: "*", status: 204 })])).toEqual([])
  })

  it("the write sent no If-Match or a tag, or is capture noise or a replay", () => {
    expect(findingsOf(rule, [write({ status: 201 }), write({ ifMatch: '"a1"', status: 201 })])).toEqual([])
    const star = write({ ifMatch: "*", status: 201 })
    expect(findingsOf(rule, noiseVariants(star))).toEqual([])
    expect(findingsOf(rule, [{ ...star, origin: "replay" }])).toEqual([])
  })
})
