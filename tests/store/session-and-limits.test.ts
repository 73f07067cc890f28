import { describe, expect, it, vi } from "vitest"

import { createMemoryTrafficSource } from "../../src/adapters/memory-traffic-source"
import { createMemoryArea, createSessionStore } from "../../src/adapters/session-store"
import { createEngine } from "../../src/core/engine"
import { REPLAY_MARKER_HEADER } from "../../src/core/replay"
import { createPanelStore } from "../../src/store/create-panel-store"
import { startRecording } from "../../src/store/traffic-recorder"
import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, NOTE, settings } from "../ui/panel-harness"

const sessionOptions = { key: "etagLens.session.7", maxEntries: 100_000, maxBytes: 1e8, throttleMs: 0 }
const at = (index: number) =>
  harEntry({
    url: `http://127.0.0.1:8787/api/lax/notes/${index}`,
    startedDateTime: new Date(Date.UTC(2026, 10, 25, 12) + index * 1000).toISOString()
  })

function openPanel(area = createMemoryArea(), source = createMemoryTrafficSource()) {
  const session = createSessionStore(area, sessionOptions)
  const store = createPanelStore({ engine: createEngine(), settings, session })
  const recorder = startRecording({ store, source, session, batchMs: 1 })
  return { store, recorder, session, source, area }
}

describe("the saved session keeps what the panel knew", () => {
  it("a reopened panel restores replays (link, choice, verdict) and origins, marker header and all", async () => {
    const first = openPanel()
    await first.recorder.ready
    first.store.getState().ingest(laxScenario(), "live")
    // What the page replayer records carries the marker header that tells live echoes apart.
    const replayed = harEntry({
      url: NOTE,
      method: "PUT",
      startedDateTime: "2026-11-25T12:00:09.000Z",
      requestHeaders: [
        { name: "If-Match", value: '"v1"' },
        { name: REPLAY_MARKER_HEADER, value: "r-1" }
      ],
      requestBody: '{"text":"again"}',
      status: 412
    })
    first.store.getState().recordReplay(replayed, { of: 4, choice: "v1", verdict: "conflict-detected" })
    await first.session.flush()
    const before = first.store.getState().snapshot.exchanges
    first.recorder.stop()

    const reopened = openPanel(first.area)
    await reopened.recorder.ready
    const after = reopened.store.getState().snapshot.exchanges
    expect(after).toEqual(before)
    expect(after.at(-1)).toMatchObject({
      origin: "replay",
      replay: { of: 4, choice: "v1", verdict: "conflict-detected" }
    })
  })
})

describe("limits changed in ⚙ Settings apply at once", () => {
  it("maxExchanges caps the engine and the saved session", async () => {
    const panel = openPanel()
    await panel.recorder.ready
    panel.store.getState().ingest(
      Array.from({ length: 300 }, (_, index) => at(index)),
      "live"
    )
    await panel.store.getState().setSettings({ ...settings, maxExchanges: 100 })
    expect(panel.store.getState().snapshot.exchanges.length).toBeLessThanOrEqual(100)
    await panel.session.flush()
    const saved = await createSessionStore(panel.area, sessionOptions).load()
    expect(saved?.entries.length).toBeLessThanOrEqual(100)
    expect(saved?.trimmed).toBe(200)
  })

  it("a HAR import is saved once, when it ends, not batch by batch", async () => {
    const area = createMemoryArea()
    const session = createSessionStore(area, { ...sessionOptions, chunkSize: 2 })
    const store = createPanelStore({ engine: createEngine(), settings, session, importBatchSize: 2 })
    const har = {
      log: { version: "1.2", creator: { name: "test", version: "1" }, entries: [1, 2, 3, 4, 5].map(at) }
    }
    await store.getState().importHar(JSON.stringify(har), "five.har")
    await session.flush()
    const withEntries = area.writes.filter((keys) => keys.some((key) => !key.endsWith(".meta")))
    expect(withEntries).toEqual([["etagLens.session.7.1", "etagLens.session.7.2", "etagLens.session.7.3"]])
    const saved = [1, 2, 3].flatMap((id) => area.data.get(`etagLens.session.7.${id}`) as unknown[])
    expect(saved).toHaveLength(5)
  })

  it("a saved body over a lowered maxBodyBytes is restored as skipped, not as an empty text", async () => {
    const read = (version: number) =>
      harEntry({
        url: NOTE,
        startedDateTime: `2026-11-25T12:00:0${version}.000Z`,
        text: JSON.stringify({ text: String(version).repeat(5000) }),
        responseHeaders: [
          { name: "ETag", value: `"v${version}"` },
          { name: "Content-Type", value: "application/json" }
        ]
      })
    const first = openPanel()
    await first.recorder.ready
    first.store.getState().ingest([read(1), read(2)], "live")
    await first.session.flush()
    first.recorder.stop()

    const session = createSessionStore(first.area, sessionOptions)
    const limited = { ...settings, maxBodyBytes: 1024 }
    const store = createPanelStore({ engine: createEngine(), settings: limited, session })
    const recorder = startRecording({ store, source: createMemoryTrafficSource(), session, batchMs: 1 })
    await recorder.ready
    const { exchanges, findings } = store.getState().snapshot
    const tooLarge = "too large (5011 bytes > 1024 bytes limit)"
    expect(exchanges.map((exchange) => exchange.responseBody?.skipped)).toEqual([tooLarge, tooLarge])
    expect(exchanges.map((exchange) => exchange.responseBody?.text)).toEqual([undefined, undefined])
    expect(exchanges[0].notes).toContain(`response body skipped: ${tooLarge}`)
    expect(findings.map((finding) => finding.ruleId)).not.toContain("tag-changed-without-write")
    recorder.stop()
  })

  it("maxBodyBytes reaches the recorder's traffic source", async () => {
    const source = { ...createMemoryTrafficSource(), setBodyLimits: vi.fn() }
    const panel = openPanel(createMemoryArea(), source)
    await panel.recorder.ready
    await panel.store.getState().setSettings({ ...settings, maxBodyBytes: 1234 })
    expect(source.setBodyLimits).toHaveBeenCalledWith({ maxBodyBytes: 1234 })
  })

  it("keeps the recorder's de-duplication set bounded by maxExchanges, even with Preserve log", async () => {
    const source = createMemoryTrafficSource()
    const panel = openPanel(createMemoryArea(), source)
    await panel.recorder.ready
    await panel.store.getState().setSettings({ ...settings, maxExchanges: 50 })
    panel.store.getState().setPreserveLog(true)
    for (let index = 0; index < 500; index++) source.emit(at(index))
    panel.recorder.flush()
    source.navigate("http://127.0.0.1:8787/elsewhere")
    for (let index = 500; index < 700; index++) source.emit(at(index))
    panel.recorder.flush()
    expect(panel.recorder.dedupeSize()).toBe(50)
    // Still de-duplicates what it remembers: the newest request again is not counted twice.
    const count = panel.store.getState().snapshot.exchanges.length
    source.emit(at(699))
    panel.recorder.flush()
    expect(panel.store.getState().snapshot.exchanges.length).toBe(count)
  })
})
