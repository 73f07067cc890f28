import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"

import {
  createDevtoolsTrafficSource,
  type DevtoolsNetworkApi,
  type DevtoolsRequest
} from "../../src/adapters/devtools-traffic-source"
import { startHarReconciler } from "../../src/adapters/har-reconciler"
import type { HarEntry } from "../../src/adapters/traffic-source"
import { harEntry } from "./har-entry-builder"

const at = (second: number) => `2026-11-25T12:00:${String(second).padStart(2, "0")}.000+00:00`
const notModified = (second: number) => harEntry({ status: 304, startedDateTime: at(second) })
const START = new Date("2026-11-25T12:00:00.000Z")

/** A live event for another request: what makes the reconciler look at the log again. */
const liveTraffic = (reconciler: { announce(entry: HarEntry): void }) =>
  reconciler.announce(harEntry({ url: "http://127.0.0.1:8787/api/lax/notes", startedDateTime: at(0) }))

/** Lets the reconciler's pending getHAR promise settle. */
const settle = () => vi.advanceTimersByTimeAsync(0)

describe("startHarReconciler (Firefox: onRequestFinished skips some repeated 304s)", () => {
  let log: HarEntry[]
  let missed: HarEntry[]
  let reads: number
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(START)
    log = []
    missed = []
    reads = 0
  })
  afterEach(() => vi.useRealTimers())

  const start = (readDelayMs = 0, idleReadMs?: number) =>
    startHarReconciler({
      ...(idleReadMs === undefined ? {} : { idleReadMs }),
      readEntries: async () => {
        reads++
        if (readDelayMs) await new Promise((resolve) => setTimeout(resolve, readDelayMs))
        return [...log]
      },
      intervalMs: 1000,
      graceMs: 3000,
      onMissed: (entry) => missed.push(entry)
    })

  it("hands over a finished entry no live event announced, once, after the grace time", async () => {
    const reconciler = start()
    await settle()
    liveTraffic(reconciler)
    log.push(notModified(1)) // finished at 12:00:01.005
    await vi.advanceTimersByTimeAsync(3000)
    expect(missed).toEqual([]) // a live event may still come
    await vi.advanceTimersByTimeAsync(2000)
    expect(missed).toEqual([notModified(1)])
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toHaveLength(1)
    reconciler.stop()
  })

  it("never hands over an entry a live event announced, even a late one", async () => {
    const reconciler = start()
    await settle()
    log.push(notModified(1))
    await vi.advanceTimersByTimeAsync(2500)
    reconciler.announce(notModified(1))
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toEqual([])
    reconciler.stop()
  })

  it("waits for a request in flight (status 0) and hands over its finished form", async () => {
    const reconciler = start()
    await settle()
    liveTraffic(reconciler)
    log.push(harEntry({ status: 0, startedDateTime: at(1) }))
    await vi.advanceTimersByTimeAsync(6000)
    expect(missed).toEqual([])
    log[0] = notModified(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(missed).toEqual([notModified(1)])
    reconciler.stop()
  })

  it("times an entry without a readable start from the first read that listed it", async () => {
    const reconciler = start()
    await settle()
    const undated = harEntry({ status: 304, startedDateTime: "not a date" })
    liveTraffic(reconciler)
    log.push(undated)
    await vi.advanceTimersByTimeAsync(3000)
    expect(missed).toEqual([])
    await vi.advanceTimersByTimeAsync(2000)
    expect(missed).toEqual([undated])
    reconciler.stop()
  })

  it("hands over a request that shares its start, method and URL with an announced one", async () => {
    const reconciler = start()
    await settle()
    const save = (editor: string) =>
      harEntry({ method: "PUT", startedDateTime: at(1), requestBody: `{"text":"${editor}"}` })
    log.push(save("A"), save("B")) // one page's two saves in the same millisecond
    reconciler.announce(save("A"))
    await vi.advanceTimersByTimeAsync(6000)
    expect(missed).toEqual([save("B")])
    await vi.advanceTimersByTimeAsync(6000)
    expect(missed).toHaveLength(1)
    reconciler.stop()
  })

  it("tells the live event of a request already handed over, later than the grace time, not to deliver it", async () => {
    const reconciler = start()
    await settle()
    liveTraffic(reconciler)
    log.push(notModified(1))
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toEqual([notModified(1)])
    expect(reconciler.announce(notModified(1))).toBe(false)
    expect(reconciler.announce(notModified(2))).toBe(true)
    reconciler.stop()
  })

  it("leaves entries that were in the log before it started to the backfill", async () => {
    log.push(notModified(0))
    const reconciler = start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(missed).toEqual([])
    reconciler.stop()
  })

  it("hands over a request in flight when it started, once it completes unannounced (the backfill left it)", async () => {
    const inFlight = harEntry({ status: 0, startedDateTime: at(1) })
    log.push(inFlight)
    const reconciler = start()
    await settle()
    log[0] = notModified(1)
    await vi.advanceTimersByTimeAsync(6000)
    expect(missed).toEqual([notModified(1)])
    reconciler.stop()
  })

  it("leaves a request that failed before it started to the backfill", async () => {
    const failed = { ...harEntry({ status: 0, startedDateTime: at(1) }) }
    failed.response = { ...failed.response, _error: "net::ERR_CONNECTION_REFUSED" } as HarEntry["response"]
    log.push(failed)
    const reconciler = start()
    await settle()
    liveTraffic(reconciler)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(missed).toEqual([])
    reconciler.stop()
  })

  it("does not read while the live feed is busy", async () => {
    const reconciler = start()
    await settle()
    const readsBefore = reads
    for (let i = 0; i < 20; i++) {
      reconciler.announce(harEntry({ startedDateTime: new Date(Date.now()).toISOString() }))
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(reads).toBe(readsBefore)
    await vi.advanceTimersByTimeAsync(2000)
    expect(reads).toBeGreaterThan(readsBefore)
    reconciler.stop()
  })

  it("reads less often when getHAR is slow (10x its last duration)", async () => {
    const reconciler = start(500)
    await vi.advanceTimersByTimeAsync(500) // the first read
    liveTraffic(reconciler)
    log.push(harEntry({ status: 0, startedDateTime: at(0) })) // stays in flight: worth re-reading
    await vi.advanceTimersByTimeAsync(11_500)
    // reads at 0, 5.5 s, 11 s (each 0.5 s, then 5 s apart) instead of every second
    expect(reads).toBe(3)
    reconciler.stop()
  })

  it("reads nothing more until live traffic comes when nothing is pending", async () => {
    const reconciler = start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(reads).toBe(1) // the first read, which only notes what the backfill covers
    liveTraffic(reconciler)
    await vi.advanceTimersByTimeAsync(2000)
    expect(reads).toBe(2)
    reconciler.stop()
  })

  it("with idleReadMs, finds a request no event announced and no traffic followed (Chromium)", async () => {
    const reconciler = start(0, 5000)
    await settle() // the first read, at 0
    const write = harEntry({ method: "PUT", status: 200, startedDateTime: at(1) })
    log.push(write) // finished at 12:00:01.005, and the page is quiet from then on
    await vi.advanceTimersByTimeAsync(4500)
    expect(missed).toEqual([]) // not read again yet
    await vi.advanceTimersByTimeAsync(1000) // the idle read at 5 s: finished 4 s ago, past the grace time
    expect(missed).toEqual([write])
    expect(reads).toBe(2)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(missed).toHaveLength(1)
    expect(reads).toBeLessThanOrEqual(8) // every 5 s while quiet, not every second
    reconciler.stop()
  })

  it("spaces idle reads by 30 times a slow getHAR's duration", async () => {
    const reconciler = start(1000, 5000)
    await vi.advanceTimersByTimeAsync(1000) // the first read takes 1 s
    await vi.advanceTimersByTimeAsync(59_000)
    // nothing pending: idle reads only, at 0, 30 s and 60 s (not every 5 s)
    expect(reads).toBe(3)
    reconciler.stop()
  })

  it("stops reading when stopped, and survives a failing getHAR", async () => {
    const reconciler = startHarReconciler({
      readEntries: async () => {
        reads++
        if (reads === 2) throw new Error("toolbox closing")
        return [...log]
      },
      intervalMs: 1000,
      graceMs: 3000,
      onMissed: (entry) => missed.push(entry)
    })
    await settle()
    liveTraffic(reconciler)
    log.push(notModified(1))
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toEqual([notModified(1)])
    reconciler.stop()
    const readsAtStop = reads
    await vi.advanceTimersByTimeAsync(5000)
    expect(reads).toBe(readsAtStop)
  })
})

