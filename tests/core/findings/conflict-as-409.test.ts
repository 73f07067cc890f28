import { beforeEach, describe, expect, it } from "vitest"

import { observed, read, resetExchangeIds, write } from "../../builders/exchange"
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

  it("the 409 refused a stale version sent in the body (CouchDB's _rev): RFC 9110 §15.5.10 names 409 for that", () => {
    const url = "http://127.0.0.1:8787/api/couch/notes/1"
    const rev = (text: string) => observed(text, "body:_rev")
    const found = findingsOf(rule, [
      read(undefined, { url, responseTags: [rev('"1-a"')] }),
      write({ url, status: 201, precondition: { bodyVersion: rev('"1-a"') }, responseTags: [rev('"2-b"')] }),
      write({ url, status: 409, precondition: { bodyVersion: rev('"1-a"') } })
    ])
    expect(found).toEqual([])
  })

  it("the 409 refused a write with no version on an API whose versions live only in the body (CouchDB without _rev)", () => {
    const url = "http://127.0.0.1:8787/api/couch/notes/1"
    const rev = (text: string) => observed(text, "body:_rev")
    const bodyOnly = [read(undefined, { url, responseTags: [rev('"1-a"')] }), write({ url, status: 409 })]
    expect(findingsOf(rule, bodyOnly)).toEqual([])
    resetExchangeIds()
    // Also in ETag: the same 409 could have been a 428 for a missing If-Match.
    const alsoInHeader = [
      read('"1-a"', { url, responseTags: [observed('"1-a"', "header"), rev('"1-a"')] }),
      write({ url, status: 409 })
    ]
    expect(findingsOf(rule, alsoInHeader).map((finding) => finding.exchangeIds)).toEqual([[2]])
    resetExchangeIds()
    // An echoed `@odata.etag` is sent back in If-Match: a 409 to its absence still counts.
    const echoed = [
      read(undefined, { url, responseTags: [observed('W/"7"', "body:@odata.etag")] }),
      write({ url, status: 409 })
    ]
    expect(findingsOf(rule, echoed).map((finding) => finding.exchangeIds)).toEqual([[2]])
  })

  it("the 409 refused a write whose If-Match named the current version: a conflict with the content (§15.5.10)", () => {
    // A title already taken: the tag was right, so 412 would be wrong; the server still enforces tags.
    const taken = [read('"a1"'), write({ ifMatch: '"a1"', status: 409 })]
    expect(findingsOf(rule, taken)).toEqual([])
    // A read right after showing the same tag does not take back a refusal never counted.
    resetExchangeIds()
    const staleThenTaken = [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      write({ ifMatch: '"a1"', status: 409 }),
      write({ ifMatch: '"a2"', status: 409 }),
      read('"a2"')
    ]
    const [found, ...more] = findingsOf(rule, staleThenTaken)
    expect(more).toEqual([])
    expect(found.message).toContain(": 1 write (#3) refused with 409 instead of 412/428")
  })

  it("the 409 is capture noise", () => {
    expect(findingsOf(rule, noiseVariants(write({ ifMatch: '"a1"', status: 409 })))).toEqual([])
  })
})

describe("conflict-as-409 counts only header preconditions when", () => {
  it("a stale If-Match and a stale body version are both refused with 409: the If-Match one alone is evidence", () => {
    const url = "http://127.0.0.1:8787/api/couch/notes/1"
    const rev = (text: string) => observed(text, "body:_rev")
    const found = findingsOf(rule, [
      read('"1-a"', { url, responseTags: [observed('"1-a"', "header"), rev('"1-a"')] }),
      write({ url, ifMatch: '"1-a"', status: 201, etag: '"2-b"' }),
      write({ url, status: 409, precondition: { bodyVersion: rev('"1-a"') } }),
      write({ url, ifMatch: '"1-a"', status: 409 })
    ])
    expect(found.map((finding) => [finding.exchangeIds, finding.message.replace(/^.*: /, "")])).toEqual([
      [[4], "1 write (#4) refused with 409 instead of 412/428"]
    ])
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
