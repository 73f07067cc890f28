/**
 * Feeds the store from a TrafficSource: the saved session first, then what DevTools already
 * recorded (getHAR backfill), then live traffic in batches. The same request is never counted twice
 * (live vs backfill, or a reopened panel whose session already holds it).
 */
import type { RecordedEntry, SessionState, SessionStore } from "../adapters/session-store"
import type { HarEntry, TrafficSource } from "../adapters/traffic-source"
import { isReplayEcho, type EchoWatch } from "../core/replay"
import type { PanelStore } from "./create-panel-store"
import { readSavedView, sessionMetaOf } from "./saved-view"

export interface RecorderOptions {
  readonly store: PanelStore
  readonly source: TrafficSource
  readonly session?: SessionStore
  /** The inspected page's URL now: a saved session from another page is not restored (unless Preserve log). */
  readonly currentPageUrl?: () => Promise<string | undefined>
  /** Live entries are flushed to the store at most this often (one snapshot per batch). */
  readonly batchMs?: number
  /** Replays announced before they are sent: their live echoes are recognised without a marker. */
  readonly replayEchoes?: EchoWatch
  readonly now?: () => number
}

/** The same request brought by the saved session, the backfill and live traffic has one key. */
function entryKey(entry: HarEntry): string {
  return `${entry.startedDateTime}|${entry.request?.method}|${entry.request?.url}|${entry.response?.status}`
}

/** Where an entry came from. Each lists a request once: the saved session, getHAR, onRequestFinished. */
type EntrySource = "saved" | "backfill" | "live"

interface KeyCounts extends Record<EntrySource, number> {
  /** The key is one of our own replays' echo: every entry with it is that echo again. */
  echo: boolean
}

/**
 * The requests already counted: per key, how many entries each source brought. Distinct requests
 * can share a key (two saves to one URL started in the same millisecond), and a request can come
 * from several sources; since no source lists a request twice, a key stands for as many requests
 * as the most entries one source brought with it. Holds at most `limit()` keys, oldest dropped
 * first (the engine keeps no more exchanges than that either), so a long session with Preserve
 * log does not grow it without end.
 */
function boundedRequestCounts(limit: () => number) {
  const counts = new Map<string, KeyCounts>()
  return {
    /** Counts the entry; true when it is a request not counted before. */
    isNew(key: string, source: EntrySource): boolean {
      let bySource = counts.get(key)
      if (bySource === undefined) {
        bySource = { saved: 0, backfill: 0, live: 0, echo: false }
        counts.set(key, bySource)
        const max = Math.max(1, limit())
        for (const oldest of counts.keys()) {
          if (counts.size <= max) break
          counts.delete(oldest)
        }
      }
      if (bySource.echo) return false
      const requests = Math.max(bySource.saved, bySource.backfill, bySource.live)
      bySource[source]++
      return bySource[source] > requests
    },
    /** An entry counted just now was our replay's echo: no later entry with its key is new. */
    markEcho(key: string) {
      const bySource = counts.get(key)
      if (bySource) bySource.echo = true
    },
    clear: () => counts.clear(),
    get size() {
      return counts.size
    }
  }
}

export interface Recorder {
  /** Resolves once the saved session and the backfill are in the store. */
  readonly ready: Promise<void>
  /** Flush pending live entries now. */
  flush(): void
  stop(): void
  /** How many request keys the de-duplication counts hold now (bounded by maxExchanges). */
  readonly dedupeSize: () => number
}

