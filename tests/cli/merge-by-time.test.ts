import { describe, expect, it } from "vitest"
import { mergeByStartTime } from "../../src/cli/merge-by-time"
import type { HarSourceEntry } from "../../src/cli/read-har-file"

const entry = (file: string, index: number, startedMs: number): HarSourceEntry => ({
  file,
  index,
  entry: {},
  startedMs
})

const order = (entries: readonly HarSourceEntry[]): string[] =>
  entries.map((item) => `${item.file}#${item.index}`)

describe("mergeByStartTime", () => {
  async function* source(items: readonly HarSourceEntry[]): AsyncGenerator<HarSourceEntry> {
    yield* items
  }

  it("interleaves files by start time and notes a file out of order once", async () => {
    const notes: string[] = []
    const merged: HarSourceEntry[] = []
    const sources = [
      source([entry("a", 0, 10), entry("a", 1, 40), entry("a", 2, 35), entry("a", 3, 20)]),
      source([entry("b", 0, 15), entry("b", 1, 50)])
    ]
    for await (const item of mergeByStartTime(sources, (file, index) => notes.push(`${file}#${index}`)))
      merged.push(item)
    expect(order(merged)).toEqual(["a#0", "b#0", "a#1", "a#2", "a#3", "b#1"])
    expect(notes).toEqual(["a#2"])
  })
})
