import { diffLines as jsdiffLines } from "diff"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { diffLines } from "../../../src/core/replay/line-diff"

const rebuild = (parts: ReturnType<typeof diffLines>, side: "before" | "after") =>
  parts
    .filter((part) => (side === "before" ? !part.added : !part.removed))
    .map((part) => part.value)
    .join("")
const changedLines = (parts: readonly { added?: boolean; removed?: boolean; count?: number }[]) =>
  parts.filter((part) => part.added || part.removed).reduce((sum, part) => sum + (part.count ?? 0), 0)

describe("diffLines", () => {
  it("marks one changed line in a JSON body", () => {
    const parts = diffLines('{\n  "a": 1,\n  "b": 2\n}\n', '{\n  "a": 1,\n  "b": 3\n}\n')
    expect(parts).toEqual([
      { value: '{\n  "a": 1,\n', added: false, removed: false, count: 2 },
      { value: '  "b": 2\n', added: false, removed: true, count: 1 },
      { value: '  "b": 3\n', added: true, removed: false, count: 1 },
      { value: "}\n", added: false, removed: false, count: 1 }
    ])
  })

  it("rebuilds both sides and changes no more lines than jsdiff (minimal edit script)", () => {
    const lines = fc.array(fc.constantFrom("a\n", "b\n", "c\n", "d\n", "e"), { maxLength: 12 })
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const a = before.join("")
        const b = after.join("")
        const parts = diffLines(a, b)
        expect(rebuild(parts, "before")).toBe(a)
        expect(rebuild(parts, "after")).toBe(b)
        expect(changedLines(parts)).toBe(changedLines(jsdiffLines(a, b)))
      })
    )
  })

  it("stays fast on huge bodies by giving up on the middle", () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`)
    const shuffled = [...big].reverse()
    const started = performance.now()
    const parts = diffLines(big.join(""), shuffled.join(""), 1_000_000)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(rebuild(parts, "after")).toBe(shuffled.join(""))
  })
})
