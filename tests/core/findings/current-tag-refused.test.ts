import { beforeEach, describe, expect, it } from "vitest"

import { exchange, observed, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "current-tag-refused"
beforeEach(resetExchangeIds)

describe("current-tag-refused fires when", () => {
  it("a read right after the 412 shows the very tag the write sent (Apache mod_deflate's -gzip suffix)", () => {
    const found = findingsOf(rule, [
      read('"abc-gzip"'),
      write({ ifMatch: '"abc-gzip"', status: 412 }),
      read('"abc-gzip"')
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [2, 3] })])
    expect(found[0].message).toBe(
      '#2 PUT with If-Match "abc-gzip" → 412, yet #3 GET shows that tag as current'
    )
    // The finding is about the write; the read only showed the tag.
    expect(found[0].contextExchangeIds).toEqual([3])
  })

  it("the 412 answer itself carries the tag the write sent", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', status: 412, etag: '"a1"' })])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[2]])
    expect(found[0].message).toContain("yet its own 412 answer shows that tag as current")
  })

  it("a list in If-Match holds the current tag; a 304 in between does not matter, later reads add nothing", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"zz", "a1"', status: 412 }),
      exchange({ status: 304, kind: "not-modified", response: { ETag: '"a1"' } }),
      read('"a1"'),
      read('"a1"')
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[2, 4]])
  })
})

describe("current-tag-refused must not fire when", () => {
  it("the read after the 412 shows another tag: someone else changed the resource (a real conflict)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', status: 412 }), read('"a2"')])).toEqual(
      []
    )
  })

  it("the tags are weak: If-Match compares strongly, so 412 is right (§13.1.1)", () => {
    const weakSent = [read('W/"a1"'), write({ ifMatch: 'W/"a1"', status: 412 }), read('W/"a1"')]
    expect(findingsOf(rule, weakSent)).toEqual([])
    // The client dropped W/ but the server's tag is weak: still no strong match.
    const weakServed = [read('W/"a1"'), write({ ifMatch: '"a1"', status: 412 }), read('W/"a1"')]
    expect(findingsOf(rule, weakServed)).toEqual([])
  })

  it("the refusal was 409 or 428, the write carried no If-Match, or another write came in between", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', status: 409 }), read('"a1"')])).toEqual(
      []
    )
    expect(findingsOf(rule, [read('"a1"'), write({ status: 412 }), read('"a1"')])).toEqual([])
    const between = [
      read('"a1"'),
      write({ ifMatch: '"a1"', status: 412 }),
      write({ ifMatch: '"a1"', status: 200 }),
      read('"a1"')
    ]
    expect(findingsOf(rule, between)).toEqual([])
  })

  it("only a body field shows the tag (If-Match is compared with the ETag header)", () => {
    const inBody = [observed('"a1"', "body:@odata.etag")]
    const found = findingsOf(rule, [
      exchange({ responseTags: inBody }),
      write({ ifMatch: '"a1"', status: 412 }),
      exchange({ responseTags: inBody })
    ])
    expect(found).toEqual([])
    // The same story with the tag in the ETag header fires: the test above is not vacuous.
    resetExchangeIds()
    const inHeader = [observed('"a1"')]
    const headerFound = findingsOf(rule, [
      exchange({ responseTags: inHeader }),
      write({ ifMatch: '"a1"', status: 412 }),
      exchange({ responseTags: inHeader })
    ])
    expect(headerFound).toHaveLength(1)
  })

  it("the exchanges are capture noise", () => {
    const refused = write({ ifMatch: '"a1"', status: 412, etag: '"a1"' })
    expect(findingsOf(rule, [read('"a1"'), ...noiseVariants(refused)])).toEqual([])
  })
})
