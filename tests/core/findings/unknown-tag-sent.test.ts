import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "unknown-tag-sent"
beforeEach(resetExchangeIds)

describe("unknown-tag-sent fires when", () => {
  it("If-Match names a tag no response in the capture carried, and says the capture may be late", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"x9"', status: 412 })])
    expect(found).toEqual([expect.objectContaining({ severity: "info", exchangeIds: [2] })])
    expect(found[0].message).toContain("capture may have started late")
  })

  it("accepted while the capture showed another tag current: says the server may not compare tags", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"x9"', status: 200 })])
    expect(found[0].message).toBe(
      '#2 PUT sent "x9", a tag never seen in this capture, and was accepted with 200 while v1 was current ' +
        "(the capture may have started late, or the server does not compare tags)"
    )
  })

  it("the capture starts with the write itself", () => {
    expect(findingsOf(rule, [write({ ifMatch: '"x9"' })])).toHaveLength(1)
  })
})

describe("unknown-tag-sent must not fire when", () => {
  it("the tag was seen, even as the weak form", () => {
    expect(findingsOf(rule, [read('W/"a1"'), write({ ifMatch: '"a1"' })])).toEqual([])
  })

  it("the tag came in a 412's ETag, the current one once the write was refused (Firebase's REST API)", () => {
    const refused = write({ ifMatch: '"a1"', etag: '"a2"', status: 412 })
    expect(findingsOf(rule, [read('"a1"'), refused, write({ ifMatch: '"a2"', status: 200 })])).toEqual([])
  })

  it("If-Match is *", () => {
    expect(findingsOf(rule, [write({ ifMatch: "*" })])).toEqual([])
  })

  it("the exchange is capture noise or a replay with a custom tag", () => {
    const invented = write({ ifMatch: '"x9"' })
    expect(findingsOf(rule, [...noiseVariants(invented), { ...invented, origin: "replay" }])).toEqual([])
  })
})
