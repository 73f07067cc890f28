import { describe, expect, it } from "vitest"
import type { Exchange } from "../../src/core/model"
import { lookupById } from "../../src/cli/run-audit"

const withIds = (...ids: number[]): Exchange[] => ids.map((id) => ({ id }) as Exchange)

describe("lookupById", () => {
  it("finds each exchange of a gapless list by position", () => {
    const lookup = lookupById(withIds(5, 6, 7, 8))
    expect([5, 6, 7, 8].map((id) => lookup.get(id)?.id)).toEqual([5, 6, 7, 8])
  })

  it("finds exchanges after a gap and says undefined for ids it does not hold", () => {
    const lookup = lookupById(withIds(1, 2, 4, 9, 10))
    expect([1, 2, 4, 9, 10].map((id) => lookup.get(id)?.id)).toEqual([1, 2, 4, 9, 10])
    expect([0, 3, 5, 11, -1].map((id) => lookup.get(id))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined
    ])
  })

  it("answers undefined on an empty list", () => {
    expect(lookupById([]).get(1)).toBeUndefined()
  })
})
