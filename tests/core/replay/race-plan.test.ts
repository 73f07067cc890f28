import { describe, expect, it } from "vitest"

import { classifyRace, planRace, ReplayPlanError, type ReplayResponse } from "../../../src/core/replay"
import { API, write } from "../../builders/exchange"
import { lineageWith } from "./replay-builders"

const lineage = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"'])
const put = write({ ifMatch: '"n1-v1"', requestBody: { size: 2, text: '{"t":0}' } })
const status = (code: number): ReplayResponse => ({ status: code, statusText: "", headers: [], bodyText: "" })

describe("planRace", () => {
  it("plans two writes with the same, latest tag and their own bodies", () => {
    const race = planRace(put, lineage, { first: '{"t":"A"}', second: '{"t":"B"}' })
    expect(race.basedOn).toBe(2)
    for (const plan of [race.first, race.second]) {
      expect(plan.headers.find((h) => h.name === "If-Match")?.value).toBe('"n1-v2"')
      expect(plan.precondition.state).toBe("current")
    }
    expect([race.first.body, race.second.body]).toEqual(['{"t":"A"}', '{"t":"B"}'])
  })

  it("refuses a resource with no known version", () => {
    expect(() => planRace(put, lineageWith(`${API}/1`, []))).toThrow(ReplayPlanError)
  })
})

describe("classifyRace", () => {
  it.each([
    [200, 412, "protected"],
    [204, 409, "protected"],
    [200, 428, "protected"],
    [200, 200, "lost-update"],
    [201, 204, "lost-update"],
    [412, 412, "inconclusive"],
    [200, 500, "inconclusive"]
  ] as const)("first %i, second %i → %s", (first, second, verdict) => {
    expect(classifyRace(status(first), status(second)).verdict).toBe(verdict)
  })

  it("is inconclusive when either write failed to complete, naming the error", () => {
    expect(classifyRace({ error: "Failed to fetch" }, status(200)).explanation).toMatch(/Failed to fetch/)
    expect(classifyRace(status(200), { error: "timed out" }).explanation).toMatch(/timed out/)
  })
})
