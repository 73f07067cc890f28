/**
 * A FHIR server's version-aware update: the resource repeats its id in the body, and a server
 * refuses an update whose body's `id` is not the URL's (400). A generated test creates a resource
 * of its own, so its writes must name that resource's id, not the recorded one. The tiny server
 * here is shaped like a FHIR server (Medplum's router: If-Match's version id compared inside the
 * quotes, 412 when stale; an update without If-Match taken).
 */
import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { extractScenario } from "../../src/core/scenario/extract-scenario"
import type { Scenario } from "../../src/core/scenario/scenario"
import { toPlaywrightTest } from "../../src/core/scenario/to-playwright-test"
import { harEntry } from "../builders/har"
import { run, runPlaywright, SCRIPT_FLAVOURS, useScratchDir, useTinyServer } from "./run-generated"

const scratch = useScratchDir()
const FHIR_JSON = { "Content-Type": "application/fhir+json" }
const patients = new Map<string, { version: number; family: string }>()
/** The body ids the updates named, in order. */
const namedIds: string[] = []
let nextId = 100

const server = useTinyServer(({ method, url, headers, body }) => {
  const shown = (id: string, status = 200) => {
    const patient = patients.get(id)!
    return {
      status,
      headers: { ...FHIR_JSON, ETag: `W/"${patient.version}"` },
      json: {
        resourceType: "Patient",
        id,
        meta: { versionId: String(patient.version) },
        name: [{ family: patient.family }]
      }
    }
  }
  const outcome = (status: number, text: string) => ({
    status,
    headers: FHIR_JSON,
    json: {
      resourceType: "OperationOutcome",
      issue: [{ severity: "error", code: "processing", diagnostics: text }]
    }
  })
  const sent = body === "" ? undefined : (JSON.parse(body) as { id?: string; name?: { family?: string }[] })
  if (method === "POST" && url === "/fhir/Patient") {
    const id = String(nextId++)
    patients.set(id, { version: 1, family: sent?.name?.[0]?.family ?? "" })
    return {
      ...shown(id, 201),
      headers: { ...shown(id).headers, Location: `/fhir/Patient/${id}/_history/1` }
    }
  }
  const id = /^\/fhir\/Patient\/([^/?]+)/.exec(url)?.[1] ?? ""
  const patient = patients.get(id)
  if (patient === undefined) return outcome(404, "not found")
  if (method === "GET") return shown(id)
  namedIds.push(String(sent?.id))
  if (sent?.id !== id) return outcome(400, "Incorrect resource ID")
  const ifMatch = headers["if-match"]
  const named = typeof ifMatch === "string" ? /"([^"]*)"/.exec(ifMatch)?.[1] : undefined
  if (named !== undefined && named !== String(patient.version)) return outcome(412, "Precondition Failed")
  patient.version++
  patient.family = sent.name?.[0]?.family ?? ""
  return shown(id)
})

const RECORDED = "http://recorded.example/fhir/Patient"

/** A capture: a create, a read, an update with the version read, one without If-Match. */
function scenario(): Scenario {
  const resource = (versionId: string) =>
    JSON.stringify({ resourceType: "Patient", id: "7", meta: { versionId }, name: [{ family: "Smith" }] })
  const fhir = (etag: string) => [
    { name: "Content-Type", value: "application/fhir+json" },
    { name: "ETag", value: etag }
  ]
  const update = (ifMatch: string | undefined, versionId: string) =>
    harEntry({
      method: "PUT",
      url: `${RECORDED}/7`,
      requestHeaders: [
        { name: "Content-Type", value: "application/fhir+json" },
        ...(ifMatch === undefined ? [] : [{ name: "If-Match", value: ifMatch }])
      ],
      requestBody: JSON.stringify({ resourceType: "Patient", id: "7", name: [{ family: "Jones" }] }),
      responseHeaders: fhir(`W/"${versionId}"`),
      responseBody: resource(versionId)
    })
  const entries = [
    harEntry({
      method: "POST",
      url: RECORDED,
      status: 201,
      requestHeaders: [{ name: "Content-Type", value: "application/fhir+json" }],
      requestBody: JSON.stringify({ resourceType: "Patient", name: [{ family: "Smith" }] }),
      responseHeaders: [...fhir('W/"1"'), { name: "Location", value: `${RECORDED}/7` }],
      responseBody: resource("1")
    }),
    harEntry({ url: `${RECORDED}/7`, responseHeaders: fhir('W/"1"'), responseBody: resource("1") }),
    update('W/"1"', "2"),
    update(undefined, "3")
  ]
  const engine = createEngine()
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  const finding = snapshot.findings.find((candidate) => candidate.ruleId === "missing-if-match")
  const patient = snapshot.resources.find((resource) => resource.key === `${RECORDED}/7`)
  const result = extractScenario(patient!, snapshot.exchanges, {
    ruleId: finding?.ruleId,
    evidence: finding?.exchangeIds
  })
  if (!result.ok) throw new Error(result.reason)
  return result.scenario
}

describe("a scenario from FHIR updates", () => {
  it("creates its own patient, names its id in the writes, and never marks resourceType", () => {
    const made = scenario()
    expect(made.create?.collectionPath).toBe("/fhir/Patient")
    expect(made.idField).toBe("id")
    expect(made.markerField).toBeUndefined()
  })
})

describe.each(SCRIPT_FLAVOURS)(
  "%s flavour against a server shaped like FHIR",
  (command, extension, generate) => {
    it("passes: the writes name the created patient's id, the stale version is refused with 412", async () => {
      namedIds.length = 0
      const script = scratch.write(`fhir.${extension}`, generate(scenario()))
      const result = await run(command, [script, server.baseUrl()])
      expect(result.stdout).toMatch(/stale write: PUT with the .* → 412 — ok/)
      expect(result.code).toBe(0)
      // Every write named the id of the patient the test created, never the recorded 7.
      expect(namedIds.length).toBeGreaterThan(0)
      expect(namedIds.every((id) => Number(id) >= 100)).toBe(true)
    })
  }
)

describe("playwright flavour against a server shaped like FHIR", () => {
  it("passes with npx playwright test", async () => {
    namedIds.length = 0
    scratch.write("fhir.spec.ts", toPlaywrightTest(scenario()))
    const result = await runPlaywright(scratch, "fhir.spec.ts", server.baseUrl())
    expect(result.stdout + result.stderr).toContain("1 passed")
    expect(namedIds.every((id) => Number(id) >= 100)).toBe(true)
  }, 120_000)
})
