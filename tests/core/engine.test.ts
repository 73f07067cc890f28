import { readFileSync } from "node:fs"
import { join } from "node:path"

import { beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import type { EngineOptions } from "../../src/core/model"
import { parseHarText } from "../../src/core/har/read-har"
import { printLineage } from "../../src/core/lineage/print-lineage"
import { API, exchange, observed, read, resetExchangeIds, write } from "../builders/exchange"
import { harEntry } from "../builders/har"
import { ruleIdsOf } from "../builders/fixture-snapshot"
import { planReplay } from "../../src/core/replay/plan-replay"
import { snippetRequestOf, toCurl } from "../../src/core/export/snippets"
import { exportHar } from "../../src/core/export/export-har"

const NOTE = `${API}/1`
const json = (body: unknown) => JSON.stringify(body)
beforeEach(resetExchangeIds)

/** A read, a current write, a stale write accepted (lost update), two reads of the result. */
const lostUpdateThenReads = () => [
  read('"a1"'),
  write({ ifMatch: '"a1"', etag: '"a2"' }),
  write({ ifMatch: '"a1"', etag: '"a3"' }),
  read('"a3"'),
  read('"a3"')
]

/** Strip the builder's id: the engine numbers exchanges itself. */
const bare = <T extends { id: number }>({ id: _id, ...rest }: T) => rest

describe("createEngine: HAR ingest", () => {
  it("normalizes HAR entries, numbers them in arrival order and finds the lost update", () => {
    const engine = createEngine()
    const etag = (value: string) => [{ name: "ETag", value }]
    const ifMatch = (value: string) => [{ name: "If-Match", value }]
    engine.ingestHarEntry(harEntry({ responseHeaders: etag('"a1"') }), "live")
    engine.ingestHarEntry(
      harEntry({ method: "PUT", requestHeaders: ifMatch('"a1"'), responseHeaders: etag('"a2"') }, "firefox"),
      "live"
    )
    const result = engine.ingestHarEntry(
      harEntry(
        { method: "PUT", requestHeaders: ifMatch('"a1"'), responseHeaders: etag('"a3"') },
        "playwright"
      ),
      "live"
    )
    expect("exchange" in result && result.exchange.id).toBe(3)
    const snapshot = engine.snapshot()
    expect(snapshot.exchanges.map((x) => x.id)).toEqual([1, 2, 3])
    expect(snapshot.findings.find((f) => f.ruleId === "lost-update")?.exchangeIds).toEqual([2, 3])
  })

  it("reports bad entries as skipped with the reason, never throws, and keeps ids dense", () => {
    const engine = createEngine()
    for (const bad of [null, "text", 42, {}, { request: { url: "x" } }, { request: 1, response: [] }]) {
      expect(() => engine.ingestHarEntry(bad, "import")).not.toThrow()
    }
    engine.ingestHarEntry(harEntry(), "import")
    const snapshot = engine.snapshot()
    expect(snapshot.skipped.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5])
    for (const skipped of snapshot.skipped) expect(skipped.reason).not.toBe("")
    expect(snapshot.exchanges.map((x) => x.id)).toEqual([1])
  })

  it("records replays with their origin and replay details", () => {
    const engine = createEngine()
    engine.ingestHarEntry(harEntry({ responseHeaders: [{ name: "ETag", value: '"a1"' }] }), "live")
    const replay = { of: 1, choice: "stale", verdict: "lost-update" as const }
    engine.ingestHarEntry(harEntry({ method: "PUT" }), "replay", { replay })
    const snapshot = engine.snapshot()
    expect(snapshot.exchanges[1]).toMatchObject({ origin: "replay", replay })
    expect(snapshot.resources[0].events.map((event) => event.role)).toEqual(["read", "replay"])
  })
})

