/**
 * Replays of recorded lab writes: planned by the real planner from the lineage the real engine
 * builds of the recorded calls, sent to the live lab, judged by the real classifier.
 */
import { describe, expect, it } from "vitest"

import { API_PRESETS } from "../../src/core/api-presets"
import { createEngine } from "../../src/core/engine"
import type { EngineOptions, ReplayChoice } from "../../src/core/model"
import {
  bodyOfVersion,
  classifyReplay,
  planReplay,
  type ReplayHttpResponse,
  type ReplayPlan
} from "../../src/core/replay"
import { LabRecorder, type RecordedCall } from "../scenario/lab-recorder"
import { useLab } from "./lab-harness"

const lab = useLab()
const JSON_TYPE = { "Content-Type": "application/json" }

/** Records the calls, then plans the last one's replay with each choice. */
async function recordAndPlan(
  calls: readonly RecordedCall[],
  choices: readonly ReplayChoice[],
  options: Partial<EngineOptions> = {}
) {
  const recorder = new LabRecorder(lab.url())
  for (const call of calls) await recorder.call(call)
  const engine = createEngine(options)
  for (const entry of recorder.entries) engine.ingestHarEntry(entry, "import")
  const { exchanges, resources } = engine.snapshot()
  const recorded = exchanges.at(-1)
  const lineage = resources.find((resource) => resource.key.endsWith("/notes/1"))
  if (!recorded || !lineage) throw new Error("nothing recorded")
  const plans = choices.map((choice) => planReplay(recorded, lineage, choice, options))
  return { lineage, plans }
}

async function send(plan: ReplayPlan): Promise<ReplayHttpResponse> {
  const headers = plan.headers.map((header): [string, string] => [header.name, header.value])
  const response = await fetch(plan.url, { method: plan.method, headers, body: plan.body })
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers].map(([name, value]) => ({ name, value })),
    bodyText: await response.text()
  }
}

/** Each plan sent to a lab put back to the recorded state first, with its answer's verdict. */
async function verdicts(
  calls: readonly RecordedCall[],
  plans: readonly ReplayPlan[],
  lineage: Parameters<typeof classifyReplay>[2]
) {
  const found: string[] = []
  for (const plan of plans) {
    await fetch(`${lab.url()}/api/_reset`, { method: "POST" })
    const recorder = new LabRecorder(lab.url())
    for (const call of calls) await recorder.call(call)
    const response = await send(plan)
    found.push(`${response.status} ${classifyReplay(plan, response, lineage).verdict}`)
  }
  return found
}

const v1: ReplayChoice = { kind: "version", versionIndex: 1 }
const v2: ReplayChoice = { kind: "version", versionIndex: 2 }

describe("a write that named no version is replayed with one where the API's other writes sent it", () => {
  it("eve: in If-Match, which Eve checks (its body _etag is an echo): 412 to the stale one, not a lost update", async () => {
    const read = await lab.send("GET", "/api/eve/notes/1")
    const first = String(read.body?._etag)
    const calls: RecordedCall[] = [
      { method: "GET", path: "/api/eve/notes/1" },
      {
        method: "PUT",
        path: "/api/eve/notes/1",
        headers: { ...JSON_TYPE, "If-Match": `"${first}"` },
        body: JSON.stringify({ text: "with the tag" })
      },
      { method: "PUT", path: "/api/eve/notes/1", headers: JSON_TYPE, body: '{"text":"without a tag"}' }
    ]
    await fetch(`${lab.url()}/api/_reset`, { method: "POST" })
    const { lineage, plans } = await recordAndPlan(calls, [v1, { kind: "version", versionIndex: 3 }])
    expect(plans[0].precondition.carriers).toEqual([{ kind: "if-match" }])
    expect(plans[0].body).toBe('{"text":"without a tag"}')
    expect(await verdicts(calls, plans, lineage)).toEqual(["412 conflict-detected", "200 accepted"])
  })

  it("eve, with no other write to go by: If-Match too, not the echoed _etag", async () => {
    const calls: RecordedCall[] = [
      { method: "GET", path: "/api/eve/notes/1" },
      { method: "PUT", path: "/api/eve/notes/1", headers: JSON_TYPE, body: '{"text":"without a tag"}' }
    ]
    const { plans } = await recordAndPlan(calls, [v1])
    expect(plans[0].precondition.carriers).toEqual([{ kind: "if-match" }])
    expect(plans[0].body).toBe('{"text":"without a tag"}')
  })

  it("couch: in the body's _rev, which CouchDB reads (it ignores If-Match): the latest accepted, not 'refused a current tag'", async () => {
    const read = await lab.send("GET", "/api/couch/notes/1")
    const calls: RecordedCall[] = [
      { method: "GET", path: "/api/couch/notes/1" },
      {
        method: "PUT",
        path: "/api/couch/notes/1",
        headers: JSON_TYPE,
        body: JSON.stringify({ text: "with the rev", _rev: read.body?._rev })
      },
      { method: "PUT", path: "/api/couch/notes/1", headers: JSON_TYPE, body: '{"text":"without a rev"}' }
    ]
    await fetch(`${lab.url()}/api/_reset`, { method: "POST" })
    const { lineage, plans } = await recordAndPlan(calls, [v1, v2])
    expect(plans[1].precondition.carriers).toEqual([{ kind: "body-field", field: "_rev" }])
    expect(plans[1].headers.some((header) => header.name === "If-Match")).toBe(false)
    expect(await verdicts(calls, plans, lineage)).toEqual(["409 conflict-detected", "201 accepted"])
  })

  it("couch: a DELETE without body takes the version in ?rev=, as CouchDB's DELETE does", async () => {
    const read = await lab.send("GET", "/api/couch/notes/1")
    const calls: RecordedCall[] = [
      {
        method: "PUT",
        path: "/api/couch/notes/1",
        headers: JSON_TYPE,
        body: JSON.stringify({ text: "with the rev", _rev: read.body?._rev })
      },
      { method: "DELETE", path: "/api/couch/notes/1" }
    ]
    const { plans } = await recordAndPlan(calls, [v1])
    expect(plans[0].precondition.carriers).toEqual([{ kind: "query-param", param: "rev" }])
    expect(plans[0].url).toMatch(/\/api\/couch\/notes\/1\?rev=2-[0-9a-f]+$/)
  })
})

