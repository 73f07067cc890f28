/**
 * createPanelStore(deps): one zustand vanilla store per panel. The engine lives inside;
 * every action that feeds it takes one fresh snapshot, so a batch of 1,000 entries is one update.
 */
import { createStore, type StoreApi } from "zustand/vanilla"

import type { RecordedEntry, SessionStore } from "../adapters/session-store"
import {
  clampDetailPaneShare,
  engineOptionsFrom,
  type PanelSettings,
  type SettingsStore
} from "../adapters/settings-store"
import type { HarEntry } from "../adapters/traffic-source"
import { createEngine, type Engine, type ExchangeIngest, type IngestResult } from "../core/engine"
import { exportHar } from "../core/export/export-har"
import { createDuplicateEntryCheck } from "../core/har/duplicate-entries"
import { mergeCaptures } from "../core/har/start-time"
import { andList } from "../core/list-text"
import { plural } from "../core/plural"
import { buildCaptureReport } from "../core/report/capture-report"
import { formatMarkdown } from "../core/report/format-markdown"
import type { ExchangeOrigin } from "../core/model"
import { runInBatches, runNow, type BatchedRun, type Scheduler } from "./batched-run"
import { createExtrasIngester, withExtras, type ExtrasIngester } from "./extras-ingest"
import {
  capturedAfterImport,
  importEndNotice,
  importProgressNotice,
  mergeStoppedNotice,
  skippedEntryProblems,
  stoppedByClearNotice
} from "./import-notice"
import { EMPTY_FILTER, type ImportedFile, type PanelState } from "./panel-state"
import { readHarFile } from "./read-har-file"
import { bodyFilesAmong, readAttachedBodies } from "./attached-files"
import { sessionMetaOf } from "./saved-view"
import { linkedSelection, relinkedSelection } from "./selection"
import { ARRIVAL_ORDER } from "./traffic-sort"

/** Reads a HAR file's text: the entries it could use and a message per problem (file and entry named). */
export type HarReader = (
  text: string,
  fileName: string
) => { entries: readonly unknown[]; problems: readonly string[] }

export interface PanelStoreDeps {
  /** With `ingestExchange` (createEngine has it), imports of our own exports restore every exchange exactly. */
  readonly engine: Engine | (Engine & ExchangeIngest)
  readonly settings: PanelSettings
  readonly settingsStore?: SettingsStore
  readonly session?: SessionStore
  /** Defaults to the core HAR reader (`parseHarText`). */
  readonly readHar?: HarReader
  readonly now?: () => Date
  /** Between import batches (the panel yields to the browser); default: at once, synchronously. */
  readonly schedule?: Scheduler
  /** Entries imported per batch (default 2,000). */
  readonly importBatchSize?: number
}

/**
 * The entries of the files an import reads, and what went wrong; several files' entries in one
 * timeline by start time (core/har/start-time.ts). `fileName` names them all in notices; `locate`
 * names the entry at a position of `entries` (`bob.har log.entries[3]`).
 */
function readImportedFiles(files: readonly ImportedFile[], readHar: HarReader) {
  const problems: string[] = []
  const read = files.map((file) =>
    "error" in file ? { ...file, entries: [] } : { ...file, ...readHar(file.text, file.fileName) }
  )
  // Files chosen with a HAR that hold its bodies (Playwright's attach) are read into its entries.
  const bodyFiles = bodyFilesAmong(read)
  const captures = read.flatMap((file) => {
    if ("error" in file) {
      problems.push(`${file.fileName}: ${file.error}`)
      return []
    }
    if (bodyFiles.has(file.fileName)) return []
    problems.push(...file.problems)
    return [{ file: file.fileName, entries: file.entries }]
  })
  const texts = new Map(
    files.flatMap((file) => ("text" in file ? [[file.fileName, file.text] as const] : []))
  )
  problems.push(...readAttachedBodies(captures, texts, files.length > 1))
  // Named by the files that gave entries: one that could not be read is named by its problem only.
  const gave = captures.filter((capture) => capture.entries.length > 0).map((capture) => capture.file)
  const names = gave.length > 0 ? gave : files.map((file) => file.fileName)
  if (files.length === 1) {
    const entries = captures[0]?.entries ?? []
    return { entries, problems, fileName: names[0], locate: (position: number) => `log.entries[${position}]` }
  }
  // Overlapping files (two exports of one session) repeat entries: each is read once.
  const isRepeat = createDuplicateEntryCheck()
  const repeatedIn = new Map<string, number>()
  const merged = mergeCaptures(captures).filter((timed) => {
    if (isRepeat(timed.entry, timed) === undefined) return true
    repeatedIn.set(timed.file, (repeatedIn.get(timed.file) ?? 0) + 1)
    return false
  })
  for (const [file, count] of repeatedIn)
    problems.push(
      `${file}: ${plural(count, "entry", "entries")} repeating entries already read (the same start, request and answer): read once`
    )
  return {
    entries: merged.map((timed) => timed.entry),
    problems,
    fileName:
      names.length === 1 || gave.length === 0 ? andList(names) : `${andList(names)}, merged by start time`,
    locate: (position: number) => `${merged[position].file} log.entries[${merged[position].index}]`
  }
}