describe("createEngine: bounded memory", () => {
  it("keeps at most maxExchanges, evicts oldest first, counts them and keeps findings and versions", () => {
    const engine = createEngine({ maxExchanges: 3 })
    for (const exchange of lostUpdateThenReads()) engine.ingestExchange(bare(exchange))
    const snapshot = engine.snapshot()
    expect(snapshot.evicted).toBe(2)
    expect(snapshot.exchanges.map((x) => x.id)).toEqual([3, 4, 5])
    expect(snapshot.findings.find((f) => f.ruleId === "lost-update")?.exchangeIds).toEqual([2, 3])
    const note = snapshot.resources.find((resource) => resource.key === NOTE)
    expect(note?.versions.map((v) => v.introducedBy)).toEqual([1, 2, 3])
    expect(note?.events.map((e) => e.exchangeId)).toEqual([3, 4, 5])
  })

  it("stays within the bound over a long polling session", () => {
    const engine = createEngine({ maxExchanges: 100 })
    for (let poll = 0; poll < 5_000; poll++) engine.ingestExchange(bare(read(`"v${Math.floor(poll / 50)}"`)))
    const snapshot = engine.snapshot()
    expect(snapshot.exchanges).toHaveLength(100)
    expect(snapshot.evicted).toBe(4_900)
    const note = snapshot.resources[0]
    expect(note.events).toHaveLength(100)
    // 100 versions seen; old ones nobody retained refers to are compacted (counted, indexes kept).
    expect(note.versions.length + (note.droppedVersions ?? 0)).toBe(100)
    expect(note.versions.length).toBeLessThan(100)
    expect(note.versions.at(-1)?.index).toBe(100)
    expect(note.versions.reduce((sum, version) => sum + version.seenBy.length, 0)).toBe(100)
  })
})

describe("createEngine: snapshots", () => {
  it("returns the same snapshot while nothing changed", () => {
    const engine = createEngine()
    engine.ingestExchange(bare(read('"a1"')))
    const first = engine.snapshot()
    expect(engine.snapshot()).toBe(first)
    engine.ingestExchange(bare(read('"a1"')))
    expect(engine.snapshot()).not.toBe(first)
  })

  it("updates a scope's policy findings when the same scope sees more after a snapshot", () => {
    const engine = createEngine()
    const [first, current, ...rest] = lostUpdateThenReads()
    engine.ingestExchange(bare(first))
    engine.ingestExchange(bare(current))
    const before = engine.snapshot().findings.map((finding) => finding.ruleId)
    expect(before).not.toContain("precondition-not-enforced")
    // The stale write lands in the scope the last exchange already touched.
    for (const next of rest) engine.ingestExchange(bare(next))
    expect(engine.snapshot().findings.map((finding) => finding.ruleId)).toContain("precondition-not-enforced")
  })

  it("shares an untouched resource between snapshots (incremental)", () => {
    const engine = createEngine()
    engine.ingestExchange(bare(read('"a1"')))
    engine.ingestExchange(bare(read('"b1"', { url: `${API}/2` })))
    const before = engine.snapshot().resources
    engine.ingestExchange(bare(write({ url: `${API}/2`, ifMatch: '"b1"', etag: '"b2"' })))
    const after = engine.snapshot().resources
    expect(after.find((r) => r.key === NOTE)).toBe(before.find((r) => r.key === NOTE))
    expect(after.find((r) => r.key === `${API}/2`)).not.toBe(before.find((r) => r.key === `${API}/2`))
  })
})

describe("createEngine: reconfigure and clear", () => {
  it("re-reads retained exchanges with new body tag fields", () => {
    const engine = createEngine()
    const body = json({ id: 1, version: "r7" })
    engine.ingestHarEntry(harEntry({ responseBody: body }), "live")
    expect(engine.snapshot().resources[0].versions).toEqual([])
    engine.reconfigure({ bodyTagFields: ["version"] })
    const [version] = engine.snapshot().resources[0].versions
    expect(version.tag).toMatchObject({ source: "body:version" })
    expect(version.tag.tag.opaque).toBe("r7")
    expect(engine.options.bodyTagFields).toEqual(["version"])
  })

  it("drops findings of disabled rules and applies policy overrides", () => {
    const engine = createEngine()
    for (const exchange of [read('"a1"'), write({})]) engine.ingestExchange(bare(exchange))
    expect(engine.snapshot().findings.map((f) => f.ruleId)).toContain("missing-if-match")
    engine.reconfigure({
      disabledRules: ["missing-if-match"],
      policyOverrides: { "http://127.0.0.1:8787/api/strict": "strict" }
    })
    const snapshot = engine.snapshot()
    expect(snapshot.findings.map((f) => f.ruleId)).not.toContain("missing-if-match")
    expect(snapshot.findings.map((f) => f.ruleId)).toContain("precondition-optional")
    expect(snapshot.policies[0]).toMatchObject({ summary: "strict", overriddenBy: "user" })
    expect(snapshot.exchanges.map((x) => x.id)).toEqual([1, 2])
  })

  it("forgets everything on clear", () => {
    const engine = createEngine({ maxExchanges: 1 })
    engine.ingestExchange(bare(read('"a1"')))
    engine.ingestExchange(bare(read('"a1"')))
    engine.clear()
    expect(engine.snapshot()).toMatchObject({
      exchanges: [],
      resources: [],
      findings: [],
      evicted: 0,
      skipped: []
    })
    expect(engine.ingestExchange(bare(read('"a1"'))).id).toBe(1)
  })
})