/** The planner's options for an API preset, as ⚙ Settings sets them. */
function presetOptions(id: string) {
  const preset = API_PRESETS.find((candidate) => candidate.id === id)
  if (!preset) throw new Error(`no preset ${id}`)
  const { id: _id, name: _name, ...options } = preset
  return options
}

describe("a version added to a body that lacked it has the shape of the API's field", () => {
  it("kube: nested in metadata, where Kubernetes reads resourceVersion: 409 to the stale one, not a lost update", async () => {
    const read = await lab.send("GET", "/api/kube/notes/1")
    const metadata = read.body?.metadata as { resourceVersion: string }
    const calls: RecordedCall[] = [
      { method: "GET", path: "/api/kube/notes/1" },
      {
        method: "PUT",
        path: "/api/kube/notes/1",
        headers: JSON_TYPE,
        body: JSON.stringify({
          text: "with the version",
          metadata: { resourceVersion: metadata.resourceVersion }
        })
      },
      { method: "PUT", path: "/api/kube/notes/1", headers: JSON_TYPE, body: '{"text":"without a version"}' }
    ]
    await fetch(`${lab.url()}/api/_reset`, { method: "POST" })
    const { lineage, plans } = await recordAndPlan(calls, [v1, { kind: "version", versionIndex: 3 }])
    expect(JSON.parse(plans[0].body ?? "")).toEqual({
      text: "without a version",
      metadata: { resourceVersion: "1001" }
    })
    expect(await verdicts(calls, plans, lineage)).toEqual(["409 conflict-detected", "200 accepted"])
  })

  it("spring: a JSON number, as the JPA @Version is bound: 409 to the stale one, not 400", async () => {
    const options = presetOptions("jpa")
    const calls: RecordedCall[] = [
      { method: "GET", path: "/api/spring/notes/1" },
      {
        method: "PUT",
        path: "/api/spring/notes/1",
        headers: JSON_TYPE,
        body: '{"text":"with the version","version":1}'
      },
      { method: "PUT", path: "/api/spring/notes/1", headers: JSON_TYPE, body: '{"text":"without a version"}' }
    ]
    const { lineage, plans } = await recordAndPlan(calls, [v1, { kind: "version", versionIndex: 3 }], options)
    expect(JSON.parse(plans[0].body ?? "")).toEqual({ text: "without a version", version: 1 })
    expect(await verdicts(calls, plans, lineage)).toEqual(["409 conflict-detected", "200 accepted"])
  })

  it("confluence: the next number in version.number, from the representation the panel passes", async () => {
    const options = presetOptions("confluence")
    const calls: RecordedCall[] = [
      { method: "GET", path: "/api/confluence/notes/1" },
      {
        method: "PUT",
        path: "/api/confluence/notes/1",
        headers: JSON_TYPE,
        body: '{"text":"with the version","version":{"number":2}}'
      },
      {
        method: "PUT",
        path: "/api/confluence/notes/1",
        headers: JSON_TYPE,
        body: '{"text":"without a version"}'
      }
    ]
    const recorder = new LabRecorder(lab.url())
    for (const call of calls) await recorder.call(call)
    const engine = createEngine(options)
    for (const entry of recorder.entries) engine.ingestHarEntry(entry, "import")
    const { exchanges, resources } = engine.snapshot()
    const lineage = resources.find((resource) => resource.key.endsWith("/notes/1"))
    const blind = exchanges.at(-1)
    const latest = lineage?.versions.at(-1)
    if (!lineage || !blind || !latest) throw new Error("nothing recorded")
    // The 400 to the blind write shows no version: the latest version's body does.
    const representation = bodyOfVersion(latest, exchanges)
    const plans = [v1, v2].map((choice) => planReplay(blind, lineage, choice, { ...options, representation }))
    expect(JSON.parse(plans[0].body ?? "")).toEqual({ text: "without a version", version: { number: 2 } })
    expect(await verdicts(calls, plans, lineage)).toEqual(["409 conflict-detected", "200 accepted"])
  })
})
