import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants, staleWriteRefused as conflict } from "../../builders/findings"

const rule = "conflict-overridden"
beforeEach(resetExchangeIds)

describe("conflict-overridden fires when", () => {
  it("a write refused with 412 is sent again without a precondition, read nothing, and accepted", () => {
    const found = findingsOf(rule, [...conflict(), write({ etag: '"a3"', status: 200 })])
    expect(found).toEqual([
      expect.objectContaining({ severity: "warning", exchangeIds: [3, 4], contextExchangeIds: [3] })
    ])
    expect(found[0].message).toBe(
      "#4 PUT sent no precondition right after #3 was refused with 412, nothing read in between → 200: it overwrote v2"
    )
  })

  it("the retry sends If-Match: *, or is a DELETE; or the API answered the stale write 409", () => {
    const star = findingsOf(rule, [...conflict(), write({ ifMatch: "*", etag: '"a3"', status: 200 })])
    expect(star[0].message).toMatch(/^#4 PUT sent If-Match: \* right after #3 was refused with 412/)
    resetExchangeIds()
    const forcedDelete = findingsOf(rule, [...conflict(), write({ method: "DELETE", status: 204 })])
    expect(forcedDelete).toEqual([expect.objectContaining({ exchangeIds: [3, 4] })])
    expect(forcedDelete[0].message).toMatch(/→ 204: it deleted v2$/)
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(409), write({ status: 200 })])).toHaveLength(1)
  })

  it("the 412 answer's ETag showed a newer version than the one named (Firebase), and the retry dropped If-Match", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 412 }),
      write({ status: 200 })
    ])
    expect(found.map((f) => f.message)).toEqual([
      "#3 PUT sent no precondition right after #2 was refused with 412, nothing read in between → 200: it overwrote v2"
    ])
    // A weak ETag on a 412 may tag the error body (Express): it shows no version.
    resetExchangeIds()
    const weak = [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: 'W/"e1"', status: 412 }),
      write({ status: 200 })
    ]
    expect(findingsOf(rule, weak)).toEqual([])
  })

  it("the refusal and the retry carry the same Authorization, or only one of them carries any", () => {
    const asAlice = { Authorization: "Bearer alice" }
    const refusedAsAlice = () => [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
      write({ ifMatch: '"a1"', status: 412, request: asAlice })
    ]
    expect(findingsOf(rule, [...refusedAsAlice(), write({ status: 200, request: asAlice })])).toEqual([
      expect.objectContaining({ exchangeIds: [3, 4] })
    ])
    resetExchangeIds()
    expect(findingsOf(rule, [...refusedAsAlice(), write({ status: 200 })])).toHaveLength(1)
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(), write({ status: 200, request: asAlice })])).toHaveLength(1)
  })

  it("the retry carries a refreshed JWT for the same subject (one user, a new access token)", () => {
    const token = (iat: number) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
      return `Bearer ${part({ alg: "none" })}.${part({ iss: "https://id.example", sub: "alice", iat })}.`
    }
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
      write({ ifMatch: '"a1"', status: 412, request: { Authorization: token(1) } }),
      write({ status: 200, request: { Authorization: token(300) } })
    ])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [3, 4] })])
  })
})

describe("conflict-overridden fires past another user's read", () => {
  it("a read by another user between the refusal and the retry told the refused client nothing", () => {
    const as = (user: string) => ({ request: { Authorization: `Bearer ${user}` } })
    const refusedThenRead = (reader: string) => [
      read('"a1"', as("bob")),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200, ...as("alice") }),
      write({ ifMatch: '"a1"', status: 412, ...as("bob") }),
      read('"a2"', as(reader)),
      read('"a2"', as(reader)),
      write({ status: 200, ...as("bob") })
    ]
    const found = findingsOf(rule, refusedThenRead("alice"))
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [3, 6] })])
    expect(found[0].message).toBe(
      "#6 PUT sent no precondition right after #3 was refused with 412, its user read nothing in between " +
        "(#4 and #5 were another user's reads) → 200: it overwrote v2"
    )
    // Bob's own read is Bob reading again: he wrote over what he saw.
    resetExchangeIds()
    expect(findingsOf(rule, refusedThenRead("bob"))).toEqual([])
    // So is a read naming no user: it may be his.
    resetExchangeIds()
    const anonymousRead = refusedThenRead("alice").map((event, at) => (at === 3 ? read('"a2"') : event))
    expect(findingsOf(rule, anonymousRead)).toEqual([])
  })
})

