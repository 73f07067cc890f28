import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import type { Exchange } from "../../../src/core/model"
import {
  bodyOfVersion,
  choiceLabel,
  planRace,
  planRefresh,
  planReplay,
  runRace,
  runRefresh,
  runReplay,
  type ReplayPlan,
  type ReplayResponse,
  type ReplayRunDeps
} from "../../../src/core/replay"
import { API, exchange, write } from "../../builders/exchange"
import { lineageWith } from "./replay-builders"

const lineage = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"'])
const put = write({ id: 3, ifMatch: '"n1-v2"', requestBody: { size: 7, text: '{"t":1}' } })
const allowed = { confirmed: true, recordedUrl: put.url }

function fakeDeps(answers: ReplayResponse[]) {
  const recorded: { entry: unknown; replay: NonNullable<Exchange["replay"]> }[] = []
  const sent: ReplayPlan[] = []
  let clock = Date.UTC(2026, 0, 1)
  const deps: ReplayRunDeps = {
    send: async (plan) => {
      sent.push(plan)
      clock += 5
      return answers.shift() ?? { error: "no scripted answer" }
    },
    record: (entry, replay) => (recorded.push({ entry, replay }), 100 + recorded.length),
    now: () => clock
  }
  return { deps, recorded, sent }
}
const status = (code: number, headers: [string, string][] = []): ReplayResponse => ({
  status: code,
  statusText: "",
  headers: headers.map(([name, value]) => ({ name, value })),
  bodyText: ""
})

describe("runReplay", () => {
  it("sends, classifies and records the replay with its choice and verdict", async () => {
    const { deps, recorded } = fakeDeps([status(412)])
    const plan = planReplay(put, lineage, { kind: "version", versionIndex: 1 })
    const run = await runReplay(deps, plan, lineage, allowed)
    expect(run.outcome.verdict).toBe("conflict-detected")
    expect(run.exchangeId).toBe(101)
    expect(recorded[0].replay).toEqual({ of: 3, choice: "v1", verdict: "conflict-detected" })
    expect(recorded[0].entry).toMatchObject({ startedDateTime: "2026-01-01T00:00:00.000Z", time: 5 })
  })

  it("labels every choice the way the lineage prints it", () => {
    expect(
      [
        { kind: "version", versionIndex: 2 } as const,
        { kind: "original" } as const,
        { kind: "none" } as const,
        { kind: "star" } as const,
        { kind: "weak" } as const,
        { kind: "custom", value: '"x"' } as const
      ].map(choiceLabel)
    ).toEqual(["v2", "original", "none", "*", "weak", 'custom "x"'])
  })
})

describe("runRace", () => {
  it("records the second write of a lax server as a lost update", async () => {
    const { deps, recorded, sent } = fakeDeps([status(200), status(200)])
    const run = await runRace(deps, planRace(put, lineage), lineage, allowed)
    expect(sent).toHaveLength(2)
    expect(run.outcome.verdict).toBe("lost-update")
    expect(recorded.map((r) => [r.replay.choice, r.replay.verdict])).toEqual([
      ["race 1 (v2)", "accepted"],
      ["race 2 (v2)", "lost-update"]
    ])
  })

  it("records the refused second write of a strict server as a conflict", async () => {
    const { deps, recorded } = fakeDeps([status(204), status(412)])
    const run = await runRace(deps, planRace(put, lineage), lineage, allowed)
    expect(run.outcome.verdict).toBe("protected")
    expect(recorded[1].replay.verdict).toBe("conflict-detected")
  })
})

describe("refresh (Show the fix)", () => {
  it("plans a GET without the write's precondition, body or version param, and records it without a verdict", async () => {
    const del = write({
      method: "DELETE",
      url: `${API}/1?rev=2&x=1`,
      request: {
        "If-Match": '"n1-v2"',
        "Content-Type": "application/json",
        Accept: "application/json",
        Cookie: "a"
      }
    })
    const plan = planRefresh(del)
    expect(plan).toMatchObject({ method: "GET", url: `${API}/1?x=1` })
    expect(plan.body).toBeUndefined()
    expect(plan.headers).toEqual([{ name: "Accept", value: "application/json" }])
    const { deps, recorded } = fakeDeps([status(200, [["ETag", '"n1-v3"']])])
    const { response } = await runRefresh(deps, plan, allowed)
    expect(response).toMatchObject({ status: 200 })
    expect(recorded[0].replay).toEqual({ of: del.id, choice: "refresh" })
  })
})

describe("bodyOfVersion", () => {
  it("prefers a read's body, then the producing write's answer, then what it sent", () => {
    const readOne = exchange({ id: 1, responseBody: { size: 9, text: '{"t":"r"}' } })
    const putTwo = write({ id: 2, requestBody: { size: 9, text: '{"t":"w"}' } })
    const versions = lineageWith(`${API}/1`, ['"a"', '"b"']).versions
    expect(bodyOfVersion({ ...versions[0], introducedBy: 2, seenBy: [1] }, [readOne, putTwo])).toBe(
      '{"t":"r"}'
    )
    expect(bodyOfVersion({ ...versions[1], introducedBy: 2, seenBy: [] }, [readOne, putTwo])).toBe(
      '{"t":"w"}'
    )
    expect(bodyOfVersion({ ...versions[1], introducedBy: 9, seenBy: [] }, [])).toBeUndefined()
  })
})

describe("with the real engine", () => {
  it("a recorded replay joins the resource's lineage as a replay event", async () => {
    const engine = createEngine()
    const { deps } = fakeDeps([status(412, [["ETag", '"n1-v2"']])])
    const record: ReplayRunDeps["record"] = (entry, replay) => {
      const result = engine.ingestHarEntry(entry, "replay", { replay })
      return "exchange" in result ? result.exchange.id : undefined
    }
    const plan = planReplay(put, lineage, { kind: "version", versionIndex: 1 })
    const run = await runReplay({ ...deps, record }, plan, lineage, allowed)
    const snapshot = engine.snapshot()
    const replayed = snapshot.exchanges.find((e) => e.id === run.exchangeId)
    expect(replayed).toMatchObject({
      origin: "replay",
      replay: { of: 3, choice: "v1", verdict: "conflict-detected" }
    })
    const resource = snapshot.resources.find((r) => r.events.some((e) => e.exchangeId === run.exchangeId))
    expect(resource?.events.find((e) => e.exchangeId === run.exchangeId)?.role).toBe("replay")
  })
})
