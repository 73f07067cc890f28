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

/** Lets the reconciler's pending getHAR promise settle. */
const settle = () => vi.advanceTimersByTimeAsync(0)

describe("startHarReconciler (Firefox: onRequestFinished skips some repeated 304s)", () => {
  let log: HarEntry[]
  let missed: HarEntry[]
  beforeEach(() => {
    vi.useFakeTimers()
    log = []
    missed = []
  })
  afterEach(() => vi.useRealTimers())

  const start = () =>
    startHarReconciler({
      readEntries: async () => [...log],
      intervalMs: 1000,
      graceMs: 2000,
      onMissed: (entry) => missed.push(entry)
    })

  it("hands over a complete entry no live event announced, once, after the grace time", async () => {
    const reconciler = start()
    await settle()
    log.push(notModified(1))
    await vi.advanceTimersByTimeAsync(2000)
    expect(missed).toEqual([]) // unannounced for 1 s only: a live event may still come
    await vi.advanceTimersByTimeAsync(1000)
    expect(missed).toEqual([notModified(1)])
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toHaveLength(1)
    reconciler.stop()
  })

  it("never hands over an entry a live event announced, even a late one", async () => {
    const reconciler = start()
    await settle()
    log.push(notModified(1))
    await vi.advanceTimersByTimeAsync(2000)
    reconciler.announce(notModified(1))
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toEqual([])
    reconciler.stop()
  })

  it("waits for a request in flight (status 0) and hands over its finished form", async () => {
    const reconciler = start()
    await settle()
    const inFlight = harEntry({ status: 0, startedDateTime: at(1) })
    log.push(inFlight)
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toEqual([])
    log[0] = notModified(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(missed).toEqual([notModified(1)])
    reconciler.stop()
  })

  it("leaves entries that were in the log before it started to the backfill", async () => {
    log.push(notModified(1))
    const reconciler = start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(missed).toEqual([])
    reconciler.stop()
  })

  it("stops reading when stopped, and survives a failing getHAR", async () => {
    let reads = 0
    const reconciler = startHarReconciler({
      readEntries: async () => {
        reads++
        if (reads === 2) throw new Error("toolbox closing")
        return [...log]
      },
      intervalMs: 1000,
      graceMs: 2000,
      onMissed: (entry) => missed.push(entry)
    })
    await settle()
    log.push(notModified(1))
    await vi.advanceTimersByTimeAsync(4000)
    expect(missed).toEqual([notModified(1)])
    reconciler.stop()
    const readsAtStop = reads
    await vi.advanceTimersByTimeAsync(5000)
    expect(reads).toBe(readsAtStop)
  })
})

describe("createDevtoolsTrafficSource reconciles with getHAR in the promise style (Firefox)", () => {
  beforeEach(() => vi.useFakeTimers())
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
    await vi.advanceTimersByTimeAsync(4500)
    expect(delivered.sort()).toEqual([at(1), at(2), at(3)])
    stop()
  })

  it("does not poll getHAR in the callback style (Chrome) unless asked", async () => {
    let reads = 0
    const network = {
      getHAR: (callback?: (log: { entries?: unknown[] }) => void) => {
        reads++
        callback?.({ entries: [] })
      },
      onRequestFinished: { addListener: () => undefined, removeListener: () => undefined },
      onNavigated: { addListener: () => undefined, removeListener: () => undefined }
    } as DevtoolsNetworkApi
    const stop = createDevtoolsTrafficSource({ network, style: "callback", maxBodyBytes: 1000 }).onEntry(
      () => undefined
    )
    await vi.advanceTimersByTimeAsync(5000)
    expect(reads).toBe(0)
    stop()
  })
})
