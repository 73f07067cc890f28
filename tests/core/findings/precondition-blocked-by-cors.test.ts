import { beforeEach, describe, expect, it } from "vitest"

import { exchange, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf } from "../../builders/findings"
import type { Exchange } from "../../../src/core/model"

const rule = "precondition-blocked-by-cors"
beforeEach(resetExchangeIds)

const PAGE = "http://localhost:5173"
const ALLOWING_ALL_BUT_IF_MATCH = "Content-Type, If-None-Match, If-Unmodified-Since"

/** The preflight the browser sends before a cross-origin PUT carrying `requestHeaders`. */
function preflight(
  requestHeaders: string,
  allowHeaders: string | null = ALLOWING_ALL_BUT_IF_MATCH,
  overrides: Partial<Exchange> & { response?: Record<string, string> } = {}
): Exchange {
  const { response, ...fields } = overrides
  return exchange({
    method: "OPTIONS",
    status: 204,
    kind: "preflight",
    resourceType: "preflight",
    request: {
      Origin: PAGE,
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": requestHeaders
    },
    response: {
      "Access-Control-Allow-Origin": PAGE,
      "Access-Control-Allow-Credentials": "true",
      "Access-Control-Allow-Methods": "GET,PUT",
      ...(allowHeaders === null ? {} : { "Access-Control-Allow-Headers": allowHeaders }),
      ...response
    },
    ...fields
  })
}

/** The PUT the browser refused to send: a failed request (status 0) that carried If-Match. */
function refusedPut(overrides: Partial<Exchange> = {}): Exchange {
  return write({
    ifMatch: '"a1"',
    status: 0,
    kind: "failed",
    request: { Origin: PAGE, "If-Match": '"a1"', "Content-Type": "application/json" },
    ...overrides
  })
}

describe("precondition-blocked-by-cors fires when", () => {
  it("a preflight asked to send If-Match and its answer did not allow it, with the write it stopped", () => {
    const found = findingsOf(rule, [read('"a1"'), preflight("content-type,if-match"), refusedPut()])
    expect(found).toEqual([
      expect.objectContaining({ severity: "warning", exchangeIds: [2, 3], corsRefusedHeaders: ["If-Match"] })
    ])
    expect(found[0].message).toBe(
      `#2 preflight for a PUT from ${PAGE} asked to send If-Match; its answer allows only ` +
        `${ALLOWING_ALL_BUT_IF_MATCH} (Access-Control-Allow-Headers), so the browser refuses to send the PUT`
    )
  })

  it("the refused write arrived before its preflight (a live capture), or has none recorded", () => {
    const liveOrder = findingsOf(rule, [refusedPut(), preflight("content-type,if-match")])
    expect(liveOrder).toEqual([expect.objectContaining({ exchangeIds: [1, 2] })])
    resetExchangeIds()
    const preflightOnly = findingsOf(rule, [preflight("if-match", null)])
    expect(preflightOnly).toEqual([expect.objectContaining({ exchangeIds: [1] })])
    expect(preflightOnly[0].message).toContain("its answer allows no request header")
  })

  it("the header is If-None-Match, If-Unmodified-Since or a configured version header", () => {
    const allowingNothing = "Content-Type"
    expect(findingsOf(rule, [preflight("if-none-match", allowingNothing)])[0].message).toContain(
      "asked to send If-None-Match"
    )
    expect(
      findingsOf(rule, [preflight("x-contentful-version,if-unmodified-since", allowingNothing)], {
        versionHeaders: ["X-Contentful-Version"]
      })[0].message
    ).toContain("asked to send X-Contentful-Version, If-Unmodified-Since")
  })

  it("the answer allows `*` but also credentials, for which `*` is no wildcard", () => {
    expect(findingsOf(rule, [preflight("if-match", "*")])).toHaveLength(1)
  })

  it("the preflight was refused whole (403, as Azure Storage, S3 and Spring answer) and one for the same write without If-Match passed", () => {
    const refusedWhole = () => preflight("content-type,if-match", null, { status: 403, response: {} })
    const withoutIfMatch = () => preflight("content-type", "Content-Type")
    // As the scenario runs: the guarded PUT refused, the unguarded one let through.
    const found = findingsOf(rule, [read('"a1"'), refusedWhole(), refusedPut(), withoutIfMatch()])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [2, 3, 4], contextExchangeIds: [4] })])
    expect(found[0].message).toBe(
      `#2 preflight for a PUT from ${PAGE} asked to send If-Match; it was refused (403), while #4, ` +
        "for a PUT without it, passed, so the browser refuses to send the PUT"
    )
    resetExchangeIds()
    // The allowed one first, and the refused write after its preflight.
    const laterRefusal = findingsOf(rule, [withoutIfMatch(), refusedWhole(), refusedPut()])
    expect(laterRefusal).toEqual([
      expect.objectContaining({ exchangeIds: [1, 2, 3], contextExchangeIds: [1] })
    ])
  })

  it("two refused attempts as a live capture delivers them: each preflight pairs with the write sent with it", () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0, ms)).toISOString()
    const refusedWhole = (startedAt: string) =>
      preflight("content-type,if-match", null, { status: 403, response: {}, startedAt })
    const found = findingsOf(rule, [
      refusedPut({ startedAt: at(100) }), // the failed write arrives before its preflight
      refusedWhole(at(101)),
      read('"a1"', { startedAt: at(50) }),
      refusedPut({ startedAt: at(300) }),
      preflight("content-type", "Content-Type", { startedAt: at(200) }),
      refusedWhole(at(301))
    ])
    expect(found).toEqual([
      expect.objectContaining({ exchangeIds: [1, 2, 4, 5, 6], contextExchangeIds: [5] })
    ])
  })

  it("it happens again on the resource: one finding whose evidence grows", () => {
    const found = findingsOf(rule, [preflight("if-match"), refusedPut(), preflight("if-match"), refusedPut()])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [1, 2, 3, 4] })])
  })
})

