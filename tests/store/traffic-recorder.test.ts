import { describe, expect, it } from "vitest"

import {
  createDevtoolsTrafficSource,
  type DevtoolsNetworkApi,
  type DevtoolsRequest
} from "../../src/adapters/devtools-traffic-source"
import { createMemoryTrafficSource } from "../../src/adapters/memory-traffic-source"
import {
  createMemoryArea,
  createSessionStore,
  type RecordedEntry,
  type SessionStore
} from "../../src/adapters/session-store"
import type { PanelSettings } from "../../src/adapters/settings-store"
import type { HarEntry } from "../../src/adapters/traffic-source"
import { createPanelStore } from "../../src/store/create-panel-store"
import { startRecording } from "../../src/store/traffic-recorder"
import { harEntry } from "../adapters/har-entry-builder"
import { createFakeEngine } from "./fake-engine"
import { panelSettings } from "../builders/panel-settings"

const settings: PanelSettings = panelSettings({ maxExchanges: 100_000, maxBodyBytes: 1000 })
const readHar = () => ({ entries: [], problems: [] })
const at = (second: number, url = "http://127.0.0.1/api/notes/1") =>
  harEntry({ url, startedDateTime: `2026-11-25T12:00:${String(second).padStart(2, "0")}.000Z` })
const sessionOptions = { key: "etagLens.session.3", maxEntries: 1000, maxBytes: 1e7, throttleMs: 5 }

function panel(source = createMemoryTrafficSource(), area = createMemoryArea(), pageUrl?: string) {
  const engine = createFakeEngine()
  const session = createSessionStore(area, sessionOptions)
  const store = createPanelStore({ engine, settings, readHar, session })
  const currentPageUrl = pageUrl === undefined ? undefined : async () => pageUrl
  // The clock the entries were stamped by: a Clear drops what finished before it.
  const now = () => Date.parse("2026-11-25T12:00:00.000Z")
  const recorder = startRecording({ store, source, session, batchMs: 5, currentPageUrl, now })
  return { engine, store, recorder, session, source, area }
}
const origins = (store: ReturnType<typeof panel>["store"]) =>
  store.getState().snapshot.exchanges.map((exchange) => exchange.origin)

/** A panel that recorded (doing `act` once ready) and was closed: its session is in `area`. */
async function closedPanel(
  area: ReturnType<typeof createMemoryArea>,
  act: (opened: ReturnType<typeof panel>) => void
) {
  const opened = panel(createMemoryTrafficSource(), area)
  await opened.recorder.ready
  act(opened)
  opened.recorder.stop()
  await opened.session.flush()
}

