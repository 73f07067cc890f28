/**
 * Bounded lineage memory: a tag that changes on every poll must not grow the version list
 * forever once the polls are evicted; kept versions keep their indexes.
 */
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { KEEP_LATEST_VERSIONS } from "../../../src/core/lineage/compact-versions"
import { printLineage } from "../../../src/core/lineage/print-lineage"
import { read, write } from "../../builders/exchange"

/** `rounds` polls of one resource, each revealing a new tag. */
function pollingEngine(rounds: number, maxExchanges: number) {
  const engine = createEngine({ maxExchanges })
  for (let round = 1; round <= rounds; round++) engine.ingestExchange(read(`"t${round}"`))
  return engine
}

describe("version compaction", () => {
  it("keeps versions bounded over 10k polls with maxExchanges 300, counting the dropped ones", () => {
    const engine = pollingEngine(10_000, 300)
    const [resource] = engine.snapshot().resources
    // Retained polls (300) each name their version; plus v1 and the compaction slack.
    expect(resource.versions.length).toBeLessThanOrEqual(1 + 300 + 2 * KEEP_LATEST_VERSIONS)
    expect(resource.droppedVersions).toBe(10_000 - resource.versions.length)
    expect(resource.versions[0].index).toBe(1)
    expect(resource.versions.at(-1)?.index).toBe(10_000)
    expect(resource.versions.at(-1)?.tag.tag.opaque).toBe("t10000")
    expect(engine.snapshot().evicted).toBe(9_700)
  })

  it("keeps indexes stable: every kept version still carries the tag it was numbered with", () => {
    const engine = pollingEngine(2_000, 100)
    const [resource] = engine.snapshot().resources
    for (const version of resource.versions) expect(version.tag.tag.opaque).toBe(`t${version.index}`)
    const indexes = resource.versions.map((version) => version.index)
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
  })

  it("keeps every version a retained event names, and judges writes against them as before", () => {
    const engine = pollingEngine(1_000, 50)
    // A write naming a version still retained is judged stale against the latest.
    const stale = engine.ingestExchange(write({ ifMatch: '"t990"', etag: '"w1"' }))
    const [resource] = engine.snapshot().resources
    const event = resource.events.find((candidate) => candidate.exchangeId === stale.id)
    expect(event?.precondition).toMatchObject({
      state: "stale",
      versionIndex: 990,
      currentVersionIndex: 1_000
    })
    const named = new Set(resource.events.flatMap((candidate) => [candidate.versionIndex]))
    for (const index of named) {
      if (index !== undefined) expect(resource.versions.some((version) => version.index === index)).toBe(true)
    }
    expect(findingIds(engine)).toContain("lost-update")
  })

  it("does not compact while the exchanges are retained", () => {
    const engine = pollingEngine(500, 20_000)
    const [resource] = engine.snapshot().resources
    expect(resource.versions).toHaveLength(500)
    expect(resource.droppedVersions).toBeUndefined()
  })

  it("prints how many older versions were evicted, right after the first version", () => {
    const engine = pollingEngine(200, 10)
    const snapshot = engine.snapshot()
    const [resource] = snapshot.resources
    const lines = printLineage(resource).split("\n")
    expect(lines[1]).toMatch(/^ {2}v1 "t1" +#1 \(evicted\)$/)
    expect(lines[2]).toBe(`  … ${resource.droppedVersions} older versions evicted`)
    expect(lines.at(-1)).toContain('v200 "t200"')
  })
})

function findingIds(engine: ReturnType<typeof createEngine>): string[] {
  return engine.snapshot().findings.map((finding) => finding.ruleId)
}
