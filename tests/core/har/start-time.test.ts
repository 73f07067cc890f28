import { describe, expect, it } from "vitest"
import fc from "fast-check"

import {
  mergeCaptures,
  sortByStartTime,
  startedMsOf,
  type TimedEntry
} from "../../../src/core/har/start-time"

const timed = (file: string, index: number, startedMs: number): TimedEntry => ({
  file,
  index,
  entry: {},
  startedMs
})

const order = (entries: readonly TimedEntry[]): string[] =>
  entries.map((item) => `${item.file}#${item.index}`)

const at = (second: number) => ({
  startedDateTime: `2026-11-27T10:00:${String(second).padStart(2, "0")}.000Z`
})

describe("sortByStartTime", () => {
  it("keeps an already ordered list as it is, ties included", () => {
    const entries = [timed("a", 0, 10), timed("a", 1, 10), timed("a", 2, 30)]
    expect(order(sortByStartTime([...entries]))).toEqual(["a#0", "a#1", "a#2"])
  })

  it("sorts an unordered list by start time, stable for equal times", () => {
    const entries = [timed("a", 0, 30), timed("a", 1, 10), timed("b", 0, 20), timed("b", 1, 10)]
    expect(order(sortByStartTime(entries))).toEqual(["a#1", "b#1", "b#0", "a#0"])
  })

  it("gives a list sorted by time whose equal times keep their order (any times)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), (times) => {
        const sorted = sortByStartTime(times.map((time, index) => timed("a", index, time)))
        for (let position = 1; position < sorted.length; position++) {
          const [before, after] = [sorted[position - 1], sorted[position]]
          expect(
            before.startedMs < after.startedMs ||
              (before.startedMs === after.startedMs && before.index < after.index)
          ).toBe(true)
        }
      })
    )
  })
})

describe("startedMsOf", () => {
  it("reads startedDateTime, else keeps the predecessor's time", () => {
    expect(startedMsOf(at(5), 0)).toBe(Date.parse("2026-11-27T10:00:05.000Z"))
    for (const unreadable of [{}, { startedDateTime: "yesterday" }, { startedDateTime: 5 }, null, "entry"])
      expect(startedMsOf(unreadable, 42)).toBe(42)
  })
})

describe("mergeCaptures", () => {
  it("interleaves two people's captures by start time; a tie keeps the earlier file first", () => {
    const alice = { file: "alice.har", entries: [at(1), at(3), at(5)] }
    const bob = { file: "bob.har", entries: [at(2), at(3), {}, at(6)] }
    expect(order(mergeCaptures([alice, bob]))).toEqual([
      "alice.har#0",
      "bob.har#0",
      "alice.har#1",
      "bob.har#1",
      "bob.har#2", // no time: its predecessor's
      "alice.har#2",
      "bob.har#3"
    ])
  })
})