describe("createEngine: without keeping exchanges (the audit CLI)", () => {
  const capture = (): unknown[] =>
    parseHarText(readFileSync(join(import.meta.dirname, "../fixtures/lab-couch.har"), "utf8"), "couch")
      .entries

  it("builds the same lineage, policies and findings, and lists no exchanges", () => {
    const kept = createEngine()
    const light = createEngine({}, { keepExchanges: false })
    for (const entry of capture()) {
      kept.ingestHarEntry(entry, "import")
      light.ingestHarEntry(entry, "import")
    }
    const full = kept.snapshot()
    const lean = light.snapshot()
    expect(full.exchanges.length).toBeGreaterThan(0)
    expect(lean.exchanges).toEqual([])
    expect(lean.findings).toEqual(full.findings)
    expect(lean.policies).toEqual(full.policies)
    expect(lean.resources).toEqual(full.resources)
    // The CLI prints a body version's source from the event alone.
    const lines = lean.resources.map((resource) => printLineage(resource, lean.findings)).join("\n")
    expect(lines).toContain("body:_rev")
  })

  it("still evicts oldest first within maxExchanges", () => {
    const engine = createEngine({ maxExchanges: 3 }, { keepExchanges: false })
    for (const exchange of lostUpdateThenReads()) engine.ingestExchange(bare(exchange))
    const snapshot = engine.snapshot()
    expect(snapshot.evicted).toBe(2)
    expect(snapshot.resources[0].events.map((event) => event.exchangeId)).toEqual([3, 4, 5])
    expect(snapshot.findings.find((finding) => finding.ruleId === "lost-update")?.exchangeIds).toEqual([2, 3])
  })

  it("keeps the model as built when reconfigured (nothing to re-read)", () => {
    const engine = createEngine({}, { keepExchanges: false })
    engine.ingestExchange(bare(read('"a1"')))
    const before = engine.snapshot().resources
    engine.reconfigure({ bodyTagFields: ["version"] })
    expect(engine.options.bodyTagFields).toEqual(["version"])
    expect(engine.snapshot().resources).toEqual(before)
  })
})

describe("createEngine: evicting a collection read", () => {
  it("drops the read's events from the collection and from every item it listed", () => {
    const engine = createEngine({ maxExchanges: 2 })
    const listing = exchange({
      url: API,
      itemTags: [
        { url: `${API}/1`, tag: observed('"a1"', "item:@odata.etag") },
        { url: `${API}/2`, tag: observed('"b1"', "item:@odata.etag") }
      ]
    })
    engine.ingestExchange(bare(listing))
    const eventsOf = (key: string) =>
      engine
        .snapshot()
        .resources.find((resource) => resource.key === key)
        ?.events.map((event) => event.exchangeId)
    expect(eventsOf(`${API}/2`)).toEqual([1])
    engine.ingestExchange(bare(read('"a1"')))
    engine.ingestExchange(bare(read('"a1"')))
    expect(engine.snapshot().evicted).toBe(1)
    expect(eventsOf(API)).toEqual([])
    expect(eventsOf(`${API}/1`)).toEqual([2, 3])
    expect(eventsOf(`${API}/2`)).toEqual([])
  })
})

