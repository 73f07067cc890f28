import { beforeEach, describe, expect, it } from "vitest"

import { read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants, staleWriteRefused as conflict } from "../../builders/findings"

const rule = "stale-tag-retried"
beforeEach(resetExchangeIds)

describe("stale-tag-retried fires when", () => {
  it("a write refused with 412 is sent again naming the same version, nothing read in between", () => {
    const found = findingsOf(rule, [...conflict(), write({ ifMatch: '"a1"', status: 412 })])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [3, 4] })])
    expect(found[0].message).toBe(
      "#4 PUT named v1 again right after #3 was refused for it with 412, nothing read in between → 412"
    )
  })

  it("another user read the resource in between: that told the refused client nothing", () => {
    const as = (user: string) => ({ request: { Authorization: `Bearer ${user}` } })
    const found = findingsOf(rule, [
      read('"a1"', as("bob")),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200, ...as("alice") }),
      write({ ifMatch: '"a1"', status: 412, ...as("bob") }),
      read('"a2"', as("alice")),
      write({ ifMatch: '"a1"', status: 412, ...as("bob") })
    ])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [3, 5] })])
    expect(found[0].message).toBe(
      "#5 PUT named v1 again right after #3 was refused for it with 412, its user read nothing in between " +
        "(#4 was another user's read) → 412"
    )
  })

  it("a retry loop: one finding per resource, its evidence growing; a 409 API, a version never seen", () => {
    const loop = [
      ...conflict(),
      write({ ifMatch: '"a1"', status: 412 }),
      write({ ifMatch: '"a1"', status: 412 })
    ]
    expect(findingsOf(rule, loop)).toEqual([expect.objectContaining({ exchangeIds: [3, 4, 5] })])
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(409), write({ ifMatch: '"a1"', status: 409 })])).toHaveLength(1)
    resetExchangeIds()
    const unknown = [
      read('"a2"'),
      write({ ifMatch: '"zz"', status: 412 }),
      write({ ifMatch: '"zz"', status: 412 })
    ]
    expect(findingsOf(rule, unknown)[0].message).toMatch(/^#3 PUT named "zz" again right after #2/)
  })
})

describe("stale-tag-retried must not fire when", () => {
  it("the client read the resource in between, or retried with another version or none", () => {
    expect(findingsOf(rule, [...conflict(), read('"a2"'), write({ ifMatch: '"a1"', status: 412 })])).toEqual(
      []
    )
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(), write({ ifMatch: '"a2"', status: 200 })])).toEqual([])
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(), write({ status: 428 })])).toEqual([])
  })

  it("the first refusal was no conflict (412 to the current tag: the server's own tag), or a replay", () => {
    const ownTag = [
      read('"a1"'),
      write({ ifMatch: '"a1"', status: 412 }),
      write({ ifMatch: '"a1"', status: 412 })
    ]
    expect(findingsOf(rule, ownTag)).toEqual([])
    resetExchangeIds()
    const afterReplay = [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
      write({ ifMatch: '"a1"', status: 412, origin: "replay" }),
      write({ ifMatch: '"a1"', status: 412 })
    ]
    expect(findingsOf(rule, afterReplay)).toEqual([])
  })

  it("the two refusals carried different Authorization: two users, each refused once (the lab's two-user demo)", () => {
    const bothStale = (second: string) => [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
      write({ ifMatch: '"a1"', status: 412, request: { Authorization: "Bearer bob" } }),
      write({ ifMatch: '"a1"', status: 412, request: { Authorization: second } })
    ]
    expect(findingsOf(rule, bothStale("Bearer alice"))).toEqual([])
    resetExchangeIds()
    expect(findingsOf(rule, bothStale("Bearer bob"))).toHaveLength(1)
  })

  it("the retry is capture noise or a replay", () => {
    const retry = write({ ifMatch: '"a1"', status: 412 })
    expect(findingsOf(rule, [...conflict(), ...noiseVariants(retry)])).toEqual([])
    resetExchangeIds()
    expect(findingsOf(rule, [...conflict(), { ...retry, origin: "replay" }])).toEqual([])
  })
})
