import { describe, expect, it } from "vitest"

import { createMemoryArea, createSessionStore } from "../../src/adapters/session-store"
import { createEngine } from "../../src/core/engine"
import type { Scheduler } from "../../src/store/batched-run"
import { createPanelStore } from "../../src/store/create-panel-store"
import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, settings } from "../ui/panel-harness"
import { patchedTo, readThenPatch } from "../builders/odata-batch"

const newStore = () => createPanelStore({ engine: createEngine(), settings })

/** The lax scenario, then a replay of the stale write (#4) that the lax server accepted. */
function recordedWithReplay() {
  const store = newStore()
  store.getState().ingest(laxScenario().slice(0, 2), "backfill")
  store.getState().ingest(laxScenario().slice(2), "live")
  const replayEntry = harEntry({
    url: "http://127.0.0.1:8787/api/lax/notes/1",
    method: "PUT",
    startedDateTime: "2026-11-25T12:00:09.000Z",
    requestHeaders: [
      { name: "Content-Type", value: "application/json" },
      { name: "If-Match", value: '"v1"' }
    ],
    requestBody: '{"text":"replayed"}',
    responseHeaders: [{ name: "ETag", value: '"v5"' }],
    text: '{"text":"replayed"}'
  })
  const replayId = store
    .getState()
    .recordReplay(replayEntry, { of: 4, choice: "stale-tag", verdict: "lost-update" })
  expect(replayId).toBe(5)
  return store
}

/** A panel store that saves its session, as the panel does, and a reader of what it saved. */
function recordingWithSession() {
  const area = createMemoryArea()
  const sessionOptions = { key: "etagLens.session.1", maxEntries: 1000, maxBytes: 1e7, throttleMs: 0 }
  const session = createSessionStore(area, sessionOptions)
  const recorded = createPanelStore({ engine: createEngine(), settings, session })
  recorded.getState().setRecording(true) // writes the session's meta, as the recorder does
  return { session, recorded, reload: () => createSessionStore(area, sessionOptions).load() }
}

/** A scheduler the test drives: tasks wait until `runNext()`. */
function manualScheduler(): Scheduler & { runNext(): void; readonly pending: number } {
  const queue: (() => void)[] = []
  const schedule = ((task: () => void) => void queue.push(task)) as Scheduler & {
    runNext(): void
    readonly pending: number
  }
  schedule.runNext = () => queue.shift()?.()
  Object.defineProperty(schedule, "pending", { get: () => queue.length })
  return schedule
}

/**
 * A recording panel store that imports two entries a batch on a scheduler the test drives, and
 * saves its session: the store, its scheduler and session, and a reader of what it saved.
 */
function batchedImportStore() {
  const area = createMemoryArea()
  const sessionOptions = { key: "s", maxEntries: 100, maxBytes: 1e7, throttleMs: 0 }
  const session = createSessionStore(area, sessionOptions)
  const schedule = manualScheduler()
  const store = createPanelStore({ engine: createEngine(), settings, session, schedule, importBatchSize: 2 })
  store.getState().setRecording(true)
  return { store, schedule, session, saved: () => createSessionStore(area, sessionOptions).load() }
}