describe("createEngine: a POST standing for another method (SharePoint's REST API, SAP UI5)", () => {
  const ITEM = "https://contoso.example/_api/web/lists/getbytitle('Tasks')/items(1)"
  const tunnelled = (method: string, ifMatch: string, status: number, etag?: string) =>
    harEntry({
      method: "POST",
      url: ITEM,
      status,
      requestHeaders: [
        { name: "X-HTTP-Method", value: method },
        { name: "IF-MATCH", value: ifMatch },
        { name: "Content-Type", value: "application/json;odata=verbose" }
      ],
      requestBody: method === "DELETE" ? undefined : '{"Title":"edited"}',
      responseHeaders: etag === undefined ? [] : [{ name: "ETag", value: etag }]
    })

  function sharePointSession() {
    const engine = createEngine()
    for (const entry of [
      harEntry({ url: ITEM, responseHeaders: [{ name: "ETag", value: '"1"' }] }),
      tunnelled("MERGE", '"1"', 204, '"2"'),
      tunnelled("MERGE", '"1"', 412),
      tunnelled("MERGE", "*", 204, '"3"'),
      tunnelled("DELETE", '"3"', 200),
      harEntry({ url: ITEM, status: 404 })
    ])
      engine.ingestHarEntry(entry, "import")
    return engine.snapshot()
  }

  it("judges each as the method it stands for: MERGE writes, the DELETE removes the item", () => {
    const snapshot = sharePointSession()
    const merge = snapshot.exchanges[1]
    expect([merge?.method, merge?.sentMethod]).toEqual(["MERGE", "POST"])
    expect(merge?.notes).toContain("sent as POST standing for MERGE (a method-override header)")
    const [item] = snapshot.resources
    expect(
      item?.events.map((event) => [event.method, event.role, event.status, event.precondition.state])
    ).toEqual([
      ["GET", "read", 200, "none"],
      ["MERGE", "write", 204, "current"],
      ["MERGE", "write", 412, "stale"],
      ["MERGE", "write", 204, "any"],
      ["DELETE", "delete", 200, "current"],
      ["GET", "read", 404, "none"]
    ])
    expect(item?.exists).toBe(false)
    // The * after the 412 forced the write past the conflict.
    expect(ruleIdsOf(snapshot)).toEqual(["conflict-overridden", "if-match-star-overwrites"])
  })

  it("replays, copies and exports it as the POST it was, its override header kept", () => {
    const snapshot = sharePointSession()
    const [, merge] = snapshot.exchanges
    const [item] = snapshot.resources
    if (merge === undefined || item === undefined) throw new Error("no MERGE recorded")
    const plan = planReplay(merge, item, { kind: "none" })
    expect(plan.method).toBe("POST")
    expect(plan.headers).toContainEqual({ name: "X-HTTP-Method", value: "MERGE" })
    expect(toCurl(snippetRequestOf(merge))).toContain("-X 'POST'")
    const exported = exportHar([merge])
    expect(exported.log.entries[0]?.request.method).toBe("POST")
    const again = createEngine()
    again.ingestHarEntry(exported.log.entries[0], "import")
    expect(again.snapshot().exchanges[0]).toMatchObject({ method: "MERGE", sentMethod: "POST" })
  })
})

