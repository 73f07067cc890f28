import { beforeEach, describe, expect, it } from "vitest"

import { exchange, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "weak-tag-in-if-match"
beforeEach(resetExchangeIds)

describe("weak-tag-in-if-match fires when", () => {
  it('a write sends W/"…" in If-Match, whatever the answer', () => {
    const found = findingsOf(rule, [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 412 })])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [2] })])
    expect(found[0].message).toContain('W/"a1"')
  })

  it("the tag came weak in a compressed answer: the message names that answer and the likely cause", () => {
    const gzipped = () => read('W/"a1"', { response: { ETag: 'W/"a1"', "Content-Encoding": "gzip" } })
    const [found] = findingsOf(rule, [gzipped(), write({ ifMatch: 'W/"a1"', status: 412 })])
    expect(found?.message).toBe(
      '#2 PUT sent If-Match W/"a1", a weak tag → 412; #1 gave it in a gzip-compressed answer: ' +
        "compression may have made it weak (nginx's gzip weakens the tags it compresses)"
    )
    resetExchangeIds()
    // Not when the answer was not compressed, nor when the tag sent is not the one it showed.
    const plain = findingsOf(rule, [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 412 })])
    expect(plain[0]?.message).toBe('#2 PUT sent If-Match W/"a1", a weak tag → 412')
    resetExchangeIds()
    const other = findingsOf(rule, [gzipped(), write({ ifMatch: 'W/"zz"', status: 412 })])
    expect(other[0]?.message).toBe('#2 PUT sent If-Match W/"zz", a weak tag → 412')
  })

  it("the server accepted it: the message says it compared weakly, which others will not", () => {
    const [found] = findingsOf(rule, [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 204 })])
    expect(found?.message).toBe(
      '#2 PUT sent If-Match W/"a1", a weak tag → 204; this server accepted it, comparing weakly ' +
        "(see server-matches-weak-tag): a server that compares as RFC 9110 says refuses it"
    )
  })

  it("one member of an If-Match list is weak", () => {
    expect(findingsOf(rule, [write({ ifMatch: '"a1", W/"a2"' })])).toHaveLength(1)
  })
})

describe("weak-tag-in-if-match must not fire when", () => {
  it('the API is FHIR (application/fhir+json): its version-aware update sends W/"<versionId>" by its specification', () => {
    const fhir = { "Content-Type": "application/fhir+json; charset=utf-8" }
    const answered = [read('W/"1"'), write({ ifMatch: 'W/"1"', status: 200, response: fhir })]
    expect(findingsOf(rule, answered)).toEqual([])
    resetExchangeIds()
    // Known by the request's type too (DSTU2's application/json+fhir), for an answer without a body.
    const sent = [
      read('W/"1"'),
      write({ ifMatch: 'W/"1"', status: 412, request: { "Content-Type": "application/json+fhir" } })
    ]
    expect(findingsOf(rule, sent)).toEqual([])
    resetExchangeIds()
    // Plain JSON: still reported.
    const json = [
      read('W/"1"'),
      write({ ifMatch: 'W/"1"', status: 200, response: { "Content-Type": "application/json" } })
    ]
    expect(findingsOf(rule, json)).toHaveLength(1)
  })

  it("the API is SCIM (RFC 7644 §3.14 hands out weak tags to send back in If-Match)", () => {
    const scim = { "Content-Type": "application/scim+json;charset=UTF-8" }
    expect(
      findingsOf(rule, [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 200, response: scim })])
    ).toEqual([])
    resetExchangeIds()
    // A DELETE's 204 has no type: the request's says SCIM.
    const deleted = [
      read('W/"a1"'),
      write({ method: "DELETE", ifMatch: 'W/"a1"', status: 204, request: scim })
    ]
    expect(findingsOf(rule, deleted)).toEqual([])
    resetExchangeIds()
    // A SCIM server that answers application/json: the body names a SCIM schema.
    const user = JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "u1" })
    const json = { "Content-Type": "application/json" }
    const namedInBody = [
      read('W/"a1"'),
      write({
        ifMatch: 'W/"a1"',
        status: 200,
        response: json,
        responseBody: { text: user, size: user.length, mimeType: "application/json" }
      })
    ]
    expect(findingsOf(rule, namedInBody)).toEqual([])
    resetExchangeIds()
    const plainJson = [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 200, response: json })]
    expect(findingsOf(rule, plainJson)).toHaveLength(1)
  })

  it("the weak tag is in If-None-Match (weak comparison is right there)", () => {
    expect(findingsOf(rule, [exchange({ request: { "If-None-Match": 'W/"a1"' } })])).toEqual([])
  })

  it("If-Match is strong", () => {
    expect(findingsOf(rule, [write({ ifMatch: '"a1"' })])).toEqual([])
  })

  it("the exchange is capture noise or a replay testing weak comparison", () => {
    const weak = write({ ifMatch: 'W/"a1"' })
    expect(findingsOf(rule, [...noiseVariants(weak), { ...weak, origin: "replay" }])).toEqual([])
  })
})
