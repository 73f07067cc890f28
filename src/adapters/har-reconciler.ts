/**
 * Firefox ESR sometimes never fires `devtools.network.onRequestFinished` for a request that
 * `getHAR()` does list (seen with repeated 304 answers to the same URL: docs/firefox.md).
 * The reconciler re-reads the HAR log on a timer and hands over the entries no live event
 * announced. An entry is handed over only once it is complete (it has a status) and has stayed
 * unannounced for `graceMs`, so a live event that is merely late (and carries the body) still wins.
 */
import type { HarEntry } from "./traffic-source"

export interface HarReconcilerOptions<Entry extends HarEntry> {
  /** Reads the browser's HAR log now. */
  readonly readEntries: () => Promise<readonly Entry[]>
  readonly intervalMs: number
  /** How long a complete entry may stay unannounced before it counts as missed. */
  readonly graceMs: number
  /** Clock in ms (tests inject one). */
  readonly now?: () => number
  /** Called once per entry that the log lists and no live event announced. */
  readonly onMissed: (entry: Entry) => void
}

export interface HarReconciler {
  /** Marks a live entry as announced; call it as soon as the event fires, before reading its body. */
  announce(entry: HarEntry): void
  stop(): void
}

/**
 * Same request in a live event and in getHAR(): Firefox gives both the same start time. No status
 * in the key: getHAR() lists a request in flight with status 0 and later with its real status.
 */
export function harEntryKey(entry: HarEntry): string {
  return `${entry.startedDateTime}|${entry.request?.method}|${entry.request?.url}`
}

export function startHarReconciler<Entry extends HarEntry>(
  options: HarReconcilerOptions<Entry>
): HarReconciler {
  const { readEntries, intervalMs, graceMs, onMissed } = options
  const now = options.now ?? Date.now
  /** Announced live, handed over, or already in the log when we started (the backfill's job). */
  const known = new Set<string>()
  /** Complete, listed and not announced yet: when we first saw it so. */
  let unannouncedSince = new Map<string, number>()
  let firstRead = true
  let reading = false
  let stopped = false

  async function reconcile() {
    if (reading || stopped) return
    reading = true
    try {
      const entries = await readEntries()
      const readAt = now()
      const stillUnannounced = new Map<string, number>()
      for (const entry of entries) {
        const key = harEntryKey(entry)
        if (known.has(key)) continue
        if (firstRead) {
          known.add(key)
          continue
        }
        if (!(entry.response?.status > 0)) continue // in flight (or failed): wait for its status
        const since = unannouncedSince.get(key) ?? readAt
        if (readAt - since >= graceMs && !stopped) {
          known.add(key)
          onMissed(entry)
        } else stillUnannounced.set(key, since)
      }
      unannouncedSince = stillUnannounced
      firstRead = false
    } catch {
      // getHAR fails while DevTools closes: the next read tries again.
    } finally {
      reading = false
    }
  }

  void reconcile()
  const timer = setInterval(() => void reconcile(), intervalMs)
  return {
    announce(entry) {
      known.add(harEntryKey(entry))
    },
    stop() {
      stopped = true
      clearInterval(timer)
    }
  }
}