describe("createEngine: a write that sends the version it will make (Confluence's version.number)", () => {
  const PAGE = "https://example.atlassian.net/wiki/rest/api/content/123"
  const page = (version: number) => JSON.stringify({ id: "123", title: "Plan", version: { number: version } })
  const read = (version: number) => harEntry({ url: PAGE, responseBody: page(version) })
  const update = (sent: number, status: number, made?: number) =>
    harEntry({
      method: "PUT",
      url: PAGE,
      status,
      requestBody: JSON.stringify({ title: "Plan", type: "page", version: { number: sent } }),
      responseBody: made === undefined ? '{"message":"Version must be incremented on update."}' : page(made)
    })
  const options = { bodyTagFields: ["version.number"], nextVersionFields: ["version.number"] }

  function confluenceSession(engineOptions: Partial<EngineOptions>) {
    const engine = createEngine(engineOptions)
    // Two editors read version 4; the first saves 5; the second also sends 5, based on 4: refused.
    for (const entry of [read(4), read(4), update(5, 200, 5), update(5, 409), read(5), update(6, 200, 6)])
      engine.ingestHarEntry(entry, "import")
    return engine.snapshot()
  }

  it("judges each write by the version it is based on: current, then stale (409), then current", () => {
    const snapshot = confluenceSession(options)
    const [resource] = snapshot.resources
    expect(
      resource?.events
        .filter((event) => event.role === "write")
        .map((event) => [
          event.exchangeId,
          event.status,
          event.precondition.state,
          event.precondition.versionIndex
        ])
    ).toEqual([
      [3, 200, "current", 1],
      [4, 409, "stale", 1],
      [6, 200, "current", 2]
    ])
    expect(snapshot.exchanges[2]?.notes).toContain(
      "version.number 5 is the version this write makes: judged as based on 4"
    )
    // The stale version number refused with 409 is what RFC 9110 §15.5.10 describes: no conflict-as-409.
    expect(ruleIdsOf(snapshot)).toEqual([])
  })

  it("without the option, the first save reads as sending a version never seen", () => {
    const snapshot = confluenceSession({ bodyTagFields: ["version.number"] })
    expect(ruleIdsOf(snapshot)).toEqual(["unknown-tag-sent"])
  })
})

