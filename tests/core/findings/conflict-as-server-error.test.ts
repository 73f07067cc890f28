import { beforeEach, describe, expect, it } from "vitest"

import { API, observed, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "conflict-as-server-error"
beforeEach(resetExchangeIds)

/** v1 read, then v2 written with it: "a1" is stale from then on. */
const twoVersions = () => [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]
const createOnly = (status: number) => write({ request: { "If-None-Match": "*" }, status })

describe("conflict-as-server-error fires when", () => {
  it("a write with a stale If-Match is answered 500", () => {
    const found = findingsOf(rule, [...twoVersions(), write({ ifMatch: '"a1"', status: 500 })])
    // The write that made v1 stale is shown for context.
    expect(found).toEqual([
      expect.objectContaining({
        severity: "warning",
        exchangeIds: [2, 3],
        contextExchangeIds: [2],
        resourceKey: `${API}/1`
      })
    ])
    expect(found[0].message).toBe("#3 PUT based on v1 (current was v2) → 500 instead of 412")
    // Overwritten since by a write without a tag: no newer version to name.
    resetExchangeIds()
    const untagged = [read('"a1"'), write({ status: 204 }), write({ ifMatch: '"a1"', status: 500 })]
    expect(findingsOf(rule, untagged).map((finding) => finding.message)).toEqual([
      "#3 PUT based on v1 (current was a newer write) → 500 instead of 412"
    ])
  })

  it("a write with a stale body version (JPA's version, unmapped OptimisticLockException) is answered 500", () => {
    const version = (text: string) => observed(text, "body:version")
    const found = findingsOf(rule, [
      read(undefined, { responseTags: [version('"1"')] }),
      write({ status: 200, precondition: { bodyVersion: version('"1"') }, responseTags: [version('"2"')] }),
      write({ status: 500, precondition: { bodyVersion: version('"1"') } })
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[2, 3]])
  })

  it("If-None-Match: * on a resource the traffic showed existing is answered 500 (SAP CAP's unique-key error)", () => {
    const found = findingsOf(rule, [read('"a1"'), createOnly(500)])
    expect(found.map((finding) => finding.message)).toEqual([
      "#2 PUT with If-None-Match: * on an existing resource (v1) → 500 instead of 412"
    ])
  })
})

describe("conflict-as-server-error must not fire when", () => {
  it("the server refuses as it should (412), or with 409", () => {
    expect(findingsOf(rule, [...twoVersions(), write({ ifMatch: '"a1"', status: 412 })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), createOnly(412)])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), createOnly(409)])).toEqual([])
  })

  it("the tag was current or unknown, or no precondition was sent: a 500 says nothing about a conflict", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', status: 500 })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"zz"', status: 500 })])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), write({ status: 500 })])).toEqual([])
  })

  it("a gateway answered (502, 503, 504): the write may never have reached the server", () => {
    for (const status of [502, 503, 504])
      expect(findingsOf(rule, [...twoVersions(), write({ ifMatch: '"a1"', status })])).toEqual([])
  })

  it("a create-only write to a resource not seen, or a POST to a collection", () => {
    expect(findingsOf(rule, [createOnly(500)])).toEqual([])
    const list = read(undefined, { url: API, itemTags: [{ url: `${API}/1`, tag: observed('"a1"') }] })
    const post = write({ method: "POST", url: API, request: { "If-None-Match": "*" }, status: 500 })
    expect(findingsOf(rule, [list, post])).toEqual([])
  })

  it("the exchange is capture noise (304, preflight, failed, cached)", () => {
    const stale = write({ ifMatch: '"a1"', status: 500 })
    for (const noise of noiseVariants(stale)) {
      resetExchangeIds()
      expect(findingsOf(rule, [...twoVersions(), noise])).toEqual([])
    }
  })
})