describe("HAR export → import through the panel store", () => {
  it("restores the same exchanges, lineage and findings (origins and kinds included)", () => {
    const recorded = newStore()
    recorded.getState().ingest(laxScenario().slice(0, 2), "backfill")
    recorded.getState().ingest(laxScenario().slice(2), "live")
    recorded.getState().ingest(
      [
        harEntry({
          url: "http://127.0.0.1:8787/app.js",
          mimeType: "text/javascript",
          resourceType: "script"
        })
      ],
      "live"
    )
    const exported = recorded.getState().exportHar({ includeSecrets: true })

    const reopened = newStore()
    reopened.getState().importHar(exported, "session.har")
    const before = recorded.getState().snapshot
    const after = reopened.getState().snapshot
    expect(after.exchanges).toEqual(before.exchanges)
    expect(after.resources).toEqual(before.resources)
    expect(after.findings).toEqual(before.findings)
    expect(reopened.getState().notice?.kind).toBe("info")
  })

  it("an OData batch and its operations come back the same from the HAR export and the saved session; the CLI's reading of the export finds each operation once", async () => {
    const { session, recorded, reload } = recordingWithSession()
    recorded
      .getState()
      .ingest(
        [
          readThenPatch('W/"20241126090000"', patchedTo('W/"20241126093000"')),
          readThenPatch('W/"20241126090000"', patchedTo('W/"20241126094500"'))
        ],
        "live"
      )
    const before = recorded.getState().snapshot
    expect(before.exchanges.map((exchange) => `${exchange.kind} ${exchange.method}`)).toEqual([
      "rpc POST",
      "api GET",
      "api PATCH",
      "rpc POST",
      "api GET",
      "api PATCH"
    ])
    expect(before.findings.map((finding) => finding.ruleId)).toContain("lost-update")

    const imported = newStore()
    imported.getState().importHar(recorded.getState().exportHar({ includeSecrets: true }), "batch.har")
    expect(imported.getState().snapshot.exchanges).toEqual(before.exchanges)
    expect(imported.getState().snapshot.findings).toEqual(before.findings)

    await session.flush()
    const saved = await reload()
    expect(saved?.entries).toHaveLength(6)
    const restored = newStore()
    restored.getState().restoreSaved(saved?.entries ?? [])
    expect(restored.getState().snapshot.exchanges).toEqual(before.exchanges)

    const cli = createEngine({}, { keepExchanges: false })
    const exportedEntries = (
      JSON.parse(recorded.getState().exportHar({ includeSecrets: false })) as { log: { entries: unknown[] } }
    ).log.entries
    for (const entry of exportedEntries) cli.ingestHarEntry(entry, "import")
    expect(cli.snapshot().findings.map((finding) => [finding.ruleId, finding.exchangeIds])).toEqual(
      before.findings.map((finding) => [finding.ruleId, finding.exchangeIds])
    )
  })

  it("imports a foreign HAR (no ETag Lens extras) as import traffic and reports unusable entries", () => {
    const store = newStore()
    const har = JSON.stringify({
      log: {
        version: "1.2",
        creator: { name: "x", version: "1" },
        entries: [...laxScenario(), { request: 42 }]
      }
    })
    store.getState().importHar(har, "foreign.har")
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.origin)).toEqual(
      Array(4).fill("import")
    )
    expect(store.getState().notice?.text).toMatch(/foreign\.har.*log\.entries\[4\]/)
  })

  it("restores replays with their link, choice and verdict, and origins, into an empty panel", () => {
    const recorded = recordedWithReplay()
    const reopened = newStore()
    reopened.getState().importHar(recorded.getState().exportHar({ includeSecrets: true }), "replayed.har")
    const after = reopened.getState().snapshot
    expect(after.exchanges).toEqual(recorded.getState().snapshot.exchanges)
    expect(after.exchanges[4]).toMatchObject({
      origin: "replay",
      replay: { of: 4, choice: "stale-tag", verdict: "lost-update" }
    })
    expect(after.resources).toEqual(recorded.getState().snapshot.resources)
  })

  it("links an imported replay to its imported original when the panel already had traffic", () => {
    const exported = recordedWithReplay().getState().exportHar({ includeSecrets: true })
    const busy = newStore()
    busy.getState().ingest([harEntry({ url: "http://127.0.0.1:8787/api/other/1" })], "live")
    busy.getState().importHar(exported, "replayed.har")
    const exchanges = busy.getState().snapshot.exchanges
    const replay = exchanges.find((exchange) => exchange.origin === "replay")
    const original = exchanges.find((exchange) => exchange.id === replay?.replay?.of)
    expect(replay?.replay).toMatchObject({ choice: "stale-tag", verdict: "lost-update" })
    expect(original?.method).toBe("PUT")
    expect(original?.id).toBe(5) // #4 in the file, after the one exchange the panel had
  })

  it("keeps no link to an original a hand-edited file left out, and says so", () => {
    const exported = JSON.parse(recordedWithReplay().getState().exportHar({ includeSecrets: true })) as {
      log: { entries: unknown[] }
    }
    exported.log.entries.splice(3, 1) // the replayed PUT (#4) is gone; its replay (#5) stays
    const store = newStore()
    store.getState().importHar(JSON.stringify(exported), "edited.har")
    const replay = store.getState().snapshot.exchanges.find((exchange) => exchange.origin === "replay")
    expect(replay).toBeDefined()
    expect(replay?.replay).toBeUndefined()
    expect(replay?.notes).toContain("replay of #4, which was not imported")
  })

  it("imports in batches with progress, and Cancel keeps what was imported", async () => {
    const exported = recordedWithReplay().getState().exportHar({ includeSecrets: true })
    const schedule = manualScheduler()
    const store = createPanelStore({ engine: createEngine(), settings, schedule, importBatchSize: 2 })
    const done = store.getState().importHar(exported, "big.har")
    expect(store.getState().snapshot.exchanges).toHaveLength(2)
    expect(store.getState().importing).toEqual({ fileName: "big.har", done: 2, total: 5 })
    expect(store.getState().notice?.text).toBe("Importing 2 / 5 entries from big.har…")
    schedule.runNext()
    expect(store.getState().notice?.text).toBe("Importing 4 / 5 entries from big.har…")
    store.getState().cancelImport()
    schedule.runNext()
    await done
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
    expect(store.getState().importing).toBeUndefined()
    expect(store.getState().notice?.text).toBe("Import of big.har cancelled: 4 of 5 entries imported")
    expect(schedule.pending).toBe(0)
  })

  it("Clear, or a navigation without Preserve log, stops a running import: the capture stays empty", async () => {
    const exported = recordedWithReplay().getState().exportHar({ includeSecrets: true })
    for (const restart of ["clear", "navigate"] as const) {
      const { store, schedule, session, saved } = batchedImportStore()
      const done = store.getState().importHar(exported, "big.har")
      expect(store.getState().snapshot.exchanges).toHaveLength(2)
      if (restart === "clear") store.getState().clear()
      else store.getState().navigated("http://127.0.0.1:8787/other")
      expect(store.getState().importing).toBeUndefined()
      expect(store.getState().notice?.text).toBe("Import of big.har stopped: the capture was cleared")
      while (schedule.pending > 0) schedule.runNext()
      await done
      await session.flush()
      expect(store.getState().snapshot.exchanges).toHaveLength(0)
      expect(store.getState().notice?.text).toBe("Import of big.har stopped: the capture was cleared")
      expect((await saved())?.entries).toHaveLength(0)
    }
  })

  it("finishes a batched import with the usual summary", async () => {
    const exported = recordedWithReplay().getState().exportHar({ includeSecrets: true })
    const schedule = manualScheduler()
    const store = createPanelStore({ engine: createEngine(), settings, schedule, importBatchSize: 2 })
    const done = store.getState().importHar(exported, "big.har")
    while (schedule.pending > 0) schedule.runNext()
    await done
    expect(store.getState().snapshot.exchanges).toHaveLength(5)
    expect(store.getState().notice).toEqual({ kind: "info", text: "Imported 5 entries from big.har" })
  })

  it("saves each entry with its extras: a restored session keeps replays and origins", async () => {
    const { session, recorded, reload } = recordingWithSession()
    recorded.getState().ingest(laxScenario().slice(0, 2), "backfill")
    recorded.getState().ingest(laxScenario().slice(2), "live")
    recorded
      .getState()
      .recordReplay(laxScenario()[3], { of: 4, choice: "no-precondition", verdict: "accepted" })
    await session.flush()

    const saved = await reload()
    expect(saved?.entries).toHaveLength(5)
    const restored = newStore()
    restored.getState().restoreSaved(saved?.entries ?? [])
    expect(restored.getState().snapshot.exchanges).toEqual(recorded.getState().snapshot.exchanges)
    expect(restored.getState().snapshot.exchanges.map((exchange) => exchange.origin)).toEqual([
      "backfill",
      "backfill",
      "live",
      "live",
      "replay"
    ])
  })
})