describe("createEngine: a FHIR client that searches, then updates what it found", () => {
  const BASE = "https://fhir.example/R4"
  const fhirJson = [{ name: "Content-Type", value: "application/fhir+json" }]
  const searchset = JSON.stringify({
    resourceType: "Bundle",
    type: "searchset",
    entry: [
      {
        fullUrl: `${BASE}/Patient/7`,
        resource: { resourceType: "Patient", id: "7", meta: { versionId: "2" } },
        search: { mode: "match" }
      }
    ]
  })
  const update = (ifMatch: string, status: number, etag = 'W/"3"') =>
    harEntry({
      method: "PUT",
      url: `${BASE}/Patient/7`,
      status,
      requestHeaders: [...fhirJson, { name: "If-Match", value: ifMatch }],
      requestBody: JSON.stringify({ resourceType: "Patient", id: "7" }),
      responseHeaders: status === 200 ? [...fhirJson, { name: "ETag", value: etag }] : fhirJson
    })

  it("a conditional update (PUT …/Patient?identifier=a) is a write of the patient its answer shows", () => {
    const engine = createEngine()
    engine.ingestHarEntry(
      harEntry({ url: `${BASE}/Patient?family=Smith`, responseHeaders: fhirJson, responseBody: searchset }),
      "import"
    )
    const conditional = harEntry({
      method: "PUT",
      url: `${BASE}/Patient?identifier=a`,
      requestHeaders: fhirJson,
      requestBody: JSON.stringify({ resourceType: "Patient" }),
      responseHeaders: [...fhirJson, { name: "ETag", value: 'W/"3"' }],
      responseBody: JSON.stringify({ resourceType: "Patient", id: "7", meta: { versionId: "3" } })
    })
    engine.ingestHarEntry(conditional, "import")
    engine.ingestHarEntry(update('W/"3"', 200, 'W/"4"'), "import")
    const snapshot = engine.snapshot()
    const patient = snapshot.resources.find((resource) => resource.key === `${BASE}/Patient/7`)
    expect(patient?.versions.map((version) => [version.tag.tag.raw, version.introducedBy])).toEqual([
      ['W/"2"', 1],
      ['W/"3"', 2],
      ['W/"4"', 3]
    ])
    // The update after it names the version the conditional update made: current, not a tag never seen.
    expect(patient?.events.map((event) => [event.exchangeId, event.role, event.precondition.state])).toEqual([
      [1, "read", "none"],
      [2, "write", "none"],
      [3, "write", "current"]
    ])
    expect(snapshot.resources.find((resource) => resource.key === `${BASE}/Patient`)?.versions).toEqual([])
    // Unguarded, and reported on the patient.
    expect(snapshot.findings.map((finding) => [finding.ruleId, finding.resourceKey])).toEqual([
      ["missing-if-match", `${BASE}/Patient/7`],
      ["precondition-optional", undefined]
    ])
  })

  it("a create whose Location names the new version (HAPI: …/Patient/9/_history/1) starts the patient's lineage", () => {
    const engine = createEngine()
    engine.ingestHarEntry(
      harEntry({
        method: "POST",
        url: `${BASE}/Patient`,
        status: 201,
        requestHeaders: fhirJson,
        requestBody: JSON.stringify({ resourceType: "Patient" }),
        responseHeaders: [
          ...fhirJson,
          { name: "ETag", value: 'W/"1"' },
          { name: "Location", value: `${BASE}/Patient/9/_history/1` }
        ]
      }),
      "import"
    )
    const [create] = engine.snapshot().exchanges
    expect(create.location).toBe(`${BASE}/Patient/9`)
    expect(engine.snapshot().resources.map((resource) => resource.key)).toContain(`${BASE}/Patient/9`)
  })

  it("a vread (GET …/Patient/7/_history/2) reads a version of the patient; an old one never becomes the newest", () => {
    const engine = createEngine()
    const vread = (versionId: string) =>
      harEntry({
        url: `${BASE}/Patient/7/_history/${versionId}?_format=json`,
        responseHeaders: [
          ...fhirJson,
          { name: "ETag", value: `W/"${versionId}"` },
          { name: "Last-Modified", value: "Thu, 01 Jan 2026 00:00:00 GMT" }
        ],
        responseBody: JSON.stringify({ resourceType: "Patient", id: "7", meta: { versionId } })
      })
    engine.ingestHarEntry(
      harEntry({ url: `${BASE}/Patient?family=Smith`, responseHeaders: fhirJson, responseBody: searchset }),
      "import"
    )
    engine.ingestHarEntry(update('W/"2"', 200), "import")
    // Version 2, which the search showed; then version 1, which the capture never showed.
    engine.ingestHarEntry(vread("2"), "import")
    engine.ingestHarEntry(vread("1"), "import")
    engine.ingestHarEntry(update('W/"3"', 200, 'W/"4"'), "import")
    const snapshot = engine.snapshot()
    expect(snapshot.resources.map((resource) => resource.key)).not.toContain(`${BASE}/Patient/7/_history/2`)
    const patient = snapshot.resources.find((resource) => resource.key === `${BASE}/Patient/7`)
    expect(
      patient?.versions.map((version) => [version.tag.tag.raw, version.introducedBy, version.seenBy])
    ).toEqual([
      ['W/"2"', 1, [1, 3]],
      ['W/"3"', 2, []],
      ['W/"4"', 5, []]
    ])
    expect(
      patient?.events.map((event) => [
        event.exchangeId,
        event.role,
        event.versionIndex,
        event.precondition.state
      ])
    ).toEqual([
      [1, "read", 1, "none"],
      [2, "write", 2, "current"],
      [3, "read", 1, "none"],
      [4, "read", undefined, "none"],
      [5, "write", 3, "current"]
    ])
  })

  it('knows the version the search showed: its W/"<versionId>" in If-Match is current, the one before stale', () => {
    const engine = createEngine()
    engine.ingestHarEntry(
      harEntry({ url: `${BASE}/Patient?family=Smith`, responseHeaders: fhirJson, responseBody: searchset }),
      "import"
    )
    engine.ingestHarEntry(update('W/"2"', 200), "import")
    engine.ingestHarEntry(update('W/"2"', 412), "import")
    const snapshot = engine.snapshot()
    const patient = snapshot.resources.find((resource) => resource.key === `${BASE}/Patient/7`)
    expect(patient?.versions.map((version) => [version.tag.tag.raw, version.introducedBy])).toEqual([
      ['W/"2"', 1],
      ['W/"3"', 2]
    ])
    expect(
      patient?.events.filter((event) => event.role === "write").map((event) => event.precondition.state)
    ).toEqual(["current", "stale"])
    // Neither a tag it never received, nor a weak tag to fault (FHIR's convention).
    expect(ruleIdsOf(snapshot)).toEqual([])
  })
})
