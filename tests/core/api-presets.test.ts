import { describe, expect, it } from "vitest"

import { API_PRESETS, findApiPreset, withApiPreset } from "../../src/core/api-presets"
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from "../../src/core/model"
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
