import { describe, expect, it } from "vitest"

import { isContextEvidence, subjectExchangeId } from "../../../src/core/findings/finding-evidence"
import type { Finding } from "../../../src/core/model"

const finding = (exchangeIds: number[], contextExchangeIds?: number[]): Finding => ({
  ruleId: "lost-update",
  severity: "error",
  message: "m",
  exchangeIds,
  ...(contextExchangeIds && { contextExchangeIds })
})

describe("finding evidence", () => {
  it("tells context exchanges from the ones the finding is about", () => {
    const lost = finding([2, 3], [2])
    expect(isContextEvidence(lost, 2)).toBe(true)
    expect(isContextEvidence(lost, 3)).toBe(false)
    expect(isContextEvidence(finding([2, 3]), 2)).toBe(false)
  })

  it("is about the latest exchange that is not context", () => {
    expect(subjectExchangeId(finding([2, 3], [2]))).toBe(3)
    expect(subjectExchangeId(finding([2, 3], [3]))).toBe(2)
    expect(subjectExchangeId(finding([4, 7, 9]))).toBe(9)
    expect(subjectExchangeId(finding([]))).toBeUndefined()
  })
})