describe("traffic recorder", () => {
  it("backfills what DevTools recorded, then records live traffic, without duplicates", async () => {
    const source = createMemoryTrafficSource([at(1), at(2)])
    const { store, recorder } = panel(source)
    source.emit(at(2)) // arrives live while the backfill is pending: the same request
    await recorder.ready
    source.emit(at(3))
    recorder.flush()
    expect(origins(store)).toEqual(["backfill", "backfill", "live"])
  })

  it("a request in flight when the panel opens is one row, with its answer (not a failed row and a second one)", async () => {
    const pending = harEntry({ status: 0, url: "http://127.0.0.1/api/notes?wait=30" })
    const answered = harEntry({ status: 200, url: "http://127.0.0.1/api/notes?wait=30" })
    const finished = new Set<(request: DevtoolsRequest) => void>()
    const asRequest = (entry: HarEntry) =>
      Object.assign(
        Object.create({ getContent: (cb: (c: string, e: string) => void) => cb("[]", "") }),
        entry
      )
    const network: DevtoolsNetworkApi = {
      getHAR: (callback) => callback?.({ entries: [asRequest(pending)] }),
      onRequestFinished: {
        addListener: (listener) => void finished.add(listener),
        removeListener: (listener) => void finished.delete(listener)
      },
      onNavigated: { addListener: () => undefined, removeListener: () => undefined }
    }
    const source = createDevtoolsTrafficSource({
      network,
      style: "callback",
      maxBodyBytes: 1000,
      harReconcileMs: 0
    })
    const store = createPanelStore({ engine: createFakeEngine(), settings, readHar })
    const recorder = startRecording({ store, source, batchMs: 5 })
    await recorder.ready
    for (const listener of finished) listener(asRequest(answered))
    await new Promise((resolve) => setTimeout(resolve, 5))
    recorder.flush()
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.status)).toEqual([200])
  })

  it("records distinct requests that share a start, method, URL and status, each once", async () => {
    const save = (editor: string, second: number) =>
      harEntry({
        url: "http://127.0.0.1/api/notes/1",
        method: "PUT",
        startedDateTime: `2026-11-25T12:00:0${second}.000Z`,
        requestBody: `{"text":"${editor}"}`
      })
    const arrivals = (store: ReturnType<typeof panel>["store"]) =>
      store.getState().snapshot.exchanges.map((exchange) => `${exchange.origin} ${exchange.startedAt}`)
    const area = createMemoryArea()
    // One page's two saves in the same millisecond, recorded by DevTools before the panel opened;
    // one of them also arrives live while the backfill is pending: the same request.
    const source = createMemoryTrafficSource([save("A", 1), save("B", 1)])
    const first = panel(source, area)
    source.emit(save("A", 1))
    await first.recorder.ready
    // Two more, live.
    source.emit(save("C", 2))
    source.emit(save("D", 2))
    first.recorder.flush()
    const recorded = [
      "backfill 2026-11-25T12:00:01.000Z",
      "backfill 2026-11-25T12:00:01.000Z",
      "live 2026-11-25T12:00:02.000Z",
      "live 2026-11-25T12:00:02.000Z"
    ]
    expect(arrivals(first.store)).toEqual(recorded)
    first.recorder.stop()
    await first.session.flush()

    // Reopened: the saved session holds all four, and getHAR still lists them.
    const reopened = panel(
      createMemoryTrafficSource([save("A", 1), save("B", 1), save("C", 2), save("D", 2)]),
      area
    )
    await reopened.recorder.ready
    expect(arrivals(reopened.store)).toEqual(recorded)
  })

  it("batches live entries into one snapshot", async () => {
    const { store, recorder, source, engine } = panel()
    await recorder.ready
    const before = engine.snapshotCalls
    for (let second = 0; second < 50; second++) source.emit(at(second))
    recorder.flush()
    expect(store.getState().snapshot.exchanges).toHaveLength(50)
    expect(engine.snapshotCalls - before).toBe(1)
  })

  it("ignores live traffic while paused", async () => {
    const { store, recorder, source } = panel()
    await recorder.ready
    store.getState().setRecording(false)
    source.emit(at(1))
    recorder.flush()
    expect(store.getState().snapshot.exchanges).toHaveLength(0)
  })

  it("a reopened panel restores the session and does not double what getHAR still lists", async () => {
    const area = createMemoryArea()
    await closedPanel(area, ({ source }) => {
      source.emit(at(1))
      source.emit(at(2))
    })

    const second = panel(createMemoryTrafficSource([at(2), at(3)]), area)
    await second.recorder.ready
    expect(second.store.getState().snapshot.exchanges.map((exchange) => exchange.startedAt)).toEqual(
      [1, 2, 3].map((s) => `2026-11-25T12:00:0${s}.000Z`)
    )
  })

  it("a panel reopened while recording was paused records nothing until it is resumed", async () => {
    const area = createMemoryArea()
    await closedPanel(area, ({ source, store }) => {
      source.emit(at(1))
      store.getState().setRecording(false)
    })

    // DevTools saw traffic before the panel was shown (getHAR), and more arrives before it is ready.
    const source = createMemoryTrafficSource([at(2)])
    const second = panel(source, area)
    source.emit(at(3))
    await second.recorder.ready
    second.recorder.flush()
    expect(second.store.getState().recording).toBe(false)
    expect(second.store.getState().snapshot.exchanges.map((exchange) => exchange.startedAt)).toEqual([
      "2026-11-25T12:00:01.000Z"
    ])
    second.store.getState().setRecording(true)
    source.emit(at(4))
    second.recorder.flush()
    expect(origins(second.store)).toEqual(["live", "live"])
  })

  it("a reopened panel shows the capture as it was left: filter, Traffic order and view", async () => {
    const area = createMemoryArea()
    await closedPanel(area, ({ store }) => {
      store.getState().setFilter({ text: "method:PUT -rule:lost", statuses: ["4xx"], showNoise: true })
      store.getState().setTrafficSort({ column: "Status", descending: true })
      store.getState().setView("findings")
    })

    const second = panel(createMemoryTrafficSource(), area)
    expect(second.store.getState().filter.text).toBe("")
    await second.recorder.ready
    const state = second.store.getState()
    expect(state.filter).toEqual({
      text: "method:PUT -rule:lost",
      methods: [],
      statuses: ["4xx"],
      onlyWithTags: false,
      showNoise: true
    })
    expect(state.trafficSort).toEqual({ column: "Status", descending: true })
    expect(state.view).toBe("findings")
  })

  it("a stored view that is not sound keeps the defaults, field by field", async () => {
    const area = createMemoryArea()
    await closedPanel(area, ({ source }) => source.emit(at(1)))
    const metaKey = `${sessionOptions.key}.meta`
    const meta = (await area.get(metaKey))[metaKey] as Record<string, unknown>
    const viewState = {
      filter: { text: 7, statuses: ["4xx", "9xx"], showNoise: "yes" },
      trafficSort: { column: "Size", descending: true },
      view: "network"
    }
    await area.set({ [metaKey]: { ...meta, viewState } })

    const second = panel(createMemoryTrafficSource(), area)
    await second.recorder.ready
    const state = second.store.getState()
    expect(state.filter).toEqual({
      text: "",
      methods: [],
      statuses: ["4xx"],
      onlyWithTags: false,
      showNoise: false
    })
    expect(state.trafficSort).toEqual({ column: "#", descending: false })
    expect(state.view).toBe("traffic")
  })

  it("a Clear before the saved session and the backfill are in wins: neither comes back after it", async () => {
    const area = createMemoryArea()
    const first = panel(createMemoryTrafficSource(), area)
    await first.recorder.ready
    first.source.emit(at(1))
    first.recorder.stop()
    await first.session.flush()

    // Reopened: storage answers late (a busy browser), and the user clears at once.
    let openGate: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (openGate = resolve))
    const slowArea = { ...area, get: async (keys: string | string[]) => (await gate, area.get(keys)) }
    const source = createMemoryTrafficSource([at(2)])
    const second = panel(source, slowArea)
    source.emit(at(3)) // live, before the clear: held until the restore, and cleared with the rest
    second.store.getState().clear()
    openGate()
    await second.recorder.ready
    expect(second.store.getState().snapshot.exchanges).toEqual([])
    source.emit(at(4))
    second.recorder.flush()
    expect(origins(second.store)).toEqual(["live"])
    // What was recorded after the clear is the session the next panel restores, late answer or not.
    second.recorder.stop()
    await second.session.flush()
    const third = panel(createMemoryTrafficSource([at(2)]), slowArea)
    await third.recorder.ready
    const exchanges = third.store.getState().snapshot.exchanges
    expect(exchanges.map((exchange) => [exchange.origin, exchange.startedAt.slice(17, 19)])).toEqual([
      ["live", "04"],
      ["backfill", "02"]
    ])
  })

  it("a navigation while the saved session loads keeps it under Preserve log, and clears it without", async () => {
    for (const preserveLog of [true, false]) {
      const area = createMemoryArea()
      await closedPanel(area, ({ source, store }) => {
        store.getState().setPreserveLog(preserveLog)
        source.emit(at(1))
      })

      // Reopened while the page reloads itself: storage answers after the navigation.
      let openGate: () => void = () => undefined
      const gate = new Promise<void>((resolve) => (openGate = resolve))
      const slowArea = { ...area, get: async (keys: string | string[]) => (await gate, area.get(keys)) }
      const source = createMemoryTrafficSource()
      const second = panel(source, slowArea)
      source.emit(at(2)) // the page that was left
      source.navigate("http://127.0.0.1/reloaded")
      source.emit(at(3)) // the page after it
      openGate()
      await second.recorder.ready
      second.recorder.flush()
      const state = second.store.getState()
      expect(state.preserveLog).toBe(preserveLog)
      expect(state.pageUrl).toBe("http://127.0.0.1/reloaded")
      expect(state.snapshot.exchanges.map((exchange) => exchange.startedAt.slice(17, 19))).toEqual(
        preserveLog ? ["01", "02", "03"] : ["03"]
      )
    }
  })

  it("a saved session it cannot restore does not stop the recording", async () => {
    const area = createMemoryArea()
    const session = createSessionStore(area, sessionOptions)
    const unreadable: SessionStore = {
      ...session,
      load: async () => ({
        recording: true,
        preserveLog: false,
        captureStartedAt: "2026-11-25T12:00:00.000Z",
        trimmed: 0,
        entries: [null as unknown as RecordedEntry]
      })
    }
    const source = createMemoryTrafficSource()
    const store = createPanelStore({ engine: createFakeEngine(), settings, readHar, session: unreadable })
    const recorder = startRecording({ store, source, session: unreadable, batchMs: 5 })
    await recorder.ready
    source.emit(at(1))
    recorder.flush()
    expect(origins(store)).toEqual(["live"])
  })

  it("a request that finished before ⊘ Clear and is delivered after it (body read late, or handed over from getHAR) stays cleared", async () => {
    const clock = Date.parse("2026-11-25T12:00:10.000Z")
    const source = createMemoryTrafficSource()
    const store = createPanelStore({ engine: createFakeEngine(), settings, readHar })
    const recorder = startRecording({ store, source, batchMs: 5, now: () => clock })
    await recorder.ready
    store.getState().clear()
    const finishedBefore = at(9) // 12:00:09, 5 ms long
    const stillRunning = { ...at(8, "http://127.0.0.1/api/notes/2"), time: 4000 } // until 12:00:12
    source.emit(finishedBefore)
    source.emit(stillRunning)
    source.emit(at(11, "http://127.0.0.1/api/notes/3"))
    recorder.flush()
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.url)).toEqual([
      "http://127.0.0.1/api/notes/2",
      "http://127.0.0.1/api/notes/3"
    ])
  })

  it("does not restore a session recorded on another page, unless Preserve log was on", async () => {
    const area = createMemoryArea()
    const first = panel(createMemoryTrafficSource(), area, "http://127.0.0.1/a")
    await first.recorder.ready
    first.source.emit(at(1))
    first.recorder.stop()
    await first.session.flush()

    const samePage = panel(createMemoryTrafficSource(), area, "http://127.0.0.1/a")
    await samePage.recorder.ready
    expect(samePage.store.getState().snapshot.exchanges).toHaveLength(1)
    samePage.store.getState().setPreserveLog(true)
    await samePage.session.flush()

    const preserved = panel(createMemoryTrafficSource(), area, "http://127.0.0.1/b")
    await preserved.recorder.ready
    expect(preserved.store.getState().snapshot.exchanges).toHaveLength(1)
    preserved.store.getState().setPreserveLog(false)
    await preserved.session.flush()

    const otherPage = panel(createMemoryTrafficSource(), area, "http://127.0.0.1/c")
    await otherPage.recorder.ready
    expect(otherPage.store.getState().snapshot.exchanges).toHaveLength(0)
  })

  it("navigation clears the log and lets the same request be recorded again", async () => {
    const { store, recorder, source } = panel()
    await recorder.ready
    source.emit(at(1))
    source.navigate("http://127.0.0.1/")
    expect(store.getState().snapshot.exchanges).toHaveLength(0)
    source.emit(at(1))
    recorder.flush()
    expect(store.getState().snapshot.exchanges).toHaveLength(1)
  })

  it("stays quick with 50k entries", async () => {
    const { store, recorder, source } = panel()
    await recorder.ready
    const started = performance.now()
    for (let n = 0; n < 50_000; n++)
      source.emit(harEntry({ url: `http://127.0.0.1/api/notes/${n}`, startedDateTime: String(n) }))
    recorder.flush()
    expect(store.getState().snapshot.exchanges).toHaveLength(50_000)
    expect(performance.now() - started).toBeLessThan(15_000)
  })
})
