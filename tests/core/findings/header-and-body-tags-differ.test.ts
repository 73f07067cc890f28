import { beforeEach, describe, expect, it } from "vitest"

import { observed, read, resetExchangeIds } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "header-and-body-tags-differ"
beforeEach(resetExchangeIds)

const both = (header: string, body: string, source = "body:@odata.etag") =>
  read(header, { responseTags: [observed(header), observed(body, source)] })

describe("header-and-body-tags-differ fires when", () => {
  it("ETag and @odata.etag of one response name different versions", () => {
    const found = findingsOf(rule, [both('"a1"', '"b7"')])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [1] })])
    expect(found[0].message).toContain('body:@odata.etag "b7"')
  })

  it("it repeats on every poll: one finding for the resource, with the evidence", () => {
    expect(
      findingsOf(rule, [both('"a1"', '"b7"', "body:_etag"), both('"a1"', '"b7"', "body:_etag")])
    ).toEqual([expect.objectContaining({ exchangeIds: [1, 2] })])
  })
})

describe("header-and-body-tags-differ must not fire when", () => {
  it("the two agree, weak and strong forms included", () => {
    expect(findingsOf(rule, [both('W/"a1"', '"a1"')])).toEqual([])
  })

  it("the body field is CouchDB's _rev, a separate documented mechanism", () => {
    expect(findingsOf(rule, [both('W/"hash"', '"1-abc"', "body:_rev")])).toEqual([])
  })

  it("the body field is a bare version number, another mechanism (Rails' lock_version under a body-hash ETag)", () => {
    expect(findingsOf(rule, [both('W/"5ca37869"', "0", "body:lock_version")])).toEqual([])
    // The same field written as an entity-tag is meant to equal the header.
    expect(findingsOf(rule, [both('"a1"', '"b7"', "body:version")])).toHaveLength(1)
  })

  it("the response is capture noise", () => {
    expect(findingsOf(rule, noiseVariants(both('"a1"', '"b7"')))).toEqual([])
  })
})