describe("conflict-overridden must not fire when", () => {
  it("the client read the resource after the refusal (then it wrote over what it saw)", () => {
    expect(findingsOf(rule, [...conflict(), read('"a2"'), write({ status: 200 })])).toEqual([])
  })

  it("another user, by Authorization, wrote without a precondition right after the refusal (the lab's two-user demo)", () => {
    // Bob's stale save is refused; Alice, who loaded before, saves without If-Match: her blind write
    // is missing-if-match's business, not Bob overriding his conflict.
    const bobsRefusal = () => [
      read('"a1"', { request: { Authorization: "Bearer bob" } }),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200, request: { Authorization: "Bearer alice" } }),
      write({ ifMatch: '"a1"', status: 412, request: { Authorization: "Bearer bob" } })
    ]
    expect(
      findingsOf(rule, [...bobsRefusal(), write({ status: 200, request: { Authorization: "Bearer alice" } })])
    ).toEqual([])
    resetExchangeIds()
    expect(
      findingsOf(rule, [...bobsRefusal(), write({ status: 200, request: { Authorization: "Bearer bob" } })])
    ).toHaveLength(1)
  })

  it("another user, by session cookie, did so (two browsers' captures audited together)", () => {
    const session = (id: string, analytics: string) => ({ Cookie: `_ga=${analytics}; JSESSIONID=${id}` })
    const bobsRefusal = () => [
      read('"a1"', { request: session("bob", "1") }),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200, request: session("alice", "2") }),
      write({ ifMatch: '"a1"', status: 412, request: session("bob", "3") })
    ]
    expect(
      findingsOf(rule, [...bobsRefusal(), write({ status: 200, request: session("alice", "4") })])
    ).toEqual([])
    resetExchangeIds()
    // The same session with other analytics cookies: one user, who overrode the refusal.
    expect(
      findingsOf(rule, [...bobsRefusal(), write({ status: 200, request: session("bob", "5") })])
    ).toHaveLength(1)
  })

  it("the retry carried a tag, or was refused too", () => {
    expect(findingsOf(rule, [...conflict(), write({ ifMatch: '"a2"', status: 200 })])).toEqual([])
    expect(findingsOf(rule, [...conflict(), write({ status: 428 })])).toEqual([])
  })

  it("the refusal was no conflict: 428, a 409 or 412 to the current tag, or 412 to If-Match: *", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ status: 428 }), write({ status: 200 })])).toEqual([])
    resetExchangeIds()
    const businessConflict = [read('"a1"'), write({ ifMatch: '"a1"', status: 409 }), write({ status: 200 })]
    expect(findingsOf(rule, businessConflict)).toEqual([])
    resetExchangeIds()
    const ownTagRefused = [read('"a1"'), write({ ifMatch: '"a1"', status: 412 }), write({ status: 200 })]
    expect(findingsOf(rule, ownTagRefused)).toEqual([])
    resetExchangeIds()
    expect(
      findingsOf(rule, [read('"a1"'), write({ ifMatch: "*", status: 412 }), write({ status: 200 })])
    ).toEqual([])
  })

  it("the refusal was for a resource deleted since (§13.1.1), and the retry a DELETE: nothing left to override", () => {
    const deleted = [
      read('"a1"'),
      write({ method: "DELETE", ifMatch: '"a1"', status: 204 }),
      write({ method: "DELETE", ifMatch: '"a1"', status: 412 })
    ]
    // A server answering 204 to a DELETE of a resource gone removed nothing more.
    expect(findingsOf(rule, [...deleted, write({ method: "DELETE", status: 204 })])).toEqual([])
    // A PUT brings it back: reported, and said so (it overwrote no version).
    resetExchangeIds()
    const [found, ...more] = findingsOf(rule, [...deleted, write({ status: 200 })])
    expect(more).toEqual([])
    expect(found.message).toBe(
      "#4 PUT sent no precondition right after #3 was refused with 412, nothing read in between → 200: it brought back the resource deleted by #2"
    )
  })

  it("an accepted write came in between, or the refused write was the panel's replay", () => {
    const between = [
      ...conflict(),
      write({ ifMatch: '"a2"', etag: '"a3"', status: 200 }),
      write({ status: 200 })
    ]
    expect(findingsOf(rule, between)).toEqual([])
    resetExchangeIds()
    const replayed = [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
      write({ ifMatch: '"a1"', status: 412, origin: "replay" }),
      write({ status: 200 })
    ]
    expect(findingsOf(rule, replayed)).toEqual([])
  })

  it("the retry is capture noise or a replay", () => {
    const retry = write({ status: 200 })
    expect(findingsOf(rule, [...conflict(), ...noiseVariants(retry)])).toEqual([])
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(), { ...retry, origin: "replay" }])).toEqual([])
  })
})
