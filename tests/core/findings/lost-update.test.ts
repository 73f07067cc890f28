import { beforeEach, describe, expect, it } from "vitest"

import { observed, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "lost-update"
beforeEach(resetExchangeIds)

describe("lost-update fires when", () => {
  it("a stale If-Match is answered 2xx: evidence is the overwritten write and the stale one", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      write({ ifMatch: '"a1"', etag: '"a3"' })
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [2, 3] })])
    expect(found[0].message).toContain("current was v2")
    // The overwritten write is the victim: named for context, not as at fault.
    expect(found[0].contextExchangeIds).toEqual([2])
  })

  it("the overwritten write answered without a tag (the next one reused the old tag)", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), write({ ifMatch: '"a1"' })])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
  })

  it("a stale body version (CouchDB _rev) is answered 2xx", () => {
    const rev = (text: string) => ({ bodyVersion: observed(text, "body:_rev") })
    const found = findingsOf(rule, [
      read(undefined, { responseTags: [observed('"1-a"', "body:_rev")] }),
      write({ status: 201, precondition: rev('"1-a"'), responseTags: [observed('"2-b"', "body:_rev")] }),
      write({ status: 201, precondition: rev('"1-a"') })
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
  })
})

describe("lost-update fires on dates too", () => {
  it("an If-Unmodified-Since older than the Last-Modified an answer showed is answered 2xx", () => {
    const T1 = "Wed, 25 Nov 2026 10:00:00 GMT"
    const T2 = "Wed, 25 Nov 2026 10:05:00 GMT"
    const since = (date: string, lastModified: string) =>
      write({ request: { "If-Unmodified-Since": date }, response: { "Last-Modified": lastModified } })
    const found = findingsOf(rule, [
      read('"a1"', { response: { ETag: '"a1"', "Last-Modified": T1 } }),
      since(T1, T2),
      since(T1, T2)
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
    // A date the traffic cannot judge (no Last-Modified after the untagged write) is not evidence.
    resetExchangeIds()
    const unjudged = [
      read('"a1"'),
      write({ ifMatch: '"a1"' }),
      write({ request: { "If-Unmodified-Since": T1 } })
    ]
    expect(findingsOf(rule, unjudged)).toEqual([])
  })
})

describe("lost-update must not fire when", () => {
  it("the tag was current", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })])).toEqual([])
  })

  it("the tag was current for its user, on an API that tags each user's representation apart (Vary: Authorization)", () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
    const as = (user: string) => ({
      Authorization: `Bearer ${part({ alg: "none" })}.${part({ sub: user })}.`
    })
    const readBy = (user: string, etag: string) =>
      read(etag, {
        request: as(user),
        response: { ETag: etag, Vary: "Authorization" },
        responseBody: { mimeType: "application/json", size: 30, text: `{"text":"a","canDelete":"${user}"}` }
      })
    const twoUsers = [
      readBy("alice", '"a1-alice"'),
      readBy("bob", '"a1-bob"'),
      write({ ifMatch: '"a1-alice"', etag: '"a2-alice"', status: 200, request: as("alice") })
    ]
    expect(findingsOf(rule, twoUsers)).toEqual([])
  })

  it("the tag was current on a farm whose nodes tag the same content differently (one version, two tags)", () => {
    const body = { mimeType: "application/json", size: 15, text: '{"text":"same"}' }
    const fromNode = (etag: string) => read(etag, { responseBody: body })
    const farm = [
      fromNode('"a1:web1"'),
      fromNode('"a1:web2"'),
      write({ ifMatch: '"a1:web1"', etag: '"a2:web1"' })
    ]
    expect(findingsOf(rule, farm)).toEqual([])
    // Without the bodies the two tags look like two versions: the first is then stale, and reported.
    resetExchangeIds()
    const blind = [read('"a1:web1"'), read('"a1:web2"'), write({ ifMatch: '"a1:web1"', etag: '"a2:web1"' })]
    expect(findingsOf(rule, blind)).toHaveLength(1)
  })

  it("the stale write was refused (412, 409)", () => {
    const history = [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]
    expect(findingsOf(rule, [...history, write({ ifMatch: '"a1"', status: 412 })])).toEqual([])
    expect(findingsOf(rule, [...history, write({ ifMatch: '"a1"', status: 409 })])).toEqual([])
  })

  it("the write had no precondition at all (that is missing-if-match)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ etag: '"a2"' }), write({})])).toEqual([])
  })

  it("the stale exchange is capture noise or a replay", () => {
    const history = [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]
    const stale = write({ ifMatch: '"a1"' })
    expect(findingsOf(rule, [...history, ...noiseVariants(stale)])).toEqual([])
    expect(findingsOf(rule, [...history, { ...stale, origin: "replay" }])).toEqual([])
  })
})

describe("lost-update evidence", () => {
  it("names the read that revealed someone else's newer version when the capture missed that write", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      read('"a3"'),
      write({ ifMatch: '"a2"', etag: '"a4"' })
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[3, 4]])
    expect(found[0].contextExchangeIds).toEqual([3])
  })
})
