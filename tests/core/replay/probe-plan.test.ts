import { describe, expect, it } from "vitest"

import type { Exchange } from "../../../src/core/model"
import {
  planProbe,
  planRace,
  probeLine,
  probeRequests,
  runProbe,
  ReplayPlanError,
  type ReplayPlan,
  type ReplayResponse,
  type ReplayRunDeps
} from "../../../src/core/replay"
import { API, write } from "../../builders/exchange"
import { eventOf, lineageWith } from "./replay-builders"

const twoVersions = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"'])
const weakVersions = lineageWith(`${API}/1`, ['W/"n1-v1"'])
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
const ifMatchOf = (plan: ReplayPlan) => plan.headers.find((header) => header.name === "If-Match")?.value

describe("planProbe", () => {
  it("the latest version's tag twice (a race), then no version", () => {
    const requests = probeRequests(planProbe(put, twoVersions))
    expect(requests.map(ifMatchOf)).toEqual(['"n1-v2"', '"n1-v2"', undefined])
    expect(requests.map((plan) => plan.choice.kind)).toEqual(["version", "version", "none"])
  })

  it("needs a version to start from", () => {
    expect(() => planProbe(put, lineageWith(`${API}/1`, []))).toThrow(ReplayPlanError)
  })
})

describe("planProbe on a resource the capture shows gone", () => {
  const deletion = eventOf(5, "DELETE", 204)
  const deleted = { ...twoVersions, events: [deletion], exists: false }

  it("sends nothing: the race's first write would re-create it on a server that does not check", () => {
    expect(() => planProbe(put, deleted)).toThrow(ReplayPlanError)
    expect(() => planProbe(put, deleted)).toThrow(
      /Checking protection needs a resource that exists.*deleted by #5/
    )
    expect(() => planRace(put, deleted)).toThrow(/Racing two writers needs a resource that exists/)
  })

  it("sends no DELETE either: 404 from a protected and a lax server alike", () => {
    const del = write({ id: 6, method: "DELETE", ifMatch: '"n1-v2"' })
    expect(() => planProbe(del, deleted)).toThrow(/deleted by #5/)
  })

  it("plans as usual once a read answered 2xx after the deletion", () => {
    const read = eventOf(7, "GET", 200)
    expect(probeRequests(planProbe(put, { ...deleted, events: [deletion, read] }))).toHaveLength(3)
  })
})

describe("runProbe: the protection answer, asked of the server", () => {
  it.each([
    [[200, 412, 428], "protected", "✔ Protected"],
    [[204, 409, 409], "protected", "✔ Protected"],
    [[200, 412, 412], "protected", "✔ Protected"],
    [[200, 412, 200], "partial", "◐ Partly"],
    [[200, 200, 200], "unprotected", "✖ Lost updates happen"],
    [[200, 200, 428], "unprotected", "✖ Lost updates happen"],
    [[500, 412, 428], "unknown", "? Could not tell: the first write got 500"],
    [[200, 500, 428], "unknown", "? Could not tell: the write with the older tag failed with 500, not 412"],
    [
      [200, 500, 200],
      "partial",
      "◐ Partly: a write that named no version was accepted, and the write with the older tag failed with 500"
    ],
    [
      [200, 503, 428],
      "unknown",
      "? Could not tell: the write with the older tag got 503, which says nothing"
    ],
    [[200, 412, 404], "unknown", "? It refused the older tag; the write that named none got 404"]
  ])("answers %j → %s", async (codes, level, line) => {
    const { deps, sent, recorded } = scripted(codes.map(status))
    const run = await runProbe(deps, planProbe(put, twoVersions), twoVersions, allowed)
    expect(run.outcome.level).toBe(level)
    expect(probeLine(run.outcome).startsWith(line)).toBe(true)
    // Each write waits for the previous answer, and each joins the lineage as a replay; a write 1
    // that is not accepted stops the race (no second write).
    const raced = codes[0] < 300
    expect(sent.map((plan) => plan.method)).toEqual(raced ? ["PUT", "PUT", "PUT"] : ["PUT", "PUT"])
    expect(recorded.map((replay) => replay.choice)).toEqual(
      raced ? ["race 1 (v2)", "race 2 (v2)", "none"] : ["race 1 (v2)", "none"]
    )
  })

  it("write 3 refused with 412 counts as refused, and says 412 was no tag check (nothing was sent to compare)", async () => {
    const { deps, recorded } = scripted([status(200), status(412), status(412)])
    const run = await runProbe(deps, planProbe(put, twoVersions), twoVersions, allowed)
    expect(run.unguarded?.outcome.verdict).toBe("inconclusive")
    expect(recorded.at(-1)).toMatchObject({ choice: "none", verdict: "inconclusive" })
    expect(probeLine(run.outcome)).toMatch(
      /^✔ Protected: .*refused a write that named none \(with 412, although that write sent no precondition: RFC 6585 §3 names 428\)\.$/
    )
  })

  it("a weak current tag refused: clients cannot write safely (If-Match compares strongly)", async () => {
    const { deps } = scripted([status(412), status(412), status(428)])
    const run = await runProbe(deps, planProbe(put, weakVersions), weakVersions, allowed)
    expect(run.outcome.level).toBe("unusable")
    expect(probeLine(run.outcome)).toMatch(
      /^⚠ Writes with If-Match fail even with the current tag: it is weak/
    )
  })

  // Write 1 refused: the GET sent instead of write 2 tells a server refusing its own current tag
  // from a resource changed since the capture, and says so when it shows neither.
  const tagged = (etag: string): ReplayResponse => ({
    ...status(200),
    headers: [{ name: "ETag", value: etag }]
  })
  it.each([
    [
      tagged('"n1-v2"'),
      "unusable",
      /^⚠ Writes with If-Match fail even with the current tag: it refused "n1-v2", the very tag/
    ],
    [
      tagged('"n1-v9"'),
      "unknown",
      /^\? Could not tell: it refused the tag the capture showed as current \(412\); the resource has changed since \(it is "n1-v9" now\)/
    ],
    [
      status(200),
      "unknown",
      /^\? Could not tell: it refused the tag the capture showed as current \(412\), and a fresh read got 200 without a tag, so why is unknown\. Reload the page and check again\.$/
    ],
    [
      status(404),
      "unknown",
      /^\? Could not tell: it refused .*\(412\), and a fresh read got 404, so why is unknown\. Reload the page and check again\.$/
    ],
    [
      { error: "TypeError: Failed to fetch" },
      "unknown",
      /^\? Could not tell: it refused .*\(412\), and a fresh read got no answer \(TypeError: Failed to fetch\), so why is unknown\. Reload the page and check again\.$/
    ]
  ] as const)("write 1 refused, then the GET answers %j → %s", async (read, level, line) => {
    const { deps, sent } = scripted([status(412), read, status(428)])
    const run = await runProbe(deps, planProbe(put, twoVersions), twoVersions, allowed)
    expect(sent.map((plan) => plan.method)).toEqual(["PUT", "GET", "PUT"])
    expect(run.outcome.level).toBe(level)
    expect(probeLine(run.outcome)).toMatch(line)
  })

  it("a network failure says what it was", async () => {
    const { deps } = scripted([{ error: "TypeError: Failed to fetch" }, status(428)])
    const run = await runProbe(deps, planProbe(put, twoVersions), twoVersions, allowed)
    expect(run.outcome).toEqual({
      level: "unknown",
      text: "Could not tell: the first write got no answer (TypeError: Failed to fetch)."
    })
  })
})

describe("Check protection on a DELETE", () => {
  const del = write({ id: 4, method: "DELETE", ifMatch: '"n1-v2"' })
  const deleteAllowed = { confirmed: true, recordedUrl: del.url }

  it("is one DELETE naming the version before the latest, never the current one nor none", () => {
    const probe = planProbe(del, twoVersions)
    expect(probe.kind).toBe("delete")
    const requests = probeRequests(probe)
    expect(requests.map((plan) => plan.method)).toEqual(["DELETE"])
    expect(requests.map(ifMatchOf)).toEqual(['"n1-v1"'])
  })

  it("needs an older version to name: with the latest only it plans nothing", () => {
    expect(() => planProbe(del, lineageWith(`${API}/1`, ['"n1-v1"']))).toThrow(/one version only/)
  })

  it.each([
    [412, "protected", "✔ Stale deletes are refused: it answered 412"],
    [409, "protected", "✔ Stale deletes are refused: it answered 409"],
    [
      204,
      "unprotected",
      "✖ Lost updates happen: it deleted the resource on a DELETE naming an older version (204)"
    ],
    [404, "unknown", "? Could not tell: the DELETE naming an older version got 404"]
  ])("answered %d → %s", async (code, level, line) => {
    const { deps, sent, recorded } = scripted([status(code)])
    const run = await runProbe(deps, planProbe(del, twoVersions), twoVersions, deleteAllowed)
    expect(run.outcome.level).toBe(level)
    expect(probeLine(run.outcome).startsWith(line)).toBe(true)
    expect(sent).toHaveLength(1)
    expect(recorded.map((replay) => replay.choice)).toEqual(["v1"])
    expect(run.unguarded).toBeUndefined()
  })
})
