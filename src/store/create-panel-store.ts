/**
 * createPanelStore(deps): one zustand vanilla store per panel. The engine lives inside;
 * every action that feeds it takes one fresh snapshot, so a batch of 1,000 entries is one update.
 */
import { createStore, type StoreApi } from "zustand/vanilla"

import type { SessionStore } from "../adapters/session-store"
import { engineOptionsFrom, type PanelSettings, type SettingsStore } from "../adapters/settings-store"
import type { Engine, ExchangeIngest, IngestResult } from "../core/engine"
import { exportHar } from "../core/export/export-har"
import { importHarEntries, readEtagLensExtras } from "../core/export/import-har"
import { importNotice, skippedEntryProblems } from "./import-notice"
import { EMPTY_FILTER, type PanelState } from "./panel-state"
import { readHarFile } from "./read-har-file"
import { linkedSelection } from "./selection"

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
}

export type PanelStore = StoreApi<PanelState>

export function createPanelStore(deps: PanelStoreDeps): PanelStore {
  const { engine, session } = deps
  const now = deps.now ?? (() => new Date())
  engine.reconfigure(engineOptionsFrom(deps.settings))

  return createStore<PanelState>()((set, get) => {
    const saveMeta = () => {
      const { recording, preserveLog, captureStartedAt, pageUrl } = get()
      session?.setMeta({ recording, preserveLog, captureStartedAt, pageUrl })
    }
    const restart = (mayMissEarlierTraffic: boolean) => {
      engine.clear()
      session?.clear()
      set({
        snapshot: engine.snapshot(),
        selection: {},
        captureStartedAt: now().toISOString(),
        mayMissEarlierTraffic
      })
      saveMeta()
    }

    /** One imported entry; our own exports carry `_etagLens` extras that restore origin, kind, notes, replay links. */
    const importEntry = (entry: unknown): IngestResult => {
      if ("ingestExchange" in engine && readEtagLensExtras(entry)) {
        const [restored] = importHarEntries([entry], engine.options).exchanges
        if (restored) {
          const { id: _id, ...exchange } = restored
          return { exchange: engine.ingestExchange(exchange) }
        }
      }
      // Also the path for unusable entries: the engine counts them as skipped.
      return engine.ingestHarEntry(entry, "import")
    }

    return {
      snapshot: engine.snapshot(),
      recording: true,
      preserveLog: false,
      filter: EMPTY_FILTER,
      selection: {},
      view: "traffic",
      detailTab: "headers",
      settings: deps.settings,
      captureStartedAt: now().toISOString(),
      mayMissEarlierTraffic: true,

      ingest(entries, origin, options = {}) {
        if (entries.length === 0) return []
        const results = entries.map((entry) => engine.ingestHarEntry(entry, origin))
        if (options.persist !== false)
          session?.append(entries.map((entry) => ({ entry: entry as never, origin })))
        set({ snapshot: engine.snapshot() })
        return results
      },
      recordReplay(entry, replay) {
        const result = engine.ingestHarEntry(entry, "replay", { replay })
        session?.append([{ entry: entry as never, origin: "replay" }])
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
      setFilter: (filter) => set({ filter: { ...get().filter, ...filter } }),
      selectExchange: (exchangeId) => set({ selection: linkedSelection(get().snapshot, { exchangeId }) }),
      selectResource: (resourceKey) => set({ selection: linkedSelection(get().snapshot, { resourceKey }) }),
      selectFinding: (findingKey) => set({ selection: linkedSelection(get().snapshot, { findingKey }) }),
      setView: (view) => set({ view }),
      setDetailTab: (detailTab) => set({ detailTab }),
      async setSettings(settings) {
        engine.reconfigure(engineOptionsFrom(settings))
        set({ settings, snapshot: engine.snapshot() })
        await deps.settingsStore?.save(settings)
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
        const { entries, problems } = (deps.readHar ?? readHarFile)(text, fileName)
        const results = entries.map(importEntry)
        session?.append(entries.map((entry) => ({ entry: entry as never, origin: "import" as const })))
        set({ snapshot: engine.snapshot() })
        const skipped = skippedEntryProblems(results)
        const loaded = entries.length - skipped.length
        set({ notice: importNotice(fileName, loaded, [...problems, ...skipped]) })
      },
      exportHar({ includeSecrets }) {
        return JSON.stringify(exportHar(get().snapshot.exchanges, { includeSecrets }), null, 2)
      },
      dismissNotice: () => set({ notice: undefined })
    }
  })
}
