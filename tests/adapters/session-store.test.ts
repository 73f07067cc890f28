import { afterEach, describe, expect, it, vi } from "vitest"

import {
  createMemoryArea,
  createSessionStore,
  sessionKeyForTab,
  type RecordedEntry
} from "../../src/adapters/session-store"
import { harEntry } from "./har-entry-builder"

const meta = { recording: true, preserveLog: false, captureStartedAt: "2026-11-25T12:00:00.000Z" }
const recorded = (n: number): RecordedEntry => ({
  entry: harEntry({ url: `http://127.0.0.1/api/notes/${n}` }),
  origin: "live"
})
const urls = (entries: readonly RecordedEntry[]) =>
  entries.map((item) => item.entry.request.url.split("/").pop())

describe("session store", () => {
  afterEach(() => vi.useRealTimers())

  it("restores what a previous panel recorded on the same tab, in order", async () => {
    const area = createMemoryArea()
    const options = {
      key: sessionKeyForTab(7),
      maxEntries: 100,
      maxBytes: 1e7,
      throttleMs: 1000,
      chunkSize: 2
    }
    const first = createSessionStore(area, options)
    first.setMeta(meta)
    first.append([recorded(1), recorded(2), recorded(3)])
    await first.flush()

    const reopened = await createSessionStore(area, options).load()
    expect(urls(reopened?.entries ?? [])).toEqual(["1", "2", "3"])
    expect(reopened).toMatchObject(meta)
    expect(await createSessionStore(area, { ...options, key: sessionKeyForTab(8) }).load()).toBeUndefined()
  })

  it("writes the first entries after a quiet spell at once, and those that follow within the delay after it", async () => {
    vi.useFakeTimers()
    const area = createMemoryArea()
    const store = createSessionStore(area, { key: "k", maxEntries: 100, maxBytes: 1e7, throttleMs: 500 })
    store.append([recorded(1)])
    // A user's last save before closing DevTools is in storage now, not 500 ms later.
    expect(area.data.get("k.1")).toHaveLength(1)
    store.append([recorded(2)])
    await vi.advanceTimersByTimeAsync(499)
    expect(area.data.get("k.1")).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(area.data.get("k.1")).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2000)
    store.append([recorded(3)]) // quiet again: at once
    expect(area.data.get("k.1")).toHaveLength(3)
  })

  it("throttles entries: none is written until the delay passes", async () => {
    vi.useFakeTimers()
    const area = createMemoryArea()
    const store = createSessionStore(area, { key: "k", maxEntries: 100, maxBytes: 1e7, throttleMs: 500 })
    store.setMeta(meta)
    store.append([recorded(1)])
    store.append([recorded(2)])
    expect(area.data.has("k.1")).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(area.data.get("k.1")).toHaveLength(2)
  })

  it("writes a meta change at once, with the entries still pending, even while a write is in flight", async () => {
    vi.useFakeTimers()
    const memory = createMemoryArea()
    const started: Record<string, unknown>[] = []
    let release = () => {}
    // Storage applies calls in the order they are made; the first one's promise hangs, as a
    // storage call's answer can while the browser is busy.
    const area = {
      ...memory,
      set(items: Record<string, unknown>) {
        started.push(items)
        const applied = memory.set(items)
        if (started.length > 1) return applied
        return new Promise<void>((resolve) => (release = () => void applied.then(resolve)))
      }
    }
    const store = createSessionStore(area, { key: "k", maxEntries: 100, maxBytes: 1e7, throttleMs: 500 })
    store.append([recorded(1)]) // the first write after a quiet spell starts at once, and hangs
    expect(started).toHaveLength(1)
    store.append([recorded(2)]) // within the throttle: waits
    expect(started).toHaveLength(1)
    const sorted = { ...meta, viewState: { trafficSort: { column: "Status", direction: "ascending" } } }
    store.setMeta(sorted)
    // No timer, no waiting for the first write: DevTools may close the panel's page right after.
    expect(started).toHaveLength(2)
    expect(started[1]).toMatchObject({ "k.meta": { ...sorted, chunkIds: [1] } })
    expect(started[1]["k.1"]).toHaveLength(2)
    release()
    await store.flush()
    const reopened = await createSessionStore(memory, {
      key: "k",
      maxEntries: 100,
      maxBytes: 1e7,
      throttleMs: 500
    }).load()
    expect(reopened?.viewState).toEqual(sorted.viewState)
    expect(urls(reopened?.entries ?? [])).toEqual(["1", "2"])
  })

  it("keeps only the newest entries within maxEntries and counts what it trimmed", async () => {
    const area = createMemoryArea()
    const options = { key: "k", maxEntries: 4, maxBytes: 1e7, throttleMs: 10, chunkSize: 2 }
    const store = createSessionStore(area, options)
    store.setMeta(meta)
    store.append([1, 2, 3, 4, 5, 6, 7].map(recorded))
    await store.flush()
    const loaded = await createSessionStore(area, options).load()
    expect(urls(loaded?.entries ?? [])).toEqual(["5", "6", "7"])
    expect(loaded?.trimmed).toBe(4)
    expect(area.data.has("k.1")).toBe(false)
  })

  it("keeps within the byte bound", async () => {
    const area = createMemoryArea()
    const oneEntryBytes = JSON.stringify(recorded(1)).length
    const options = { key: "k", maxEntries: 1000, maxBytes: oneEntryBytes * 3, throttleMs: 10, chunkSize: 1 }
    const store = createSessionStore(area, options)
    store.setMeta(meta)
    store.append([1, 2, 3, 4, 5].map(recorded))
    await store.flush()
    const loaded = await createSessionStore(area, options).load()
    expect((loaded?.entries.length ?? 0) <= 3).toBe(true)
    expect(urls(loaded?.entries ?? []).at(-1)).toBe("5")
  })

  it("deferred entries wait for a flush, or deferredWriteMs at the latest (a long import is saved as it goes)", async () => {
    vi.useFakeTimers()
    const area = createMemoryArea()
    const store = createSessionStore(area, {
      key: "k",
      maxEntries: 100,
      maxBytes: 1e7,
      throttleMs: 10,
      deferredWriteMs: 2000
    })
    store.append([recorded(1)], { deferred: true })
    await vi.advanceTimersByTimeAsync(1999)
    expect(area.data.has("k.1")).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(area.data.get("k.1")).toHaveLength(1)
  })

  it("deferred entries wait for a flush; chunks trimmed before it are never written", async () => {
    vi.useFakeTimers()
    const area = createMemoryArea()
    const options = { key: "k", maxEntries: 4, maxBytes: 1e7, throttleMs: 10, chunkSize: 2 }
    const store = createSessionStore(area, options)
    store.setMeta(meta)
    for (let batch = 0; batch < 5; batch++)
      store.append(
        [1, 2].map((n) => recorded(batch * 2 + n)),
        { deferred: true }
      )
    await vi.advanceTimersByTimeAsync(1000)
    expect(area.writes).toEqual([["k.meta"]])
    await store.flush()
    // Ten entries in five chunks; the bound keeps the last two chunks, and only they are written.
    expect(area.writes).toEqual([["k.meta"], ["k.4", "k.5", "k.meta"]])
    expect(urls((await createSessionStore(area, options).load())?.entries ?? [])).toEqual([
      "7",
      "8",
      "9",
      "10"
    ])
  })

  it("measures the byte bound newest first, at the write: what it trims is never serialized", async () => {
    const area = createMemoryArea()
    const oneChunkBytes = JSON.stringify([recorded(1), recorded(2)]).length
    const options = { key: "k", maxEntries: 1000, maxBytes: oneChunkBytes * 2, throttleMs: 10, chunkSize: 2 }
    const store = createSessionStore(area, options)
    store.setMeta(meta)
    const stringify = vi.spyOn(JSON, "stringify")
    store.append([1, 2, 3, 4, 5, 6, 7, 8].map(recorded), { deferred: true })
    await store.flush()
    const measured = stringify.mock.calls.filter(([value]) => Array.isArray(value)).length
    stringify.mockRestore()
    // The two newest chunks fit and the third does not: three measured, the oldest never.
    expect(measured).toBe(3)
    expect(urls((await createSessionStore(area, options).load())?.entries ?? [])).toEqual([
      "5",
      "6",
      "7",
      "8"
    ])
  })

  it("keeps what is recorded after a clear (new chunks never reuse a removed chunk's key)", async () => {
    const area = createMemoryArea()
    const options = { key: "k", maxEntries: 100, maxBytes: 1e7, throttleMs: 1000 }
    const store = createSessionStore(area, options)
    store.setMeta(meta)
    store.append([recorded(1)])
    await store.flush()
    store.clear()
    store.append([recorded(2)])
    await store.flush()
    expect(urls((await createSessionStore(area, options).load())?.entries ?? [])).toEqual(["2"])

    const reopened = createSessionStore(area, options)
    await reopened.load()
    reopened.clear()
    reopened.append([recorded(3)])
    await reopened.flush()
    expect(urls((await createSessionStore(area, options).load())?.entries ?? [])).toEqual(["3"])
  })

  it("a clear while a load is still reading wins: the load adopts nothing and the stored entries go", async () => {
    const area = createMemoryArea()
    const options = { key: "k", maxEntries: 100, maxBytes: 1e7, throttleMs: 10, chunkSize: 1 }
    const first = createSessionStore(area, options)
    first.setMeta(meta)
    first.append([recorded(1), recorded(2)])
    await first.flush()

    const reopened = createSessionStore(area, options)
    const loading = reopened.load()
    reopened.clear()
    reopened.setMeta(meta) // as the panel store does on a clear
    expect(await loading).toBeUndefined()
    reopened.append([recorded(3)])
    await reopened.flush()
    expect(urls((await createSessionStore(area, options).load())?.entries ?? [])).toEqual(["3"])
    expect([...area.data.keys()].sort()).toEqual(["k.3", "k.meta"])
  })

  it("clear forgets entries; a corrupt stored value reads as no session", async () => {
    const area = createMemoryArea()
    const store = createSessionStore(area, { key: "k", maxEntries: 10, maxBytes: 1e7, throttleMs: 10 })
    store.setMeta(meta)
    store.append([recorded(1)])
    store.clear()
    await store.flush()
    expect(
      (await createSessionStore(area, { key: "k", maxEntries: 10, maxBytes: 1e7, throttleMs: 10 }).load())
        ?.entries
    ).toEqual([])
    await area.set({
      "worse.meta": { chunkIds: [1], captureStartedAt: 7 },
      "worse.1": [{ entry: null, origin: "live" }, { entry: [], origin: "live" }, recorded(1)]
    })
    const worse = await createSessionStore(area, {
      key: "worse",
      maxEntries: 10,
      maxBytes: 1e7,
      throttleMs: 10,
      now: () => Date.parse("2026-11-25T12:30:00.000Z")
    }).load()
    expect(urls(worse?.entries ?? [])).toEqual(["1"])
    expect(worse?.captureStartedAt).toBe("2026-11-25T12:30:00.000Z")
    await area.set({ "bad.meta": { chunkIds: [1] }, "bad.1": "not an array" })
    expect(
      (await createSessionStore(area, { key: "bad", maxEntries: 10, maxBytes: 1e7, throttleMs: 10 }).load())
        ?.entries
    ).toEqual([])
  })

  it("storage's quota shared with another tab's session: the newest entries are kept, nothing is thrown", async () => {
    const inner = createMemoryArea()
    const quota = 20_000
    const used = () =>
      [...inner.data.values()].reduce<number>((sum, value) => sum + JSON.stringify(value).length, 0)
    // storage.session's 10 MB are the extension's, for every tab's session: a set over it is refused whole.
    const area = {
      ...inner,
      async set(items: Record<string, unknown>) {
        const replaced = Object.keys(items).reduce<number>(
          (sum, key) => sum + (inner.data.has(key) ? JSON.stringify(inner.data.get(key)).length : 0),
          0
        )
        const added = Object.values(items).reduce<number>(
          (sum, value) => sum + JSON.stringify(value).length,
          0
        )
        if (used() - replaced + added > quota) throw new Error("Session storage quota bytes exceeded.")
        await inner.set(items)
      }
    }
    await inner.set({ "etagLens.session.9.1": "x".repeat(11_000) })
    const big = (n: number): RecordedEntry => ({
      entry: harEntry({ url: `http://127.0.0.1/api/notes/${n}`, text: "y".repeat(600) }),
      origin: "live"
    })
    const options = { key: "k", maxEntries: 1000, maxBytes: 16_000, throttleMs: 0, chunkSize: 2 }
    const store = createSessionStore(area, options)
    store.setMeta(meta)
    for (let n = 1; n <= 12; n++) {
      store.append([big(n)])
      await store.flush()
    }
    const loaded = await createSessionStore(area, options).load()
    expect(urls(loaded?.entries ?? []).slice(-2)).toEqual(["11", "12"])
    expect(loaded?.trimmed).toBe(12 - (loaded?.entries.length ?? 0))
  })
})
