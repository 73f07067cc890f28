import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { HarEntriesScanner, type ScannedEntry } from "../../src/cli/har-entries-scanner"

function scanInChunks(text: string, cuts: readonly number[]): { entries: ScannedEntry[]; endError?: string } {
  const scanner = new HarEntriesScanner()
  const entries: ScannedEntry[] = []
  let from = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    entries.push(...scanner.push(text.slice(from, cut)))
    from = cut
  }
  entries.push(...scanner.push(text.slice(from)))
  try {
    scanner.end()
    return { entries }
  } catch (error) {
    return { entries, endError: (error as Error).message }
  }
}

const tricky = {
  log: {
    version: "1.2",
    creator: { name: "x", version: "1" },
    pages: [{ id: "p", entries: ["not these"] }],
    comment: 'braces } ] { [ and "quotes" \\" and \\\\',
    entries: [
      { startedDateTime: "2024-01-01T00:00:00Z", request: { url: "http://a/{x}" }, text: '\\"}]' },
      { nested: [[{ a: "\\\\" }], { b: "é漢字😀" }], n: 1 },
      { last: true }
    ]
  },
  after: { entries: [1, 2] }
}

describe("HarEntriesScanner", () => {
  it("extracts exactly the log.entries elements, whatever the chunk boundaries", () => {
    const text = JSON.stringify(tricky, null, 1)
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
        const { entries, endError } = scanInChunks(text, cuts)
        expect(endError).toBeUndefined()
        expect(entries).toEqual(tricky.log.entries.map((value, index) => ({ index, value })))
      }),
      { numRuns: 500 }
    )
  })

  it("splits a one-character-at-a-time feed correctly", () => {
    const text = JSON.stringify(tricky)
    const cuts = Array.from({ length: text.length }, (_, i) => i)
    expect(scanInChunks(text, cuts).entries).toHaveLength(3)
  })

  it("reports a non-object and an unparsable entry by index and keeps going", () => {
    const text = '{"log":{"entries":[ {"a":1}, 42 , "s", {"b": tru}, {"c":[1]} ]}}'
    const { entries, endError } = scanInChunks(text, [])
    expect(endError).toBeUndefined()
    expect(entries.map((entry) => entry.index)).toEqual([0, 1, 2, 3, 4])
    expect(entries[1]).toEqual({ index: 1, value: 42 })
    expect(entries[2]).toEqual({ index: 2, value: "s" })
    expect(entries[3]).toMatchObject({ index: 3, error: expect.stringContaining("not valid JSON") })
    expect(entries[4]).toEqual({ index: 4, value: { c: [1] } })
  })

  it("yields the complete entries of a truncated file and says where it ended", () => {
    const text = JSON.stringify(tricky).slice(0, JSON.stringify(tricky).indexOf('{"last"') + 4)
    const { entries, endError } = scanInChunks(text, [10, 50])
    expect(entries).toHaveLength(2)
    expect(endError).toMatch(/truncated JSON.*after 2 complete entries/)
  })

  it("rejects a wrong root, a missing entries array and an empty text", () => {
    expect(scanInChunks("[1,2]", []).endError).toMatch(/root is not a JSON object/)
    expect(scanInChunks('{"log":{"pages":[]}}', []).endError).toMatch(/no log.entries/)
    expect(scanInChunks('{"log":{"entries":{}}}', []).endError).toMatch(/not an array/)
    expect(scanInChunks('{"log":{"entries": "x"}}', [15]).endError).toBe("log.entries is not an array")
    expect(scanInChunks('{"pages":[]}', []).endError).toBe("no log object in the HAR")
    expect(scanInChunks('{"log":7}', []).endError).toBe("log is not an object")
    expect(scanInChunks("  \n", []).endError).toMatch(/empty/)
    expect(scanInChunks('{"log":{"entries":[]}} trailing', []).endError).toMatch(/after the HAR object/)
  })

  it("accepts a byte order mark and an empty entries array", () => {
    expect(scanInChunks('\uFEFF{"log":{"entries":[]}}', [1]).endError).toBeUndefined()
  })
})