type ImportedEntries = ReturnType<typeof readImportedFiles>

/** What to save for each ingested entry: with the extras it got, so a restore gives the same exchange. */
function savedEntries(entries: readonly unknown[], results: readonly IngestResult[], origin: ExchangeOrigin) {
  return entries.flatMap((entry, index) => {
    const result = results[index]
    if (!("exchange" in result)) return [{ entry: entry as HarEntry, origin }]
    // An OData batch's operations are saved as entries of their own, restored as they are.
    const parts = (result.parts ?? []).map((part) => ({
      entry: withExtras(part.entry as HarEntry, part.exchange),
      origin
    }))
    return [{ entry: withExtras(entry as HarEntry, result.exchange), origin }, ...parts]
  })
}

/**
 * A merge by start time under way. Its timeline is built in an engine of its own: the capture shown
 * and saved stays as it is until the merge completes, so a cancelled or superseded merge changes nothing.
 */
interface Merge {
  readonly timeline: Engine & ExchangeIngest
  /** Maps the ids the extras were written with (the capture's) to the timeline's. */
  readonly ingester: ExtrasIngester
  /**
   * What the capture took while the merge ran (live traffic, replays), with its extras; `saved`: it
   * belongs in the saved session. It started after all the merge read, so it follows the timeline.
   */
  readonly arrived: { readonly item: RecordedEntry; readonly saved: boolean }[]
}

export type PanelStore = StoreApi<PanelState>

