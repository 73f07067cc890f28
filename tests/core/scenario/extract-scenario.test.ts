import { readFileSync } from "node:fs"

import { describe, expect, it } from "vitest"

import { createEngine, type EngineSnapshot } from "../../../src/core/engine"
import { extractScenario } from "../../../src/core/scenario/extract-scenario"
import { exportScenarioTests, slugForPath } from "../../../src/core/scenario/export-tests"
import type { Scenario } from "../../../src/core/scenario/scenario"
import { harEntry } from "../../adapters/har-entry-builder"
import { API, observed, read, sentBy, write } from "../../builders/exchange"

function snapshotOf(policy: string): { snapshot: EngineSnapshot; recordedTags: string[] } {
  const har = JSON.parse(readFileSync(`tests/fixtures/lab-${policy}.har`, "utf8"))
  const engine = createEngine()
  for (const entry of har.log.entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  const recordedTags = snapshot.exchanges.flatMap((exchange) =>
    exchange.responseTags.map((t) => t.tag.opaque)
  )
  return { snapshot, recordedTags }
}

function scenarioOf(policy: string): Scenario {
  const { snapshot } = snapshotOf(policy)
  const [lineage] = snapshot.resources
  const finding = snapshot.findings.find(
    (f) => f.resourceKey === lineage.key && f.ruleId === "missing-if-match"
  )
  const result = extractScenario(lineage, snapshot.exchanges, {
    ruleId: "lost-update",
    evidence: finding?.exchangeIds
  })
  if (!result.ok) throw new Error(result.reason)
  return result.scenario
}

/** The scenario of a read, then one write of `body` (as JSON) with the tag just read. */
function scenarioOfOneWrite(body: unknown, contentType: string, method: string): Scenario {
  const engine = createEngine()
  engine.ingestExchange(read('"a"'))
  engine.ingestExchange(
    write({
      method,
      ifMatch: '"a"',
      etag: '"b"',
      request: { "Content-Type": contentType },
      requestBody: { size: 1, text: JSON.stringify(body) }
    })
  )
  const snapshot = engine.snapshot()
  const result = extractScenario(snapshot.resources[0], snapshot.exchanges, {})
  if (!result.ok) throw new Error(result.reason)
  return result.scenario
}

describe("extractScenario puts the version where each API expects it", () => {
  it("strict: If-Match with the ETag header", () => {
    const scenario = scenarioOf("strict")
    expect(scenario.carriers).toEqual([{ kind: "if-match" }])
    expect(scenario.tagFrom.header).toBe(true)
    expect(scenario.resourcePath).toBe("/api/strict/notes/1")
    expect(scenario.write).toEqual({
      method: "PUT",
      contentType: "application/json",
      body: '{"text":"edited without a tag"}'
    })
    expect(scenario.markerField).toBe("text")
  })

  it("nox: If-Match, tag readable from the header or @odata.etag", () => {
    const scenario = scenarioOf("nox")
    expect(scenario.carriers).toEqual([{ kind: "if-match" }])
    expect(scenario.tagFrom).toEqual({ header: true, bodyFields: ["@odata.etag"] })
  })

  it("eve: tag only in the body field _etag, sent back as If-Match", () => {
    const scenario = scenarioOf("eve")
    expect(scenario.tagFrom).toEqual({ header: false, bodyFields: ["_etag"] })
    expect(scenario.carriers).toEqual([{ kind: "if-match" }])
  })

  it("couch: the body _rev, and the recorded _rev value is not kept", () => {
    const scenario = scenarioOf("couch")
    expect(scenario.carriers).toEqual([{ kind: "body-field", field: "_rev" }])
    expect(scenario.tagFrom.bodyFields).toContain("_rev")
    expect(scenario.write.body).not.toContain("_rev")
  })

  it("kube: the body's nested metadata.resourceVersion, where the write gets it even when it sent none", () => {
    const scenario = scenarioOf("kube")
    expect(scenario.tagFrom).toEqual({ header: false, bodyFields: ["metadata.resourceVersion"] })
    expect(scenario.carriers).toEqual([{ kind: "body-field", field: "metadata.resourceVersion" }])
    // The missing-if-match write sent no metadata at all: the generated writes still nest the version.
    expect(JSON.parse(scenario.write.body ?? "{}")).toEqual({ text: "edited without a tag", metadata: {} })
  })

  it("a version header: the write sends it there; versions seen in a response header are read from it", () => {
    const url = "https://api.example/items/1"
    const json = [{ name: "Content-Type", value: "application/json" }]
    const version = (value: number) => [...json, { name: "X-Resource-Version", value: String(value) }]
    const engine = createEngine({ versionHeaders: ["X-Resource-Version"] })
    for (const entry of [
      harEntry({ url, responseHeaders: version(1), text: '{"text":"a"}' }),
      harEntry({
        url,
        method: "PUT",
        requestHeaders: version(1),
        requestBody: '{"text":"b"}',
        responseHeaders: version(2)
      }),
      harEntry({
        url,
        method: "PUT",
        requestHeaders: json,
        requestBody: '{"text":"c"}',
        responseHeaders: version(3)
      })
    ])
      engine.ingestHarEntry(entry, "import")
    const snapshot = engine.snapshot()
    const [lineage] = snapshot.resources
    const result = extractScenario(lineage, snapshot.exchanges, { ruleId: "missing-if-match" })
    if (!result.ok) throw new Error(result.reason)
    expect(result.scenario.carriers).toEqual([{ kind: "version-header", name: "X-Resource-Version" }])
    expect(result.scenario.tagFrom).toMatchObject({ header: false, versionHeaders: ["X-Resource-Version"] })
  })

  it("a version header named for another API is not used on an ETag API whose writes sent no If-Match", () => {
    const url = "https://api.example/notes/1"
    const etag = (value: string) => [{ name: "ETag", value }]
    const engine = createEngine({ versionHeaders: ["X-Contentful-Version"] })
    for (const entry of [
      harEntry({ url, responseHeaders: etag('"v1"'), text: '{"text":"a"}' }),
      harEntry({ url, method: "PUT", requestBody: '{"text":"b"}', responseHeaders: etag('"v2"') })
    ])
      engine.ingestHarEntry(entry, "import")
    const snapshot = engine.snapshot()
    const options = { ruleId: "missing-if-match", versionHeaders: ["X-Contentful-Version"] }
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges, options)
    if (!result.ok) throw new Error(result.reason)
    expect(result.scenario.carriers).toEqual([{ kind: "if-match" }])
  })

  it("picks the stale write a lost-update finding names", () => {
    const { snapshot } = snapshotOf("lax")
    const finding = snapshot.findings.find((f) => f.ruleId === "lost-update")
    expect(finding).toBeDefined()
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges, {
      evidence: finding?.exchangeIds
    })
    expect(result.ok && result.scenario.write.body).toBe('{"text":"edited with the stale first tag"}')
    expect(result.ok && result.scenario.evidence).toEqual(finding?.exchangeIds)
  })

  it("adds a write with no version only for a lost update whose write named none", () => {
    const { snapshot } = snapshotOf("lax-blind-two-users")
    const finding = snapshot.findings.find((f) => f.ruleId === "lost-update")
    expect(finding?.contextExchangeIds).toHaveLength(1)
    const options = { evidence: finding?.exchangeIds, contextEvidence: finding?.contextExchangeIds }
    const resource = snapshot.resources.find((lineage) => lineage.key === finding?.resourceKey)
    if (resource === undefined) throw new Error("no resource with the lost update")
    const blind = extractScenario(resource, snapshot.exchanges, options)
    if (!blind.ok) throw new Error(blind.reason)
    expect(blind.scenario.unversionedRefusedStatuses).toEqual([428, 409, 412, 422, 400])
    // The write re-created is Bob's, the one at fault, not Alice's change it overwrote.
    expect(blind.scenario.evidence).toEqual(finding?.exchangeIds)
    expect(blind.scenario.write.body).toContain("Bob")

    const stale = snapshotOf("lax").snapshot
    const staleFinding = stale.findings.find((f) => f.ruleId === "lost-update")
    const result = extractScenario(stale.resources[0], stale.exchanges, {
      evidence: staleFinding?.exchangeIds,
      contextEvidence: staleFinding?.contextExchangeIds
    })
    expect(result.ok && result.scenario.unversionedRefusedStatuses).toBeUndefined()
  })

  it("a JSON Patch write (RFC 6902): sent as recorded, each writer's marker the value of its first operation that sets a member", () => {
    const { snapshot } = snapshotOf("lax-json-patch-two-users")
    const finding = snapshot.findings.find((f) => f.ruleId === "lost-update")
    const resource = snapshot.resources.find((lineage) => lineage.key === finding?.resourceKey)
    if (resource === undefined) throw new Error("no resource with the lost update")
    const result = extractScenario(resource, snapshot.exchanges, {
      evidence: finding?.exchangeIds,
      contextEvidence: finding?.contextExchangeIds
    })
    if (!result.ok) throw new Error(result.reason)
    expect(result.scenario.write).toEqual({
      method: "PATCH",
      contentType: "application/json-patch+json",
      body: '[{"op":"replace","path":"/text","value":"Buy oat milk instead. (Bob)"}]',
      jsonPatch: true
    })
    expect([result.scenario.markerField, result.scenario.markerOperation]).toEqual(["text", 0])
    expect(result.scenario.unversionedRefusedStatuses).toEqual([428, 409, 412, 422, 400])
  })

  it("the marker never goes in a secret field: its value was redacted, and a server seldom reads it back", () => {
    const scenario = scenarioOfOneWrite({ token: "s3cr3t", text: "hello" }, "application/json", "PUT")
    expect(scenario.write.body).toBe('{"token":"[redacted]","text":"hello"}')
    expect(scenario.markerField).toBe("text")
    const operations = [
      { op: "replace", path: "/apiKey", value: "s3cr3t" },
      { op: "replace", path: "/text", value: "hello" }
    ]
    const patch = scenarioOfOneWrite(operations, "application/json-patch+json", "PATCH")
    expect([patch.markerField, patch.markerOperation]).toEqual(["text", 1])
  })

  it("a JSON Patch that sets no member outright gets no marker", () => {
    const operations = [
      { op: "test", path: "/text", value: "a" },
      { op: "add", path: "/tags/-", value: "b" },
      { op: "replace", path: "/id", value: "2" }
    ]
    const scenario = scenarioOfOneWrite(operations, "application/json-patch+json", "PATCH")
    expect(scenario.write.body).toBe(JSON.stringify(operations))
    expect(scenario.markerField).toBeUndefined()
    expect(scenario.markerOperation).toBeUndefined()
  })

  it("a JSON array that is no JSON Patch is sent as it was: no marker, not read as operations", () => {
    const rows = [{ id: 1, text: "a" }]
    expect(scenarioOfOneWrite(rows, "application/json", "PUT").write).toEqual({
      method: "PUT",
      contentType: "application/json",
      body: JSON.stringify(rows)
    })
  })

  it("OData V2's MERGE (real CAP): sent as MERGE, or as the POST naming it in X-HTTP-Method when so recorded", () => {
    const har = JSON.parse(readFileSync("tests/fixtures/real-cap-odata-v2.har", "utf8"))
    const engine = createEngine()
    for (const entry of har.log.entries) engine.ingestHarEntry(entry, "import")
    const { files, skipped } = exportScenarioTests(engine.snapshot(), { flavours: ["node"] })
    expect(skipped).toEqual([])
    expect(files.map((file) => file.fileName)).toEqual(["odata-v2-notes-notes-1.missing-if-match.test.mjs"])
    expect(files[0].contents).toContain('"method": "MERGE"')

    const tunnelled = createEngine()
    tunnelled.ingestExchange(read('"a"'))
    tunnelled.ingestExchange(
      write({
        method: "MERGE",
        sentMethod: "POST",
        request: { "x-http-method": "merge", "Content-Type": "application/json" },
        requestBody: { size: 12, text: '{"text":"x"}' }
      })
    )
    const snapshot = tunnelled.snapshot()
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges, {})
    if (!result.ok) throw new Error(result.reason)
    expect(result.scenario.write).toEqual({
      method: "POST",
      methodOverride: { header: "x-http-method", method: "MERGE" },
      contentType: "application/json",
      body: '{"text":"x"}'
    })
  })

  it("a lost update by a DELETE: the refused steps send a DELETE, unless the version travels in the body", () => {
    const scenarioOfBlindDelete = (bodyVersioned: boolean): Scenario => {
      const engine = createEngine()
      const tags = (text: string) =>
        bodyVersioned ? { responseTags: [observed(text, "body:_rev")] } : { response: { ETag: text } }
      const json = (text: string) => ({ size: text.length, text, mimeType: "application/json" })
      engine.ingestExchange(read(undefined, { ...tags('"1-a"'), ...sentBy("bob") }))
      engine.ingestExchange(read(undefined, { ...tags('"1-a"'), ...sentBy("alice") }))
      engine.ingestExchange(
        write({
          ...(bodyVersioned
            ? {
                precondition: { bodyVersion: observed('"1-a"', "body:_rev") }
              }
            : { ifMatch: '"1-a"' }),
          ...tags('"2-b"'),
          ...sentBy("alice", { "Content-Type": "application/json" }),
          requestBody: json(bodyVersioned ? '{"text":"alice","_rev":"1-a"}' : '{"text":"alice"}')
        })
      )
      engine.ingestExchange(write({ method: "DELETE", status: 204, ...sentBy("bob") }))
      const snapshot = engine.snapshot()
      const finding = snapshot.findings.find((f) => f.ruleId === "lost-update")
      expect(finding?.exchangeIds).toEqual([3, 4])
      const result = extractScenario(snapshot.resources[0], snapshot.exchanges, {
        evidence: finding?.exchangeIds,
        contextEvidence: finding?.contextExchangeIds
      })
      if (!result.ok) throw new Error(result.reason)
      return result.scenario
    }
    const headerTagged = scenarioOfBlindDelete(false)
    expect(headerTagged.write.method).toBe("PUT")
    expect(headerTagged.refusedMethod).toBe("DELETE")
    // Bob's DELETE named no version: the test sends one too.
    expect(headerTagged.unversionedRefusedStatuses).toEqual([428, 409, 412, 422, 400])
    const bodyVersioned = scenarioOfBlindDelete(true)
    expect(bodyVersioned.refusedMethod).toBeUndefined()
    expect(bodyVersioned.carriers).toEqual([{ kind: "body-field", field: "_rev" }])
  })

  it("keeps the write URL's query parameters except the version ones, and redacts secret ones", () => {
    const engine = createEngine()
    const url = `${API}/5?api-version=2024-01-01&rev=1-a&sig=secret-sig`
    engine.ingestExchange(read('"a"', { url }))
    engine.ingestExchange(write({ url, ifMatch: '"a"', etag: '"b"' }))
    const snapshot = engine.snapshot()
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges)
    expect(result.ok && result.scenario.resourcePath).toBe(
      "/api/strict/notes/5?api-version=2024-01-01&sig=%5Bredacted%5D"
    )
  })

  it("takes the write from a replay that showed the lost update", () => {
    const engine = createEngine()
    const url = `${API}/6`
    engine.ingestExchange(read('"a"', { url }))
    engine.ingestExchange(
      write({ url, ifMatch: '"a"', etag: '"b"', requestBody: { size: 9, text: '{"text":"1"}' } })
    )
    const replay = engine.ingestExchange(
      write({
        url,
        ifMatch: '"a"',
        etag: '"c"',
        status: 200,
        origin: "replay",
        replay: { of: 2, choice: "version:1", verdict: "lost-update" },
        requestBody: { size: 9, text: '{"text":"replayed"}' }
      })
    )
    const snapshot = engine.snapshot()
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges, { evidence: [replay.id] })
    expect(result.ok && result.scenario.write.body).toBe('{"text":"replayed"}')
  })

  it("skips, with the reason, a resource that was only read", () => {
    const { snapshot } = snapshotOf("lax")
    const readOnly = {
      ...snapshot.resources[0],
      events: snapshot.resources[0].events.filter((e) => e.role === "read")
    }
    expect(extractScenario(readOnly, snapshot.exchanges)).toEqual({
      ok: false,
      resourceKey: readOnly.key,
      reason: "no PUT, PATCH or MERGE write to this resource in the capture"
    })
  })

  it("an API whose writes send the version they make (Confluence): the writers send the one read plus one", () => {
    const options = { bodyTagFields: ["version.number"], nextVersionFields: ["version.number"] }
    const engine = createEngine(options)
    const body = (version: number) => JSON.stringify({ text: "x", version: { number: version } })
    engine.ingestHarEntry(harEntry({ url: `${API}/1`, text: body(4) }), "import")
    engine.ingestHarEntry(
      harEntry({ method: "PUT", url: `${API}/1`, requestBody: body(5), text: body(5) }),
      "import"
    )
    const snapshot = engine.snapshot()
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges, options)
    if (!result.ok) throw new Error(result.reason)
    expect(result.scenario.carriers).toEqual([{ kind: "body-field", field: "version.number", next: true }])
    expect(result.scenario.tagFrom.bodyFields).toEqual(["version.number"])
    // The recorded version is not kept: the writers read it at run time.
    expect(result.scenario.write.body).not.toContain("5")
  })

  it("skips a write whose body the capture did not keep", () => {
    const engine = createEngine()
    engine.ingestExchange(read('"a"'))
    engine.ingestExchange(write({ ifMatch: '"a"', requestBody: { size: 5_000_000, skipped: "too large" } }))
    const snapshot = engine.snapshot()
    expect(extractScenario(snapshot.resources[0], snapshot.exchanges)).toMatchObject({
      ok: false,
      reason: "the body of write #2 was not kept (too large)"
    })
  })

  it("a resource versioned by Last-Modified dates (the lab's dated policy): the date goes back in If-Unmodified-Since, after a pause past the read's second", () => {
    const { snapshot } = snapshotOf("dated")
    const result = extractScenario(snapshot.resources[0], snapshot.exchanges)
    if (!result.ok) throw new Error(result.reason)
    expect(result.scenario.carriers).toEqual([{ kind: "if-unmodified-since" }])
    expect(result.scenario.tagFrom).toEqual({
      header: false,
      versionHeaders: ["Last-Modified"],
      bodyFields: []
    })
    expect(result.scenario.pauseBeforeWriteMs).toBe(1100)
  })

  it("skips a write whose exchange was evicted", () => {
    const { snapshot } = snapshotOf("lax")
    const result = extractScenario(snapshot.resources[0], [])
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toMatch(/no longer retained/)
  })
})

describe("exportScenarioTests", () => {
  it("writes one file per flavour for each resource with a finding, named from path and rule", () => {
    const { snapshot } = snapshotOf("lax")
    const { files, skipped } = exportScenarioTests(snapshot)
    expect(skipped).toEqual([])
    expect(files.map((f) => f.fileName)).toEqual([
      "api-lax-notes-1.lost-update.test.mjs",
      "api-lax-notes-1.lost-update.spec.ts",
      "api-lax-notes-1.lost-update.test.sh"
    ])
  })

  it("never embeds a tag value from the recording: tags are read at run time", () => {
    for (const policy of ["strict", "nox", "eve", "couch", "lax", "weak"]) {
      const { snapshot, recordedTags } = snapshotOf(policy)
      expect(recordedTags.length).toBeGreaterThan(0)
      for (const file of exportScenarioTests(snapshot).files) {
        expect(recordedTags.filter((tag) => file.contents.includes(tag))).toEqual([])
      }
    }
  })

  it("makes file-system-safe names", () => {
    expect(slugForPath("/api/Notes/ä 1?x=../y")).toBe("api-notes-1-x-y")
    expect(slugForPath("/")).toBe("root")
  })
})
