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

function entryKey(entry: HarEntry): string {
  return `${entry.startedDateTime}|${entry.request?.method}|${entry.request?.url}|${entry.response?.status}`
}

/**
 * Keys of requests already counted, oldest first, holding at most `limit()` keys (the engine keeps no
 * more exchanges than that either), so a long session with Preserve log does not grow it without end.
 */
function boundedKeySet(limit: () => number) {
  const keys = new Set<string>()
  return {
    has: (key: string) => keys.has(key),
    add(key: string) {
      keys.add(key)
      const max = Math.max(1, limit())
      for (const oldest of keys) {
        if (keys.size <= max) break
        keys.delete(oldest)
      }
    },
    clear: () => keys.clear(),
    get size() {
      return keys.size
    }
  }
}

export interface Recorder {
  /** Resolves once the saved session and the backfill are in the store. */
  readonly ready: Promise<void>
  /** Flush pending live entries now. */
  flush(): void
  stop(): void
  /** How many request keys the de-duplication set holds now (bounded by maxExchanges). */
  readonly dedupeSize: () => number
}

export function startRecording(options: RecorderOptions): Recorder {
  const { store, source, session } = options
  const batchMs = options.batchMs ?? 100
  const seen = boundedKeySet(() => store.getState().settings.maxExchanges)
  let pending: HarEntry[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let restored = false
  const held: HarEntry[] = []
  // A clear (or a navigation that restarts the capture) before the saved session and the backfill
  // are in wins: neither they nor the live entries held until then come back after it.
  const captureAtStart = store.getState().captureNumber
  const restartedSinceStart = () => store.getState().captureNumber !== captureAtStart

  const unseen = (entry: HarEntry) => {
    const key = entryKey(entry)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  }
  const now = options.now ?? (() => Date.now())
  /** One of our own replays: recorded by the Replay tab (origin "replay"), not again as live traffic. */
  const isOwnReplay = (entry: HarEntry) => {
    // Asked first, so that an echo recognised by its marker also ends the wait for it.
    const awaited = options.replayEchoes?.claims(entry, now()) ?? false
    return awaited || isReplayEcho(entry)
  }
  // Echoes are remembered as seen too: Firefox's getHAR reconciliation may bring the same entry again.
  const fresh = (entries: readonly HarEntry[]) =>
    entries.filter((entry) => unseen(entry) && !isOwnReplay(entry))
  // Saved replays keep their marker header: restored as saved, not dropped as echoes.
  const freshSaved = (items: readonly RecordedEntry[]) => items.filter((item) => unseen(item.entry))

  function flush() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const batch = fresh(pending)
    pending = []
    store.getState().ingest(batch, "live")
  }

  const stopLive = source.onEntry((entry) => {
    if (!store.getState().recording) return
    if (!restored) return void held.push(entry)
    pending.push(entry)
    if (timer === undefined) timer = setTimeout(flush, batchMs)
  })
  // A body limit changed in ⚙ Settings holds from the next request on.
  const stopWatchingStore = store.subscribe((state, previous) => {
    if (state.settings.maxBodyBytes !== previous.settings.maxBodyBytes)
      source.setBodyLimits?.({ maxBodyBytes: state.settings.maxBodyBytes })
    if (state.captureNumber !== previous.captureNumber) held.length = 0
  })
  const stopNavigation = source.onNavigated((url) => {
    flush()
    if (!store.getState().preserveLog) seen.clear()
    store.getState().navigated(url)
  })

  /** A saved session is restored unless it was recorded on another page and "Preserve log" was off. */
  const belongsHere = (saved: SessionState, pageUrl: string | undefined) =>
    saved.preserveLog || !saved.pageUrl || !pageUrl || saved.pageUrl === pageUrl

  const ready = (async () => {
    const [loaded, pageUrl] = await Promise.all([session?.load(), options.currentPageUrl?.()])
    // Cleared meanwhile: what was loaded is gone (the store emptied the saved session).
    const saved = restartedSinceStart() ? undefined : loaded
    if (saved && !belongsHere(saved, pageUrl)) session?.clear()
    else if (saved) {
      // In saved order, with the extras each entry was saved with (origin, replay link, choice, verdict).
      store.getState().restoreSaved(freshSaved(saved.entries))
      store.setState({
        recording: saved.recording,
        preserveLog: saved.preserveLog,
        captureStartedAt: saved.captureStartedAt,
        ...readSavedView(saved.viewState)
      })
    }
    if (pageUrl !== undefined) store.setState({ pageUrl })
    session?.setMeta(sessionMetaOf(store.getState()))
    const backfill = await source.backfill().catch(() => [] as HarEntry[])
    if (!restartedSinceStart()) store.getState().ingest(fresh(backfill), "backfill")
    restored = true
    pending.push(...held)
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
