import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "server-matches-weak-tag"
beforeEach(resetExchangeIds)

describe("server-matches-weak-tag fires when", () => {
  it("a write whose If-Match holds only weak tags is accepted", () => {
    const found = findingsOf(rule, [read('W/"a1"'), write({ ifMatch: 'W/"a1"', etag: 'W/"a2"' })])
    expect(found).toEqual([expect.objectContaining({ severity: "info", exchangeIds: [2] })])
  })

  it("the weak tag was sent by a replay (that is how the panel tests it)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: 'W/"a1"', origin: "replay" })])).toHaveLength(1)
  })
})

describe("server-matches-weak-tag must not fire when", () => {
  it('the writes are FHIR version-aware updates (application/fhir+json): W/"<versionId>" is that API\'s convention', () => {
    const fhir = { "Content-Type": "application/fhir+json" }
    const fhirOnly = [read('W/"1"'), write({ ifMatch: 'W/"1"', etag: 'W/"2"', status: 200, response: fhir })]
    expect(findingsOf(rule, fhirOnly)).toEqual([])
    resetExchangeIds()
    // A plain JSON write beside it on the same server is still evidence, alone.
    const mixed = [
      read('W/"1"'),
      write({ ifMatch: 'W/"1"', etag: 'W/"2"', status: 200, response: fhir }),
      write({
        ifMatch: 'W/"2"',
        etag: 'W/"3"',
        status: 200,
        response: { "Content-Type": "application/json" }
      })
    ]
    expect(findingsOf(rule, mixed).map((finding) => finding.exchangeIds)).toEqual([[3]])
  })

  it("the writes are SCIM's (application/scim+json): RFC 7644 §3.14 hands out weak tags for If-Match", () => {
    const scim = { "Content-Type": "application/scim+json" }
    const scimOnly = [
      read('W/"a1"'),
      write({ ifMatch: 'W/"a1"', etag: 'W/"a2"', status: 200, response: scim })
    ]
    expect(findingsOf(rule, scimOnly)).toEqual([])
    resetExchangeIds()
    const json = { "Content-Type": "application/json" }
    const plain = [read('W/"a1"'), write({ ifMatch: 'W/"a1"', etag: 'W/"a2"', status: 200, response: json })]
    expect(findingsOf(rule, plain)).toHaveLength(1)
  })

  it("the weak If-Match is refused with 412", () => {
    expect(findingsOf(rule, [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 412 })])).toEqual([])
  })

  it("the server also accepted a stale tag: it compares nothing (json-server, Express)", () => {
    const ignoresIfMatch = [
      read('W/"a1"'),
      write({ ifMatch: 'W/"a1"', etag: 'W/"a2"', status: 200 }),
      write({ ifMatch: 'W/"a1"', etag: 'W/"a3"', status: 200 })
    ]
    expect(findingsOf(rule, ignoresIfMatch)).toEqual([])
    expect(findingsOf("precondition-not-enforced", ignoresIfMatch)).toHaveLength(1)
  })

  it("If-Match carried a strong tag", () => {
    expect(findingsOf(rule, [read('W/"a1"'), write({ ifMatch: '"a1"' })])).toEqual([])
  })

  it("the exchange is capture noise", () => {
    expect(findingsOf(rule, noiseVariants(write({ ifMatch: 'W/"a1"' })))).toEqual([])
  })
})
