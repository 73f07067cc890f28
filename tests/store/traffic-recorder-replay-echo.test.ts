import { describe, expect, it } from "vitest"

import { createMemoryTrafficSource } from "../../src/adapters/memory-traffic-source"
import type { PanelSettings } from "../../src/adapters/settings-store"
import { createEngine } from "../../src/core/engine"
import {
  createEchoWatch,
  ECHO_WINDOW_MS,
  planReplay,
  REPLAY_MARKER_HEADER,
  runReplay,
  type ReplayPlan
} from "../../src/core/replay"
import { createPanelStore } from "../../src/store/create-panel-store"
import { startRecording } from "../../src/store/traffic-recorder"
import { harEntry } from "../adapters/har-entry-builder"
import { panelSettings } from "../builders/panel-settings"

const settings: PanelSettings = panelSettings({ bodyTagFields: ["_rev"], queryVersionParams: ["rev"] })
const NOTE = "http://127.0.0.1:8787/api/strict/notes/1"
const etag = (value: string) => [{ name: "ETag", value }]

describe("a replay is counted once (replay tab records it; its live echo is skipped)", () => {
  it("records the replay with origin 'replay' and ignores the marked live copy DevTools also sees", async () => {
    const source = createMemoryTrafficSource()
    const store = createPanelStore({ engine: createEngine(), settings })
    const recorder = startRecording({ store, source, batchMs: 5 })
    await recorder.ready
    source.emit(
      harEntry({ url: NOTE, responseHeaders: etag('"v1"'), startedDateTime: "2026-11-25T12:00:01.000Z" })
    )
    source.emit(
      harEntry({
        method: "PUT",
        url: NOTE,
        requestHeaders: [{ name: "If-Match", value: '"v1"' }],
        responseHeaders: etag('"v2"'),
        requestBody: "{}",
        startedDateTime: "2026-11-25T12:00:02.000Z"
      })
    )
    recorder.flush()
    const { exchanges, resources } = store.getState().snapshot
    const put = exchanges.find((exchange) => exchange.method === "PUT")!
    const resource = resources.find((candidate) => candidate.key === NOTE)!
    const plan = planReplay(put, resource, { kind: "version", versionIndex: 1 })

    let sent: ReplayPlan | undefined
    const run = await runReplay(
      {
        send: async (replayPlan) => {
          sent = replayPlan
          return { status: 412, statusText: "Precondition Failed", headers: etag('"v2"'), bodyText: "" }
        },
        record: (entry, replay) => store.getState().recordReplay(entry, replay),
        now: () => Date.UTC(2026, 10, 25, 12, 0, 3)
      },
      plan,
      resource,
      { confirmed: true, recordedUrl: put.url }
    )
    // DevTools reports the same request, carrying the marker the page replayer adds.
    source.emit(
      harEntry({
        method: "PUT",
        url: NOTE,
        status: 412,
        requestHeaders: [...(sent?.headers ?? []), { name: REPLAY_MARKER_HEADER, value: "r-1" }],
        startedDateTime: "2026-11-25T12:00:03.000Z"
      })
    )
    recorder.flush()
    const after = store.getState().snapshot.exchanges
    expect(after.map((exchange) => exchange.origin)).toEqual(["live", "live", "replay"])
    expect(after.at(-1)).toMatchObject({
      id: run.exchangeId,
      replay: { of: put.id, choice: "v1", verdict: "conflict-detected" }
    })
  })
})

describe("a cross-origin replay's echo without a marker (Firefox) is skipped when the replay was announced", () => {
  const replayed = {
    method: "PUT",
    url: NOTE,
    headers: [
      { name: "Content-Type", value: "application/json" },
      { name: "If-Match", value: '"v1"' }
    ],
    body: '{"text":"again"}'
  }
  /** What Firefox reports of the replayed request: no marker header, no initiator. */
  const echo = (startedDateTime: string) =>
    harEntry({
      method: "PUT",
      url: NOTE,
      status: 200,
      requestHeaders: [
        { name: "If-Match", value: '"v1"' },
        { name: "Content-Type", value: "application/json" }
      ],
      requestBody: '{"text":"again"}',
      startedDateTime
    })

  it("skips the first matching live entry once, also when getHAR brings it again, and counts a later one", async () => {
    const source = createMemoryTrafficSource()
    const store = createPanelStore({ engine: createEngine(), settings })
    const replayEchoes = createEchoWatch()
    let clock = Date.UTC(2026, 10, 25, 12, 0, 0)
    const recorder = startRecording({ store, source, batchMs: 5, replayEchoes, now: () => clock })
    await recorder.ready
    replayEchoes.expect(replayed, clock)
    source.emit(echo("2026-11-25T12:00:01.000Z"))
    recorder.flush()
    source.emit(echo("2026-11-25T12:00:01.000Z")) // the same request, reconciled from getHAR
    // The page itself sends the same write again later: that one is the page's, and counts.
    clock += 2_000
    source.emit(echo("2026-11-25T12:00:03.000Z"))
    recorder.flush()
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.startedAt)).toEqual([
      "2026-11-25T12:00:03.000Z"
    ])
  })

  it("counts a matching entry that arrives after the echo window, or when no replay was announced", async () => {
    const source = createMemoryTrafficSource()
    const store = createPanelStore({ engine: createEngine(), settings })
    const replayEchoes = createEchoWatch()
    let clock = 0
    const recorder = startRecording({ store, source, batchMs: 5, replayEchoes, now: () => clock })
    await recorder.ready
    source.emit(echo("2026-11-25T12:00:01.000Z"))
    replayEchoes.expect(replayed, clock)
    clock += ECHO_WINDOW_MS + 1
    source.emit(echo("2026-11-25T12:01:02.000Z"))
    recorder.flush()
    expect(store.getState().snapshot.exchanges).toHaveLength(2)
  })
})
