import { describe, expect, it } from "vitest"

import { API_PRESETS, findApiPreset, withApiPreset } from "../../src/core/api-presets"
import { createEngine } from "../../src/core/engine"
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from "../../src/core/model"
import { harEntry } from "../adapters/har-entry-builder"
import { auditFixture } from "../builders/fixture-snapshot"

function writesJudged(policy: string, options: EngineOptions) {
  const { snapshot } = auditFixture(`lab-${policy}.har`, options)
  const note = snapshot.resources.find((resource) => resource.key.endsWith(`/api/${policy}/notes/1`))
  return (note?.events ?? [])
    .filter((event) => event.role === "write")
    .map((event) => [event.status, event.precondition.state])
}

describe("API presets", () => {
  it("have unique ids, and each names at least one place", () => {
    expect(new Set(API_PRESETS.map((preset) => preset.id)).size).toBe(API_PRESETS.length)
    for (const preset of API_PRESETS) {
      const places = [...preset.bodyTagFields, ...preset.queryVersionParams, ...preset.versionHeaders]
      expect(places.length, preset.id).toBeGreaterThan(0)
    }
  })

  it("add their places: body fields first, no repeats, header names compared case-insensitively", () => {
    const contentful = findApiPreset("contentful")!
    const options = {
      bodyTagFields: ["_etag"],
      queryVersionParams: ["rev"],
      versionHeaders: ["x-contentful-version"],
      nextVersionFields: []
    }
    expect(withApiPreset(options, contentful)).toEqual({
      bodyTagFields: ["sys.version", "_etag"],
      queryVersionParams: ["rev"],
      versionHeaders: ["x-contentful-version"],
      nextVersionFields: []
    })
    expect(withApiPreset(options, findApiPreset("confluence")!)).toMatchObject({
      bodyTagFields: ["version.number", "_etag"],
      nextVersionFields: ["version.number"]
    })
    const twice = withApiPreset(withApiPreset(DEFAULT_ENGINE_OPTIONS, contentful), contentful)
    expect(twice.bodyTagFields.filter((field) => field === "sys.version")).toHaveLength(1)
    expect(findApiPreset("nothing")).toBeUndefined()
  })

  it.each([
    ["contentful", "contentful"],
    ["spring", "jpa"]
  ])("let the engine judge the lab's %s writes (%s preset): current, none, stale", (policy, id) => {
    expect(writesJudged(policy, DEFAULT_ENGINE_OPTIONS).map(([, state]) => state)).toEqual([
      "none",
      "none",
      "none"
    ])
    const judged = writesJudged(policy, withApiPreset(DEFAULT_ENGINE_OPTIONS, findApiPreset(id)!))
    expect(judged.map(([, state]) => state)).toEqual(["current", "none", "stale"])
  })
})

describe("the azure-devops preset", () => {
  const workItem = "https://dev.azure.test/org/_apis/wit/workitems/7?api-version=7.1"
  const answer = (rev: number) => JSON.stringify({ id: 7, rev, fields: { "System.Title": `title ${rev}` } })
  const read = (rev: number) => harEntry({ url: workItem, text: answer(rev) })
  const update = (testedRev: number, status: number, newRev?: number) =>
    harEntry({
      method: "PATCH",
      url: workItem,
      status,
      requestHeaders: [{ name: "Content-Type", value: "application/json-patch+json" }],
      requestBody: JSON.stringify([
        { op: "test", path: "/rev", value: testedRev },
        { op: "replace", path: "/fields/System.Title", value: "edited" }
      ]),
      text: newRev === undefined ? JSON.stringify({ message: "rev changed" }) : answer(newRev)
    })

  function audit(entries: readonly unknown[], options: EngineOptions) {
    const engine = createEngine(options)
    for (const entry of entries) engine.ingestHarEntry(entry, "import")
    return engine.snapshot()
  }

  it("reads a work item's JSON Patch test of /rev as the version it is based on: a stale one accepted is a lost update", () => {
    const staleAccepted = [read(3), update(3, 200, 4), update(3, 200, 5)]
    const preset = withApiPreset(DEFAULT_ENGINE_OPTIONS, findApiPreset("azure-devops")!)
    const judged = audit(staleAccepted, preset)
    expect(judged.resources[0].events.map((event) => event.precondition.state)).toEqual([
      "none",
      "current",
      "stale"
    ])
    expect(judged.findings.map((finding) => finding.ruleId)).toContain("lost-update")
    expect(judged.findings.map((finding) => finding.ruleId)).not.toContain("missing-if-match")
    // Without the preset the tests name no version: every update is "sent without If-Match".
    const unjudged = audit(staleAccepted, DEFAULT_ENGINE_OPTIONS)
    expect(unjudged.findings.map((finding) => finding.ruleId)).not.toContain("lost-update")
    expect(unjudged.findings.filter((finding) => finding.ruleId === "missing-if-match")).toHaveLength(2)
  })

  it("a stale test refused is the server's conflict, not a lost update", () => {
    const preset = withApiPreset(DEFAULT_ENGINE_OPTIONS, findApiPreset("azure-devops")!)
    const refused = audit([read(3), update(3, 200, 4), update(3, 412)], preset)
    expect(refused.findings.map((finding) => finding.ruleId)).not.toContain("lost-update")
    expect(refused.policies[0].traits.map((trait) => trait.trait)).toContain("enforces-412")
  })
})
