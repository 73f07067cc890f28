import { describe, expect, it } from "vitest"

import { createMemoryArea, createSessionStore } from "../../src/adapters/session-store"
import type { PanelSettings } from "../../src/adapters/settings-store"
import { createMemorySettingsStore } from "../../src/adapters/memory-settings-store"
import { createPanelStore } from "../../src/store/create-panel-store"
import { findingKey, selectFilteredExchanges, selectSeverityCounts } from "../../src/store/selectors"
import { harEntry } from "../adapters/har-entry-builder"
import { createFakeEngine } from "./fake-engine"
import { panelSettings } from "../builders/panel-settings"

const settings: PanelSettings = panelSettings({ bodyTagFields: ["_etag"], maxBodyBytes: 1000 })
const readHar = (text: string) => ({
  entries: JSON.parse(text).log.entries as unknown[],
  problems: [] as string[]
})
const notes = (n: number) => `http://127.0.0.1/api/notes/${n}`

function setup() {
  const engine = createFakeEngine()
  const store = createPanelStore({ engine, settings, readHar, now: () => new Date("2026-11-25T12:03:41Z") })
  return { engine, store }
}

describe("panel store", () => {
  it("ingests a batch with one snapshot", () => {
    const { engine, store } = setup()
    const before = engine.snapshotCalls
    store.getState().ingest(
      [1, 2, 3].map((n) => harEntry({ url: notes(n) })),
      "live"
    )
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.url)).toEqual([
      notes(1),
      notes(2),
      notes(3)
    ])
    expect(engine.snapshotCalls - before).toBe(1)
  })

  it("filters by text, method, status class, tags and noise", () => {
    const { store } = setup()
    store.getState().ingest(
      [
        harEntry({ url: notes(1), responseHeaders: [{ name: "ETag", value: '"a"' }] }),
        harEntry({
          url: notes(2),
          method: "PUT",
          status: 412,
          requestHeaders: [{ name: "If-Match", value: '"a"' }]
        }),
        harEntry({ url: "http://127.0.0.1/logo.png", resourceType: "image" })
      ],
      "live"
    )
    const rows = () => selectFilteredExchanges(store.getState()).map((exchange) => exchange.id)
    expect(rows()).toEqual([1, 2])
    store.getState().setFilter({ showNoise: true })
    expect(rows()).toEqual([1, 2, 3])
    store.getState().setFilter({ methods: ["PUT"] })
    expect(rows()).toEqual([2])
    store.getState().setFilter({ methods: [], statuses: ["4xx"] })
    expect(rows()).toEqual([2])
    store.getState().setFilter({ statuses: [], onlyWithTags: true })
    expect(rows()).toEqual([1, 2])
    store.getState().setFilter({ onlyWithTags: false, text: "NOTES/1" })
    expect(rows()).toEqual([1])
  })

  it("links selection between exchange, resource and finding", () => {
    const { engine, store } = setup()
    store.getState().ingest(
      [1, 2, 3].map(() => harEntry({ url: notes(1) })),
      "live"
    )
    engine.resources = [
      {
        key: notes(1),
        aliases: [],
        tagSources: ["header"],
        versions: [],
        exists: true,
        events: [1, 2, 3].map((id) => ({
          exchangeId: id,
          role: "read" as const,
          method: "GET",
          status: 200,
          precondition: { mechanism: "none" as const, state: "none" as const }
        }))
      }
    ]
    const finding = {
      ruleId: "lost-update",
      severity: "error" as const,
      message: "m",
      resourceKey: notes(1),
      exchangeIds: [2, 3]
    }
    engine.findings = [finding]
    store.getState().ingest([harEntry({ url: notes(9) })], "live")

    store.getState().selectFinding(findingKey(finding))
    expect(store.getState().selection).toEqual({
      findingKey: "lost-update:2,3",
      exchangeId: 3,
      resourceKey: notes(1)
    })
    store.getState().selectExchange(2)
    expect(store.getState().selection).toEqual({
      exchangeId: 2,
      resourceKey: notes(1),
      findingKey: "lost-update:2,3"
    })
    store.getState().selectResource(notes(1))
    expect(store.getState().selection.exchangeId).toBe(3)
    expect(selectSeverityCounts(store.getState())).toEqual({ error: 1, warning: 0, info: 0 })
  })

  it("links a finding to the exchange it is about, and an exchange to its own finding before one it is context for", () => {
    const { engine, store } = setup()
    // tag-unchanged-after-write: about the write #2; the read #3 only showed the tag.
    const unchanged = {
      ruleId: "tag-unchanged-after-write",
      severity: "error" as const,
      message: "m",
      resourceKey: notes(1),
      exchangeIds: [2, 3],
      contextExchangeIds: [3]
    }
    const aboutTheRead = {
      ruleId: "unknown-tag-sent",
      severity: "warning" as const,
      message: "m",
      resourceKey: notes(1),
      exchangeIds: [3]
    }
    engine.findings = [unchanged, aboutTheRead]
    store.getState().ingest([harEntry({ url: notes(9) })], "live")

    store.getState().selectFinding(findingKey(unchanged))
    expect(store.getState().selection.exchangeId).toBe(2)
    store.getState().selectExchange(3)
    expect(store.getState().selection.findingKey).toBe(findingKey(aboutTheRead))
  })

  it("clears on navigation unless Preserve log is on", () => {
    const { store } = setup()
    store.getState().ingest([harEntry({})], "live")
    store.getState().setPreserveLog(true)
    store.getState().navigated("http://x/")
    expect(store.getState().snapshot.exchanges).toHaveLength(1)
    expect(store.getState().mayMissEarlierTraffic).toBe(false)
    store.getState().setPreserveLog(false)
    store.getState().navigated("http://x/")
    expect(store.getState().snapshot.exchanges).toHaveLength(0)
  })

  it("saves settings, reconfigures the engine", async () => {
    const engine = createFakeEngine()
    const settingsStore = createMemorySettingsStore(settings)
    const store = createPanelStore({ engine, settings, settingsStore, readHar })
    await store.getState().setSettings({ ...settings, bodyTagFields: ["version"], maxExchanges: 2 })
    expect(engine.options.bodyTagFields).toEqual(["version"])
    expect(await settingsStore.load()).toMatchObject({ bodyTagFields: ["version"], maxExchanges: 2 })
  })

  it("imports a HAR and exports it redacted unless secrets are opted in", () => {
    const { store } = setup()
    const entry = harEntry({
      url: notes(1),
      requestHeaders: [{ name: "Authorization", value: "Basic c2VjcmV0" }]
    })
    store.getState().importHar(JSON.stringify({ log: { entries: [entry] } }), "a.har")
    expect(store.getState().snapshot.exchanges[0].origin).toBe("import")
    expect(store.getState().notice?.text).toMatch(/Imported 1 (of 1 )?entry from a\.har/)
    expect(store.getState().exportHar({ includeSecrets: false })).not.toContain("Basic c2VjcmV0")
    expect(store.getState().exportHar({ includeSecrets: true })).toContain("Basic c2VjcmV0")
  })

  it("persists what it ingests to the session and forgets it on clear", async () => {
    const area = createMemoryArea()
    const session = createSessionStore(area, { key: "s", maxEntries: 100, maxBytes: 1e7, throttleMs: 5 })
    const store = createPanelStore({ engine: createFakeEngine(), settings, readHar, session })
    store.getState().setRecording(true)
    store.getState().ingest([harEntry({})], "live")
    await session.flush()
    expect(
      (await createSessionStore(area, { key: "s", maxEntries: 100, maxBytes: 1e7, throttleMs: 5 }).load())
        ?.entries
    ).toHaveLength(1)
    store.getState().clear()
    await session.flush()
    expect(
      (await createSessionStore(area, { key: "s", maxEntries: 100, maxBytes: 1e7, throttleMs: 5 }).load())
        ?.entries
    ).toHaveLength(0)
  })
})