describe("createDevtoolsTrafficSource reconciles with getHAR (Firefox and Chrome)", () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(START)
  })
  afterEach(() => vi.useRealTimers())

  function firefoxNetwork(log: unknown[]) {
    const finished = new Set<(request: DevtoolsRequest) => void>()
    const network: DevtoolsNetworkApi = {
      getHAR: () => Promise.resolve({ entries: [...log] }),
      onRequestFinished: {
        addListener: (listener) => void finished.add(listener),
        removeListener: (listener) => void finished.delete(listener)
      },
      onNavigated: { addListener: () => undefined, removeListener: () => undefined }
    }
    const fire = (entry: HarEntry) => {
      const request = Object.assign(Object.create({ getContent: () => Promise.resolve(["", ""]) }), entry)
      finished.forEach((listener) => listener(request as DevtoolsRequest))
    }
    return { network, fire }
  }

  it("delivers each request once: announced ones live, skipped ones from getHAR", async () => {
    const log: unknown[] = []
    const { network, fire } = firefoxNetwork(log)
    const source = createDevtoolsTrafficSource({ network, style: "promise", maxBodyBytes: 1000 })
    const delivered: string[] = []
    const stop = source.onEntry((entry) => delivered.push(entry.startedDateTime))
    await settle()
    log.push(notModified(1), notModified(2), notModified(3))
    fire(notModified(1)) // Firefox announced only the first 304
    await vi.advanceTimersByTimeAsync(8000)
    expect(delivered.sort()).toEqual([at(1), at(2), at(3)])
    stop()
  })

  it("does not deliver again a request handed over from getHAR whose live event came late", async () => {
    const log: unknown[] = []
    const { network, fire } = firefoxNetwork(log)
    const source = createDevtoolsTrafficSource({ network, style: "promise", maxBodyBytes: 1000 })
    const delivered: string[] = []
    const stop = source.onEntry((entry) => delivered.push(entry.startedDateTime))
    await settle()
    log.push(notModified(1), notModified(2))
    fire(notModified(1))
    await vi.advanceTimersByTimeAsync(8000)
    fire(notModified(2)) // later than the grace time: handed over already
    await vi.advanceTimersByTimeAsync(8000)
    expect(delivered.sort()).toEqual([at(1), at(2)])
    stop()
  })

  it("in the callback style (Chrome) reads getHAR every 5 s while the page is quiet, once when idle reads are off, never when turned off", async () => {
    const readsWithin5s = async (harReconcileMs?: number, harIdleReadMs?: number) => {
      let reads = 0
      const network = {
        getHAR: (callback?: (log: { entries?: unknown[] }) => void) => {
          reads++
          callback?.({ entries: [] })
        },
        onRequestFinished: { addListener: () => undefined, removeListener: () => undefined },
        onNavigated: { addListener: () => undefined, removeListener: () => undefined }
      } as DevtoolsNetworkApi
      const stop = createDevtoolsTrafficSource({
        network,
        style: "callback",
        maxBodyBytes: 1000,
        ...(harReconcileMs === undefined ? {} : { harReconcileMs }),
        ...(harIdleReadMs === undefined ? {} : { harIdleReadMs })
      }).onEntry(() => undefined)
      await vi.advanceTimersByTimeAsync(5000)
      stop()
      return reads
    }
    // Idle reads (every 5 s by default): at 0 and 5 s.
    expect(await readsWithin5s()).toBe(2)
    expect(await readsWithin5s(undefined, 2000)).toBe(3) // at 0, 2 s and 4 s
    // Without them, the first read only: after it, a read waits for live traffic.
    expect(await readsWithin5s(undefined, 0)).toBe(1)
    expect(await readsWithin5s(0)).toBe(0)
  })
})
