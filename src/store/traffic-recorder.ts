/**
 * Feeds the store from a TrafficSource: the saved session first, then what DevTools already
 * recorded (getHAR backfill), then live traffic in batches. The same request is never counted twice
 * (live vs backfill, or a reopened panel whose session already holds it).
 */
import type { SessionState, SessionStore } from "../adapters/session-store"
import type { HarEntry, TrafficSource } from "../adapters/traffic-source"
import { isReplayEcho } from "../core/replay"
import type { PanelStore } from "./create-panel-store"

export interface RecorderOptions {
  readonly store: PanelStore
  readonly source: TrafficSource
  readonly session?: SessionStore
  /** The inspected page's URL now: a saved session from another page is not restored (unless Preserve log). */
  readonly currentPageUrl?: () => Promise<string | undefined>
  /** Live entries are flushed to the store at most this often (one snapshot per batch). */
  readonly batchMs?: number
}

function entryKey(entry: HarEntry): string {
  return `${entry.startedDateTime}|${entry.request?.method}|${entry.request?.url}|${entry.response?.status}`
}

export interface Recorder {
  /** Resolves once the saved session and the backfill are in the store. */
  readonly ready: Promise<void>
  /** Flush pending live entries now. */
  flush(): void
  stop(): void
}

export function startRecording(options: RecorderOptions): Recorder {
  const { store, source, session } = options
  const batchMs = options.batchMs ?? 100
  const seen = new Set<string>()
  let pending: HarEntry[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let restored = false
  const held: HarEntry[] = []

  const fresh = (entries: readonly HarEntry[]) =>
    entries.filter((entry) => {
      // Our own replays are recorded by the Replay tab (origin "replay"), not again as live traffic.
      if (isReplayEcho(entry)) return false
      const key = entryKey(entry)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })

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
  const stopNavigation = source.onNavigated((url) => {
    flush()
    if (!store.getState().preserveLog) seen.clear()
    store.getState().navigated(url)
  })

  /** A saved session is restored unless it was recorded on another page and "Preserve log" was off. */
  const belongsHere = (saved: SessionState, pageUrl: string | undefined) =>
    saved.preserveLog || !saved.pageUrl || !pageUrl || saved.pageUrl === pageUrl

  const ready = (async () => {
    const [saved, pageUrl] = await Promise.all([session?.load(), options.currentPageUrl?.()])
    if (saved && !belongsHere(saved, pageUrl)) session?.clear()
    else if (saved) {
      // Re-ingest in saved order, one batch per run of the same origin, so ids come out the same.
      let run: HarEntry[] = []
      saved.entries.forEach((item, index) => {
        run.push(item.entry)
        const next = saved.entries[index + 1]
        if (!next || next.origin !== item.origin) {
          store.getState().ingest(fresh(run), item.origin, { persist: false })
          run = []
        }
      })
      store.setState({
        recording: saved.recording,
        preserveLog: saved.preserveLog,
        captureStartedAt: saved.captureStartedAt
      })
    }
    if (pageUrl !== undefined) store.setState({ pageUrl })
    const state = store.getState()
    session?.setMeta({
      recording: state.recording,
      preserveLog: state.preserveLog,
      captureStartedAt: state.captureStartedAt,
      pageUrl: state.pageUrl
    })
    const backfill = await source.backfill().catch(() => [] as HarEntry[])
    store.getState().ingest(fresh(backfill), "backfill")
    restored = true
    pending.push(...held)
    flush()
  })()

  return {
    ready,
    flush,
    stop() {
      flush()
      stopLive()
      stopNavigation()
    }
  }
}