export function startRecording(options: RecorderOptions): Recorder {
  const { store, source, session } = options
  const batchMs = options.batchMs ?? 100
  const seen = boundedRequestCounts(() => store.getState().settings.maxExchanges)
  let pending: HarEntry[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let restored = false
  /** What came before the saved session and the backfill were in, in order: entries and navigations. */
  const held: ({ entry: HarEntry } | { navigated: string })[] = []
  // A clear before the saved session and the backfill are in wins: neither they nor the live entries
  // held until then come back after it.
  const captureAtStart = store.getState().captureNumber
  const restartedSinceStart = () => store.getState().captureNumber !== captureAtStart

  const now = options.now ?? (() => Date.now())
  /** One of our own replays: recorded by the Replay tab (origin "replay"), not again as live traffic. */
  const isOwnReplay = (entry: HarEntry) => {
    // Asked first, so that an echo recognised by its marker also ends the wait for it.
    const awaited = options.replayEchoes?.claims(entry, now()) ?? false
    return awaited || isReplayEcho(entry)
  }
  const fresh = (entries: readonly HarEntry[], source: "backfill" | "live") =>
    entries.filter((entry) => {
      const key = entryKey(entry)
      if (!seen.isNew(key, source)) return false
      if (!isOwnReplay(entry)) return true
      // Echoes are remembered: Firefox's getHAR reconciliation may bring the same entry again.
      seen.markEcho(key)
      return false
    })
  // Saved replays keep their marker header: restored as saved, not dropped as echoes.
  const freshSaved = (items: readonly RecordedEntry[]) =>
    items.filter((item) => seen.isNew(entryKey(item.entry), "saved"))

  /** When ⊘ Clear last emptied the capture, by the clock DevTools stamps entries with. */
  let clearedAt = Number.NEGATIVE_INFINITY
  /**
   * Finished before that Clear, delivered after it (its body read late, or handed over by the getHAR
   * reconciliation seconds later): it went with the capture the user cleared.
   */
  const clearedWith = (entry: HarEntry) => {
    const finished = Date.parse(entry.startedDateTime) + Math.max(0, entry.time ?? 0)
    return finished < clearedAt
  }

  function flush() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const batch = fresh(
      pending.filter((entry) => !clearedWith(entry)),
      "live"
    )
    pending = []
    store.getState().ingest(batch, "live")
  }

  const stopLive = source.onEntry((entry) => {
    if (!store.getState().recording) return
    if (!restored) return void held.push({ entry })
    pending.push(entry)
    if (timer === undefined) timer = setTimeout(flush, batchMs)
  })
  // A body limit changed in ⚙ Settings holds from the next request on.
  const stopWatchingStore = store.subscribe((state, previous) => {
    if (state.settings.maxBodyBytes !== previous.settings.maxBodyBytes)
      source.setBodyLimits?.({ maxBodyBytes: state.settings.maxBodyBytes })
    if (state.captureNumber !== previous.captureNumber) {
      // Entries held until the restore are gone with the capture; a navigation still tells the page.
      held.splice(0, held.length, ...held.filter((event) => "navigated" in event))
      // A navigation comes after the old page's entries (the source keeps DevTools' order), and the
      // new page's document may have finished before it was handled.
      if (!navigating) clearedAt = now()
    }
  })
  let navigating = false
  function navigated(url: string) {
    flush()
    if (!store.getState().preserveLog) seen.clear()
    navigating = true
    try {
      store.getState().navigated(url)
    } finally {
      navigating = false
    }
  }
  // One while the saved session loads waits for it: whether the log is preserved is not known before.
  const stopNavigation = source.onNavigated((url) =>
    restored ? navigated(url) : void held.push({ navigated: url })
  )

  /** A saved session is restored unless it was recorded on another page and "Preserve log" was off. */
  const belongsHere = (saved: SessionState, pageUrl: string | undefined) =>
    saved.preserveLog || !saved.pageUrl || !pageUrl || saved.pageUrl === pageUrl

  const ready = (async () => {
    const [loaded, pageUrl] = await Promise.all([session?.load(), options.currentPageUrl?.()])
    // Cleared meanwhile: what was loaded is gone (the store emptied the saved session).
    const saved = restartedSinceStart() ? undefined : loaded
    if (saved && !belongsHere(saved, pageUrl)) session?.clear()
    else if (saved) {
      try {
        // In saved order, with the extras each entry was saved with (origin, replay link, choice, verdict).
        store.getState().restoreSaved(freshSaved(saved.entries))
        store.setState({
          recording: saved.recording,
          preserveLog: saved.preserveLog,
          captureStartedAt: saved.captureStartedAt,
          ...readSavedView(saved.viewState)
        })
      } catch {
        // A saved session it cannot read: recording goes on (else every live entry stayed held).
      }
    }
    if (pageUrl !== undefined) store.setState({ pageUrl })
    session?.setMeta(sessionMetaOf(store.getState()))
    const backfill = await source.backfill().catch(() => [] as HarEntry[])
    // Restored paused: what DevTools saw meanwhile, and what came before the restore, was not recorded.
    const recording = store.getState().recording
    if (!restartedSinceStart() && recording) store.getState().ingest(fresh(backfill, "backfill"), "backfill")
    restored = true
    for (const event of held.splice(0)) {
      if ("navigated" in event) navigated(event.navigated)
      else if (recording) pending.push(event.entry)
    }
    flush()
  })()

  return {
    ready,
    flush,
    dedupeSize: () => seen.size,
    stop() {
      flush()
      stopLive()
      stopNavigation()
      stopWatchingStore()
    }
  }
}
