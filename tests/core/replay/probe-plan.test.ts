import { describe, expect, it } from "vitest"

import type { Exchange } from "../../../src/core/model"
import {
  planProbe,
  probeLine,
  probeRequests,
  runProbe,
  ReplayPlanError,
  type ReplayPlan,
  type ReplayResponse,
  type ReplayRunDeps
} from "../../../src/core/replay"
import { API, write } from "../../builders/exchange"
import { lineageWith } from "./replay-builders"

const twoVersions = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"'])
const oneVersion = lineageWith(`${API}/1`, ['"n1-v1"'])
const put = write({ id: 3, ifMatch: '"n1-v2"', requestBody: { size: 7, text: '{"t":1}' } })
const allowed = { confirmed: true, recordedUrl: put.url }

function scripted(answers: ReplayResponse[]) {
  const sent: ReplayPlan[] = []
  const recorded: NonNullable<Exchange["replay"]>[] = []
  const deps: ReplayRunDeps = {
    send: async (plan) => (sent.push(plan), answers.shift() ?? { error: "no scripted answer" }),
    record: (_entry, replay) => (recorded.push(replay), 100 + recorded.length),
    now: () => Date.UTC(2026, 0, 1)
  }
  return { deps, sent, recorded }
}
const status = (code: number): ReplayResponse => ({ status: code, statusText: "", headers: [], bodyText: "" })

describe("planProbe", () => {
  it("asks with the oldest version, then with none", () => {
    const requests = probeRequests(planProbe(put, twoVersions))
    expect(requests.map((plan) => plan.choice)).toEqual([
      { kind: "version", versionIndex: 1 },
      { kind: "none" }
    ])
    expect(requests[0].headers).toContainEqual({ name: "If-Match", value: '"n1-v1"' })
    expect(requests[1].headers.some((header) => header.name.toLowerCase() === "if-match")).toBe(false)
  })

  it("with one known version, races two writers on it to make an older one, then asks with none", () => {
    const requests = probeRequests(planProbe(put, oneVersion))
    expect(requests.map((plan) => plan.choice.kind)).toEqual(["version", "version", "none"])
  })

  it("needs a version to start from", () => {
    expect(() => planProbe(put, lineageWith(`${API}/1`, []))).toThrow(ReplayPlanError)
  })
})

describe("runProbe: the protection answer, asked of the server", () => {
  it.each([
    [[412, 428], "protected", "✔ Protected"],
    [[409, 428], "protected", "✔ Protected"],
    [[412, 200], "partial", "◐ Partly"],
    [[200, 200], "unprotected", "✖ Lost updates happen"],
    [[200, 428], "unprotected", "✖ Lost updates happen"],
    [[500, 428], "unknown", "? Could not tell: the write with an older version got 500"],
    [[412, 404], "unknown", "? It refused the older version; the write that named none got 404"]
  ])("answers %j → %s", async (codes, level, line) => {
    const { deps, sent, recorded } = scripted(codes.map(status))
    const run = await runProbe(deps, planProbe(put, twoVersions), twoVersions, allowed)
    expect(run.outcome.level).toBe(level)
    expect(probeLine(run.outcome)).toMatch(new RegExp(`^${line.replace(/[()?]/g, "\\$&")}`))
    // Each write waits for the previous answer, and each joins the lineage as a replay.
    expect(sent).toHaveLength(2)
    expect(recorded.map((replay) => replay.choice)).toEqual(["v1", "none"])
  })

  it("with one version: a race the second writer loses is a refused older version", async () => {
    const { deps, sent } = scripted([status(200), status(412), status(428)])
    const run = await runProbe(deps, planProbe(put, oneVersion), oneVersion, allowed)
    expect(sent).toHaveLength(3)
    expect(run.outcome.level).toBe("protected")
    const lax = scripted([status(200), status(200), status(200)])
    expect((await runProbe(lax.deps, planProbe(put, oneVersion), oneVersion, allowed)).outcome.level).toBe(
      "unprotected"
    )
  })

  it("a network failure says what it was", async () => {
    const { deps } = scripted([{ error: "TypeError: Failed to fetch" }, status(428)])
    const run = await runProbe(deps, planProbe(put, twoVersions), twoVersions, allowed)
    expect(run.outcome).toEqual({
      level: "unknown",
      text: "Could not tell: the write with an older version got no answer (TypeError: Failed to fetch), which says nothing about versions."
    })
  })
})
