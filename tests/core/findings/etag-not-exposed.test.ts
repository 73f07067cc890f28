import { beforeEach, describe, expect, it } from "vitest"

import { observed, read, resetExchangeIds, write, exchange } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "etag-not-exposed"
beforeEach(resetExchangeIds)

const PAGE = "http://localhost:5173"
/** A CORS answer to the page: shared with it, exposing `expose` (or nothing). */
const cors = (expose?: string, extra: Record<string, string> = {}) => ({
  "Access-Control-Allow-Origin": PAGE,
  "Access-Control-Allow-Credentials": "true",
  ...(expose === undefined ? {} : { "Access-Control-Expose-Headers": expose }),
  ...extra
})
const fromPage = { Origin: PAGE }

describe("etag-not-exposed fires when", () => {
  it("a cross-origin page writes without If-Match and the API does not expose ETag to it", () => {
    const found = findingsOf(rule, [
      read('"a1"', { request: fromPage, response: cors("Location", { ETag: '"a1"' }) }),
      write({ request: fromPage, response: cors("Location"), status: 200 })
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [2] })])
    expect(found[0].message).toBe(
      "#2 PUT from http://localhost:5173 sent no If-Match: the API does not expose ETag to that origin, so its script could not read the tag"
    )
  })

  it("the API exposes only `*`, which is no wildcard for a request with credentials, or nothing at all", () => {
    const starWithCredentials = [
      read('"a1"', { request: fromPage, response: cors("*", { ETag: '"a1"' }) }),
      write({ request: fromPage, response: cors("*"), status: 428 })
    ]
    expect(findingsOf(rule, starWithCredentials)).toHaveLength(1)
    resetExchangeIds()
    const none = [read('"a1"', { request: fromPage }), write({ request: fromPage, response: cors() })]
    expect(findingsOf(rule, none)).toHaveLength(1)
  })

  it("the reads before it hid ETag from the page, even when the write's own answer lists it (too late for its request)", () => {
    const found = findingsOf(rule, [
      read('"a1"', { request: fromPage, response: cors("Location", { ETag: '"a1"' }) }),
      write({ request: fromPage, response: cors("ETag", { ETag: '"a2"' }), status: 200 })
    ])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [1, 2] })])
    expect(found[0].message).toBe(
      "#2 PUT from http://localhost:5173 sent no If-Match: #1 did not expose ETag to that origin (only the write's own answer did, too late), so its script could not read the tag"
    )
    resetExchangeIds()
    // A read shared with another page says nothing of what this page was shown.
    const otherPagesRead = [
      read('"a1"', {
        request: { Origin: "http://other.example" },
        response: cors(undefined, { ETag: '"a1"', "Access-Control-Allow-Origin": "http://other.example" })
      }),
      write({ request: fromPage, response: cors("ETag", { ETag: '"a2"' }), status: 200 })
    ]
    expect(findingsOf(rule, otherPagesRead)).toEqual([])
  })
})

describe("etag-not-exposed must not fire when", () => {
  it("the API exposes ETag (listed in any case, or `*` without credentials)", () => {
    const listed = [
      read('"a1"', { request: fromPage }),
      write({ request: fromPage, response: cors("Location, etag") })
    ]
    expect(findingsOf(rule, listed)).toEqual([])
    const star = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "*" }
    const anonymous = [read('"a1"', { request: fromPage }), write({ request: fromPage, response: star })]
    expect(findingsOf(rule, anonymous)).toEqual([])
  })

  it("an earlier answer let this page read the tag, though the write's own answer does not list ETag (S3)", () => {
    const exposedOnRead = [
      read('"a1"', { request: fromPage, response: cors("ETag", { ETag: '"a1"' }) }),
      write({ method: "DELETE", request: fromPage, response: cors(), status: 204 })
    ]
    expect(findingsOf(rule, exposedOnRead)).toEqual([])
    resetExchangeIds()
    // Exposed to another page only: this one still could not read it.
    const toOtherPage = [
      read('"a1"', {
        request: { Origin: "http://other.example" },
        response: cors("ETag", { ETag: '"a1"', "Access-Control-Allow-Origin": "http://other.example" })
      }),
      write({ method: "DELETE", request: fromPage, response: cors(), status: 204 })
    ]
    expect(findingsOf(rule, toOtherPage).map((finding) => finding.exchangeIds)).toEqual([[2]])
  })

  it("the page is same-origin, sends no Origin, or was not let in by CORS at all", () => {
    const sameOrigin = { Origin: "http://127.0.0.1:8787" }
    expect(findingsOf(rule, [read('"a1"'), write({ request: sameOrigin, response: cors() })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), write({ response: cors() })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), write({ request: fromPage })])).toEqual([])
  })

  it("the write carried If-Match, or the version travels in the body (readable) or as a date (safelisted)", () => {
    const guarded = [
      read('"a1"', { request: fromPage }),
      write({ request: fromPage, ifMatch: '"a1"', response: cors() })
    ]
    expect(findingsOf(rule, guarded)).toEqual([])
    const inBody = [
      exchange({ request: fromPage, responseTags: [observed('"a1"'), observed('"a1"', "body:@odata.etag")] }),
      write({ request: fromPage, response: cors() })
    ]
    expect(findingsOf(rule, inBody)).toEqual([])
    const dated = [
      exchange({ request: fromPage, response: { "Last-Modified": "Thu, 01 Jan 2026 00:01:00 GMT" } }),
      write({ request: fromPage, response: cors() })
    ]
    expect(findingsOf(rule, dated)).toEqual([])
  })

  it("the write is a create, or capture noise", () => {
    const create = write({
      url: "http://127.0.0.1:8787/api/strict/notes/9",
      request: { ...fromPage, "If-None-Match": "*" },
      response: cors(),
      status: 201
    })
    expect(findingsOf(rule, [create])).toEqual([])
    const unguarded = write({ request: fromPage, response: cors() })
    expect(findingsOf(rule, [read('"a1"', { request: fromPage }), ...noiseVariants(unguarded)])).toEqual([])
  })
})