describe("Merge by start time, batched", () => {
  const at = (second: number) => `2026-11-25T12:00:${String(second).padStart(2, "0")}.000Z`
  const note = (second: number) =>
    harEntry({ url: `http://127.0.0.1:8787/api/notes/${second}`, startedDateTime: at(second) })
  const harText = (entries: unknown[]) =>
    JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries } })

  /** Four live exchanges, then a file of two that started among them: six, in arrival order. */
  async function interleavedCapture() {
    const { store, schedule, session, saved } = batchedImportStore()
    store.getState().ingest([1, 3, 5, 7].map(note), "live")
    const imported = store.getState().importHar(harText([2, 4].map(note)), "other.har")
    const runAll = () => {
      while (schedule.pending > 0) schedule.runNext()
    }
    runAll()
    await imported
    await session.flush()
    expect(store.getState().notice?.offer).toBe("merge-by-start-time")
    const savedUrls = async () => {
      await session.flush()
      return (await saved())?.entries.map((item) => item.entry.request.url)
    }
    return { store, runAll, savedUrls }
  }
  const urls = (store: ReturnType<typeof newStore>) =>
    store.getState().snapshot.exchanges.map((exchange) => exchange.url)

  it("Cancel leaves the capture and the saved session as they were", async () => {
    const { store, runAll, savedUrls } = await interleavedCapture()
    const before = store.getState().snapshot
    const savedBefore = await savedUrls()
    expect(savedBefore).toHaveLength(6)
    const merged = store.getState().mergeByStartTime()
    expect(store.getState().importing).toEqual({
      fileName: "the capture, merged by start time",
      done: 2,
      total: 6
    })
    expect(store.getState().notice?.text).toBe("Merging 2 / 6 entries by start time…")
    // The capture shown stays as it is while the merge runs.
    expect(store.getState().snapshot).toBe(before)
    store.getState().cancelImport()
    runAll()
    await merged
    expect(store.getState().snapshot).toBe(before)
    expect(store.getState().importing).toBeUndefined()
    expect(store.getState().notice).toEqual({
      kind: "info",
      text: "Merge by start time cancelled: nothing changed"
    })
    expect(await savedUrls()).toEqual(savedBefore)
  })

  it("a file imported during the merge stops it: the file is added to the capture as it was", async () => {
    const { store, runAll, savedUrls } = await interleavedCapture()
    const before = urls(store)
    const merged = store.getState().mergeByStartTime()
    const imported = store.getState().importHar(harText([note(9)]), "late.har")
    runAll()
    await Promise.all([merged, imported])
    expect(urls(store)).toEqual([...before, note(9).request.url])
    expect(store.getState().notice?.text).toBe("Imported 1 entry from late.har")
    expect(await savedUrls()).toEqual([...before, note(9).request.url])
  })

  it("Clear during the merge empties the capture, and the merge ends there", async () => {
    const { store, runAll, savedUrls } = await interleavedCapture()
    const merged = store.getState().mergeByStartTime()
    store.getState().clear()
    runAll()
    await merged
    expect(urls(store)).toEqual([])
    expect(store.getState().notice?.text).toBe("Merge by start time stopped: the capture was cleared")
    expect(await savedUrls()).toEqual([])
  })

  it("traffic captured during the merge is shown at once and follows the merged timeline, replay links mapped", async () => {
    const { store, runAll, savedUrls } = await interleavedCapture()
    const merged = store.getState().mergeByStartTime()
    store.getState().ingest([note(8)], "live")
    expect(urls(store)).toHaveLength(7)
    // #5 is the imported read of notes/2 (arrival order); after the merge it is #2.
    const replayed = store.getState().snapshot.exchanges[4]
    expect(replayed?.url).toBe(note(2).request.url)
    store.getState().recordReplay(note(2), { of: 5, choice: "no-precondition", verdict: "accepted" })
    runAll()
    await merged
    const timeline = [1, 2, 3, 4, 5, 7].map((second) => note(second).request.url)
    const expected = [...timeline, note(8).request.url, note(2).request.url]
    expect(urls(store)).toEqual(expected)
    const replay = store.getState().snapshot.exchanges[7]
    expect(replay?.origin).toBe("replay")
    expect(replay?.replay?.of).toBe(2)
    expect(store.getState().notice?.text).toBe("Imported 6 entries from the capture, merged by start time")
    expect(await savedUrls()).toEqual(expected)
  })

  it("a pending Check protection follows its exchange to its new number; Clear drops it", async () => {
    const { store, runAll } = await interleavedCapture()
    // #5 is the imported read of notes/2 (arrival order); after the merge it is #2.
    store.getState().openReplay(5, "check-protection")
    const merged = store.getState().mergeByStartTime()
    runAll()
    await merged
    expect(store.getState().replayIntent).toEqual({ exchangeId: 2, action: "check-protection" })
    expect(store.getState().snapshot.exchanges[1]?.url).toBe(note(2).request.url)
    store.getState().clear()
    expect(store.getState().replayIntent).toBeUndefined()
  })

  it("Traffic's active row follows its exchange to its new number, with nothing selected; Clear drops it", async () => {
    const { store, runAll } = await interleavedCapture()
    // #6 is the imported read of notes/4 (arrival order); after the merge it is #4.
    store.getState().setTrafficActive(6)
    expect(store.getState().selection.exchangeId).toBeUndefined()
    const merged = store.getState().mergeByStartTime()
    runAll()
    await merged
    expect(store.getState().trafficActiveId).toBe(4)
    expect(store.getState().snapshot.exchanges[3]?.url).toBe(note(4).request.url)
    store.getState().clear()
    expect(store.getState().trafficActiveId).toBeUndefined()
  })

  it("traffic captured during a cancelled merge stays after the capture as it was", async () => {
    const { store, runAll, savedUrls } = await interleavedCapture()
    const before = urls(store)
    const merged = store.getState().mergeByStartTime()
    store.getState().ingest([note(8)], "live")
    store.getState().cancelImport()
    runAll()
    await merged
    expect(urls(store)).toEqual([...before, note(8).request.url])
    expect(await savedUrls()).toEqual([...before, note(8).request.url])
  })
})
