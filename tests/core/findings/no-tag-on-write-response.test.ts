import { beforeEach, describe, expect, it } from "vitest"

import { API, exchange, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "no-tag-on-write-response"
beforeEach(resetExchangeIds)

describe("no-tag-on-write-response fires when", () => {
  it("successful writes and creates answer without a new tag, once per scope", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"' }),
      exchange({ method: "POST", url: API, status: 201, response: { Location: `${API}/5` } })
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "info", exchangeIds: [2, 3] })])
  })

  it("a POST updates a resource read before and answers without a new tag", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ method: "POST", ifMatch: '"a1"' })])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [2] })])
  })

  it("a tagged resource's write answers with a new Last-Modified but no tag: its clients use tags", () => {
    const dated = { "Last-Modified": "Thu, 01 Jan 2026 00:02:00 GMT" }
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', response: dated })])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [2] })])
  })
})

describe("no-tag-on-write-response must not fire when", () => {
  it("the write response carries the new tag (header or body)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })])).toEqual([])
  })

  it("a server without tags answers the write with its new Last-Modified (the date to send back)", () => {
    const found = findingsOf(rule, [
      exchange({ response: { "Last-Modified": "Thu, 01 Jan 2026 00:01:00 GMT" } }),
      write({
        request: { "If-Unmodified-Since": "Thu, 01 Jan 2026 00:01:00 GMT" },
        response: { "Last-Modified": "Thu, 01 Jan 2026 00:02:00 GMT" }
      })
    ])
    expect(found).toEqual([])
  })

  it("the POSTs call a GraphQL or RPC endpoint (an action, not a write to a known resource)", () => {
    const rpc = "http://127.0.0.1:4000/graphql"
    const calls = [1, 2].map(() => exchange({ method: "POST", url: rpc }))
    expect(findingsOf(rule, calls)).toEqual([])
  })

  it("the write failed, or was a DELETE (nothing left to tag)", () => {
    expect(findingsOf(rule, [write({ status: 412 }), write({ method: "DELETE" })])).toEqual([])
  })

  it("the write was answered 202 Accepted: not enacted yet, no new tag exists (§15.3.3)", () => {
    const queued = [
      read('"a1"'),
      write({ method: "PATCH", ifMatch: '"a1"', status: 202 }),
      exchange({ method: "POST", url: API, status: 202, response: { Location: `${API}/jobs/5` } })
    ]
    expect(findingsOf(rule, queued)).toEqual([])
  })

  it("the write is capture noise", () => {
    expect(findingsOf(rule, noiseVariants(write({})))).toEqual([])
  })
})