export function createPanelStore(deps: PanelStoreDeps): PanelStore {
  const { session } = deps
  // A completed merge by start time replaces it with the timeline it built.
  let engine: Engine | (Engine & ExchangeIngest) = deps.engine
  const now = deps.now ?? (() => new Date())
  engine.reconfigure(engineOptionsFrom(deps.settings))

  return createStore<PanelState>()((set, get) => {
    const saveMeta = () => session?.setMeta(sessionMetaOf(get()))
    /** A layout setting (pane share, columns): shown at once, stored when `save`; the engine is not touched. */
    const saveLayout = async (
      change: Partial<Pick<PanelSettings, "detailPaneShare" | "trafficColumns">>,
      save: boolean
    ) => {
      const settings = { ...get().settings, ...change }
      set({ settings })
      if (save) await deps.settingsStore?.save(settings)
    }
    let runningImport: BatchedRun | undefined
    let merging: Merge | undefined

    /** Stops the running import before its next batch, without the notice a Cancel gets. */
    const abandonImport = () => {
      runningImport?.cancel()
      // Its last run step sees another (or no) running import, and leaves the notice alone.
      runningImport = undefined
      merging = undefined
    }

    /** What the capture took, as the session saves it; a running merge gets it for its timeline too. */
    const recordIngested = (
      entries: readonly unknown[],
      results: readonly IngestResult[],
      origin: ExchangeOrigin,
      save: boolean
    ) => {
      if (!(save && session) && !merging) return
      const recorded = savedEntries(entries, results, origin)
      if (save) session?.append(recorded)
      merging?.arrived.push(...recorded.map((item) => ({ item, saved: save })))
    }

    /** A completed merge: its timeline, then what the capture took meanwhile, becomes the capture. */
    const adoptMerge = (merge: Merge, entries: readonly unknown[], results: readonly IngestResult[]) => {
      const arrived = merge.arrived.map(({ item, saved }) => ({
        item,
        saved,
        result: merge.ingester.ingest(item.entry, item.origin)
      }))
      engine = merge.timeline
      session?.clear()
      session?.append(savedEntries(entries, results, "import"), { deferred: true })
      for (const { item, saved, result } of arrived)
        if (saved) session?.append(savedEntries([item.entry], [result], item.origin), { deferred: true })
      // The selected exchange stays selected under its new number; the selected resource as it is.
      // A pending "Check protection" asked from a row follows that row too.
      const { selection, replayIntent, trafficActiveId } = get()
      const renumbered = (id: number | undefined) => (id === undefined ? undefined : merge.ingester.idOf(id))
      const selectedId = renumbered(selection.exchangeId)
      const intentId = renumbered(replayIntent?.exchangeId)
      const snapshot = engine.snapshot()
      set({
        snapshot,
        selection:
          selectedId === undefined
            ? { resourceKey: selection.resourceKey }
            : linkedSelection(snapshot, { exchangeId: selectedId }),
        replayIntent:
          replayIntent === undefined || intentId === undefined
            ? undefined
            : { ...replayIntent, exchangeId: intentId },
        trafficActiveId: renumbered(trafficActiveId)
      })
    }

    const restart = (mayMissEarlierTraffic: boolean) => {
      // An import still running would refill the emptied capture with the rest of its file.
      const importing = get().importing
      const stopped = merging ? "Merge by start time" : importing && `Import of ${importing.fileName}`
      abandonImport()
      engine.clear()
      session?.clear()
      set({
        snapshot: engine.snapshot(),
        selection: {},
        captureStartedAt: now().toISOString(),
        captureNumber: get().captureNumber + 1,
        mayMissEarlierTraffic,
        importing: undefined,
        replayIntent: undefined,
        trafficActiveId: undefined,
        ...(stopped ? { notice: stoppedByClearNotice(stopped) } : {})
      })
      saveMeta()
    }

    /**
     * Ingests an import's entries in batches, yielding between them: a progress notice, Cancel, and
     * one session write at the end. Resolves with each entry's result when the run ends (cancelled:
     * those read). With `merge`, into its timeline, which becomes the capture only if the run completes.
     */
    const ingestImport = (
      { entries, problems, fileName, locate }: ImportedEntries,
      merge?: Merge
    ): Promise<readonly IngestResult[]> => {
      abandonImport()
      merging = merge
      const capturedLater = merge ? 0 : capturedAfterImport(get().snapshot.exchanges, entries)
      const ingester = merge?.ingester ?? createExtrasIngester(engine)
      const results: IngestResult[] = []
      const total = entries.length
      // With a synchronous scheduler the run ends inside runInBatches, before `self.run` is assigned.
      const self: { run?: BatchedRun } = {}
      let ended = false
      const run: BatchedRun = runInBatches(entries, {
        batchSize: deps.importBatchSize ?? 2000,
        schedule: deps.schedule ?? runNow,
        onBatch(batch, done) {
          const batchResults = batch.map((entry) => ingester.ingest(entry, "import"))
          results.push(...batchResults)
          // Saved once, when the import ends: written per batch, most of a big file's entries would
          // be serialized only to be trimmed again by the session's bounds.
          if (!merge) session?.append(savedEntries(batch, batchResults, "import"), { deferred: true })
          const importing = done < total ? { fileName, done, total } : undefined
          set({
            ...(merge ? {} : { snapshot: engine.snapshot() }),
            importing,
            ...(importing ? { notice: importProgressNotice(importing, merge !== undefined) } : {})
          })
        },
        onEnd(ending) {
          ended = true
          // A run superseded by a newer import leaves the notice, and saving, to the newer one.
          if (self.run !== undefined && runningImport !== self.run) return
          runningImport = undefined
          if (merge) {
            merging = undefined
            if (ending !== "complete") {
              set({ importing: undefined, notice: mergeStoppedNotice(ending) })
              return
            }
            adoptMerge(merge, entries, results)
          }
          const skipped = skippedEntryProblems(results, locate)
          const loaded = results.length - skipped.length
          set({
            importing: undefined,
            notice: importEndNotice(fileName, ending, loaded, total, [...problems, ...skipped], capturedLater)
          })
          // After the notice, in a task of its own (the panel can paint it first): the write
          // serializes all the session keeps, up to 8 MiB, at once.
          if (session) (deps.schedule ?? runNow)(() => void session.flush())
        }
      })
      self.run = run
      runningImport = ended ? undefined : run
      return run.finished.then(
        () => results,
        () => results
      )
    }

    return {
      snapshot: engine.snapshot(),
      recording: true,
      preserveLog: false,
      filter: EMPTY_FILTER,
      trafficSort: ARRIVAL_ORDER,
      selection: {},
      view: "traffic",
      detailTab: "headers",
      settings: deps.settings,
      captureStartedAt: now().toISOString(),
      captureNumber: 0,
      mayMissEarlierTraffic: true,

      ingest(entries, origin, options = {}) {
        if (entries.length === 0) return []
        const results = entries.map((entry) => engine.ingestHarEntry(entry, origin))
        recordIngested(entries, results, origin, options.persist !== false)
        set({ snapshot: engine.snapshot() })
        return results
      },
      restoreSaved(items) {
        if (items.length === 0) return
        const ingester = createExtrasIngester(engine)
        for (const item of items) {
          const result = ingester.ingest(item.entry, item.origin)
          // Saved already, not again; but a merge completing meanwhile rewrites the session.
          if (merging)
            for (const restored of savedEntries([item.entry], [result], item.origin))
              merging.arrived.push({ item: restored, saved: true })
        }
        set({ snapshot: engine.snapshot() })
      },
      recordReplay(entry, replay) {
        const result = engine.ingestHarEntry(entry, "replay", { replay })
        recordIngested([entry], [result], "replay", true)
        set({ snapshot: engine.snapshot() })
        return "exchange" in result ? result.exchange.id : undefined
      },
      clear: () => restart(false),
      setRecording(recording) {
        set({ recording })
        saveMeta()
      },
      setPreserveLog(preserveLog) {
        set({ preserveLog })
        saveMeta()
      },
      setFilter(filter) {
        set({ filter: { ...get().filter, ...filter } })
        saveMeta()
      },
      setTrafficSort(trafficSort) {
        set({ trafficSort })
        saveMeta()
      },
      selectExchange: (exchangeId) => set({ selection: linkedSelection(get().snapshot, { exchangeId }) }),
      selectResource: (resourceKey) => set({ selection: linkedSelection(get().snapshot, { resourceKey }) }),
      selectFinding: (findingKey) => set({ selection: linkedSelection(get().snapshot, { findingKey }) }),
      setView(view) {
        set({ view })
        saveMeta()
      },
      setDetailTab: (detailTab) => set({ detailTab }),
      openReplay(exchangeId, action) {
        set({
          selection: linkedSelection(get().snapshot, { exchangeId }),
          detailTab: "replay",
          replayIntent: action === undefined ? undefined : { exchangeId, action }
        })
      },
      clearReplayIntent: () => set({ replayIntent: undefined }),
      setTrafficActive: (exchangeId) => set({ trafficActiveId: exchangeId }),
      async setSettings(settings) {
        // Limits apply at once: the engine's (maxExchanges, maxBodyBytes), the saved session's cap;
        // the recorder passes the body limit on to its traffic source.
        engine.reconfigure(engineOptionsFrom(settings))
        merging?.timeline.reconfigure(engineOptionsFrom(settings))
        session?.setMaxEntries(settings.maxExchanges)
        const snapshot = engine.snapshot()
        set({ settings, snapshot, selection: relinkedSelection(snapshot, get().selection) })
        await deps.settingsStore?.save(settings)
      },
      async resizeDetailPane(share, save) {
        await saveLayout({ detailPaneShare: clampDetailPaneShare(share) }, save)
      },
      async arrangeTrafficColumns(trafficColumns, save) {
        await saveLayout({ trafficColumns }, save)
      },
      navigated(url) {
        set({ pageUrl: url })
        if (!get().preserveLog) restart(false)
        else {
          set({ mayMissEarlierTraffic: false })
          saveMeta()
        }
      },
      importHar(text, fileName = "HAR file") {
        return get().importHars([{ fileName, text }])
      },
      importHars(files) {
        if (files.length === 0) return Promise.resolve()
        return ingestImport(readImportedFiles(files, deps.readHar ?? readHarFile)).then(() => undefined)
      },
      mergeByStartTime() {
        abandonImport()
        // Our own export, secrets kept, comes back as the same exchanges (extras, replay links); read
        // in start order, it is the capture as one timeline. What eviction dropped stays dropped.
        const { entries } = exportHar(get().snapshot.exchanges, { includeSecrets: true }).log
        const timed = mergeCaptures([{ file: "capture", entries }])
        const timeline = createEngine(engine.options)
        const merge: Merge = { timeline, ingester: createExtrasIngester(timeline), arrived: [] }
        const merged = {
          entries: timed.map((item) => item.entry),
          problems: [],
          fileName: "the capture, merged by start time",
          locate: (position: number) => `log.entries[${position}]`
        }
        return ingestImport(merged, merge).then(() => undefined)
      },
      cancelImport() {
        runningImport?.cancel()
      },
      importFailed(fileName, reason) {
        set({ notice: { kind: "error", text: `Could not read ${fileName}: ${reason}` } })
      },
      showNotice: (notice) => set({ notice }),
      exportHar({ includeSecrets }) {
        return JSON.stringify(exportHar(get().snapshot.exchanges, { includeSecrets }), null, 2)
      },
      exportReport({ includeSecrets, rules, version }) {
        const { snapshot } = get()
        const report = buildCaptureReport({
          snapshot,
          rules,
          version,
          includeSecrets,
          source: "ETag Lens capture"
        })
        return formatMarkdown(report)
      },
      dismissNotice: () => set({ notice: undefined })
    }
  })
}