describe("precondition-blocked-by-cors must not fire when", () => {
  it("the answer allows the header (in any case), or `*` without credentials", () => {
    expect(findingsOf(rule, [preflight("content-type,if-match", "Content-Type, IF-MATCH")])).toEqual([])
    const anonymousStar = preflight("if-match", "*", {
      response: { "Access-Control-Allow-Credentials": "false" }
    })
    expect(findingsOf(rule, [anonymousStar])).toEqual([])
  })

  it("the refused header carries no version, or is an unconfigured custom header", () => {
    expect(findingsOf(rule, [preflight("authorization", "Content-Type")])).toEqual([])
    expect(findingsOf(rule, [preflight("x-contentful-version", "Content-Type")])).toEqual([])
  })

  it("the preflight itself failed (refusing everything alike) or was for a read", () => {
    expect(findingsOf(rule, [preflight("if-match", "Content-Type", { status: 403 })])).toEqual([])
    const forRead = preflight("if-none-match", "Content-Type", {
      requestHeaders: [
        { name: "Origin", value: PAGE },
        { name: "Access-Control-Request-Method", value: "GET" },
        { name: "Access-Control-Request-Headers", value: "if-none-match" }
      ]
    })
    expect(findingsOf(rule, [forRead])).toEqual([])
  })

  it("every preflight was refused whole, or the one that passed asked for another header too", () => {
    const refusedWhole = (headers: string) => preflight(headers, null, { status: 403, response: {} })
    expect(
      findingsOf(rule, [refusedWhole("content-type,if-match"), refusedPut(), refusedWhole("content-type")])
    ).toEqual([])
    resetExchangeIds()
    const otherHeaderToo = [
      refusedWhole("content-type,if-match,x-trace-id"),
      preflight("content-type", "Content-Type")
    ]
    expect(findingsOf(rule, otherHeaderToo)).toEqual([])
  })

  it("a failed write had no refusing preflight, or one for another method, header or time", () => {
    expect(findingsOf(rule, [read('"a1"'), refusedPut()])).toEqual([])
    resetExchangeIds()
    const allowed = [preflight("if-match", "If-Match"), refusedPut()]
    expect(findingsOf(rule, allowed)).toEqual([])
    resetExchangeIds()
    // The refusal stands alone: the later failures are not what it stopped.
    const otherMethod = findingsOf(rule, [preflight("if-match"), refusedPut({ method: "DELETE" })])
    expect(otherMethod).toEqual([expect.objectContaining({ exchangeIds: [1] })])
    resetExchangeIds()
    const withoutHeader = findingsOf(rule, [
      preflight("if-match"),
      write({ status: 0, kind: "failed", request: { Origin: PAGE } })
    ])
    expect(withoutHeader).toEqual([expect.objectContaining({ exchangeIds: [1] })])
    resetExchangeIds()
    const muchLater = findingsOf(rule, [
      preflight("if-match"),
      refusedPut({ startedAt: "2026-01-01T12:05:00.000Z" })
    ])
    expect(muchLater).toEqual([expect.objectContaining({ exchangeIds: [1] })])
  })

  it("the write that failed was a replay, or the write went through (it is API traffic, not refused)", () => {
    const replayed = findingsOf(rule, [preflight("if-match"), refusedPut({ origin: "replay" })])
    expect(replayed).toEqual([expect.objectContaining({ exchangeIds: [1] })])
    resetExchangeIds()
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', request: { Origin: PAGE } })])).toEqual(
      []
    )
  })
})
