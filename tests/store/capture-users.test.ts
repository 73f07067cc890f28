import { beforeEach, describe, expect, it } from "vitest"

import { captureUserLabels } from "../../src/store/capture-users"
import { exchange, resetExchangeIds } from "../builders/exchange"

const by = (user: string) => exchange({ request: { Authorization: `Basic ${btoa(`${user}:pw`)}` } })
const anonymous = () => exchange()

beforeEach(resetExchangeIds)

describe("captureUserLabels", () => {
  it("labels the users in order of first appearance, reading what each new snapshot added", () => {
    const first = [by("alice"), anonymous(), by("alice")]
    expect([...captureUserLabels(first).values()]).toEqual(["alice"])
    const second = [...first, by("bob"), by("alice")]
    expect([...captureUserLabels(second).entries()]).toEqual([
      ["basic alice", "alice"],
      ["basic bob", "bob"]
    ])
    // The same snapshot again: the same labels object.
    expect(captureUserLabels(second)).toBe(captureUserLabels(second))
  })

  it("keeps a user whose exchanges were evicted, so the letters stay", () => {
    const opaque = (token: string) => exchange({ request: { Authorization: `Bearer ${token}` } })
    const all = [opaque("t-1"), opaque("t-2"), opaque("t-2")]
    expect([...captureUserLabels(all).values()]).toEqual(["user A", "user B"])
    // The oldest exchange evicted, one more arrives: user B is still user B.
    const later = [...all.slice(1), opaque("t-3")]
    expect([...captureUserLabels(later).values()]).toEqual(["user A", "user B", "user C"])
  })

  it("a renewed session (the snapshot's renewedSessions) keeps its first session's letter", () => {
    const session = (id: string) => exchange({ request: { Cookie: `PHPSESSID=${id}` } })
    const renewed = new Map([["session PHPSESSID=s2", "session PHPSESSID=s1"]])
    const labels = captureUserLabels([session("s1"), session("s2"), session("bob")], renewed)
    expect([...labels.entries()]).toEqual([
      ["session PHPSESSID=s1", "user A"],
      ["session PHPSESSID=bob", "user B"]
    ])
  })

  it("starts afresh for another capture (cleared, or rebuilt with new exchange objects)", () => {
    expect([...captureUserLabels([by("alice"), by("bob")]).values()]).toEqual(["alice", "bob"])
    resetExchangeIds()
    expect([...captureUserLabels([by("carol")]).values()]).toEqual(["carol"])
    expect(captureUserLabels([]).size).toBe(0)
  })
})
