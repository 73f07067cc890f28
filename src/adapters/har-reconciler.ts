/**
 * `devtools.network.onRequestFinished` does not fire for every request that `getHAR()` lists:
 * Firefox ESR skips some repeated 304 answers to the same URL (docs/firefox.md), and Chromium a
 * request whose answer the page never read (devtools-traffic-source.ts). The reconciler re-reads
 * the HAR log and hands over the entries no live event announced (without their bodies).
 *
 * getHAR() is expensive in Firefox (seconds for a few hundred entries) and reading it while
 * traffic streams in disturbs the live feed, so it reads after live traffic, once the feed has
 * been quiet for `intervalMs`, again while entries wait for their grace time, every `idleReadMs`
 * when set (a request no event announced may be the page's last one), and never sooner than
 * `costFactor` times the last read's duration. An entry is handed over once it is
 * complete (it has a status) and finished at least `graceMs` ago without being announced, so a
 * live event that is merely late (and carries the body) still wins.
 */
import { isInFlight, type HarEntry } from "./traffic-source"

export interface HarReconcilerOptions<Entry extends HarEntry> {
  /** Reads the browser's HAR log now. */
  readonly readEntries: () => Promise<readonly Entry[]>
  /** Shortest time between reads, and how long the live feed must be quiet before one. */
  readonly intervalMs: number
  /** How long a finished entry may stay unannounced before it counts as missed. */
  readonly graceMs: number
  /**
   * Also read this long after the last read while no live traffic comes. Without it, a request
   * no event announced waits for the page's next request. Unset: reads follow live traffic only.
   */
  readonly idleReadMs?: number
  /** The next read waits at least this many times the last read's duration. */
  readonly costFactor?: number
  readonly onMissed: (entry: Entry) => void
  /** Clock in ms (tests inject one). */
  readonly now?: () => number
}

export interface HarReconciler {
  /**
   * Marks a live entry as announced; call it as soon as the event fires, before reading its body.
   * False when it came later than the grace time and was handed over already: not to deliver again.
   */
  announce(entry: HarEntry): boolean
  stop(): void
}

/**
 * Same request in a live event and in getHAR(): Firefox gives both the same start time. No status
 * in the key: getHAR() lists a request in flight with status 0 and later with its real status.
 * Distinct requests can share a key (started in the same millisecond): they are counted.
 */
export function harEntryKey(entry: HarEntry): string {
  return `${entry.startedDateTime}|${entry.request?.method}|${entry.request?.url}`
}

/** When the entry finished, by its own clock; undefined when its start time does not parse. */
function finishedAt(entry: HarEntry): number | undefined {
  const started = Date.parse(entry.startedDateTime)
  return Number.isNaN(started) ? undefined : started + Math.max(0, entry.time ?? 0)
}

/** Idle reads (nothing announced, nothing pending) wait at least this many times a read's duration. */
const IDLE_COST_FACTOR = 30

export function startHarReconciler<Entry extends HarEntry>(
  options: HarReconcilerOptions<Entry>
): HarReconciler {
  const { readEntries, intervalMs, graceMs, idleReadMs, onMissed } = options
  const costFactor = options.costFactor ?? 10
  const now = options.now ?? Date.now
  /**
   * How many requests with each key were announced live, handed over, or already in the log when
   * we started (the backfill's job). A read's entries with a key beyond that many are not known:
   * each is handed over in log order, after the ones before it.
   */
  const known = new Map<string, number>()
  /** First read that listed an entry whose finish time we cannot tell, by its key and occurrence. */
  const firstListedAt = new Map<string, number>()
  /** Requests handed over, per key, that no live event has announced since. */
  const handedOver = new Map<string, number>()
  let firstRead = true
  let lastLiveAt = Number.NEGATIVE_INFINITY
  let lastReadAt = Number.NEGATIVE_INFINITY
  let lastReadDuration = 0
  /** Live traffic since the last read, or entries still inside their grace time. */
  let worthReading = true
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  function handOverMissed(entries: readonly Entry[], readAt: number) {
    worthReading = false
    /** Entries with each key so far in this read. */
    const listed = new Map<string, number>()
    for (const entry of entries) {
      const key = harEntryKey(entry)
      const occurrence = (listed.get(key) ?? 0) + 1
      listed.set(key, occurrence)
      const counted = known.get(key) ?? 0
      if (occurrence <= counted) continue
      if (firstRead) {
        // Already in the log: the backfill's, except a request in flight, which the backfill leaves
        // to its live event, or to us once it completes unannounced.
        if (isInFlight(entry)) worthReading = true
        else known.set(key, occurrence)
        continue
      }
      if (!(entry.response?.status > 0)) {
        worthReading = true // in flight (or failed): look again for its status
        continue
      }
      const listedKey = `${occurrence}|${key}`
      const since = finishedAt(entry) ?? firstListedAt.get(listedKey) ?? readAt
      // Not before an earlier one with its key (still waiting): the count stays a count of requests.
      if (readAt - since >= graceMs && occurrence === counted + 1) {
        known.set(key, occurrence)
        firstListedAt.delete(listedKey)
        handedOver.set(key, (handedOver.get(key) ?? 0) + 1)
        onMissed(entry)
      } else {
        worthReading = true
        if (finishedAt(entry) === undefined) firstListedAt.set(listedKey, since)
      }
    }
    firstRead = false
  }

  /**
   * Live traffic (or a pending entry) and a quiet feed; or nothing read for `idleReadMs`, and for
   * IDLE_COST_FACTOR times the last read's duration: a read that most likely finds nothing may take
   * a few percent of the time, not a tenth (Firefox takes seconds for a long log).
   */
  function readDue(): boolean {
    if (worthReading) return now() - lastLiveAt >= intervalMs
    if (idleReadMs === undefined) return false
    return now() - lastReadAt >= Math.max(idleReadMs, IDLE_COST_FACTOR * lastReadDuration)
  }

  async function reconcile() {
    let nextDelay = intervalMs
    if (readDue()) {
      const startedAt = now()
      lastReadAt = startedAt
      try {
        const entries = await readEntries()
        if (!stopped) handOverMissed(entries, now())
      } catch {
        // getHAR fails while DevTools closes: the next read tries again.
      }
      lastReadDuration = now() - startedAt
      nextDelay = Math.max(intervalMs, costFactor * lastReadDuration)
    }
    if (!stopped) timer = setTimeout(() => void reconcile(), nextDelay)
  }

  void reconcile()
  return {
    announce(entry) {
      lastLiveAt = now()
      worthReading = true
      const key = harEntryKey(entry)
      // The live event of a request handed over already (it came later than the grace time).
      const late = handedOver.get(key) ?? 0
      if (late > 0) {
        if (late === 1) handedOver.delete(key)
        else handedOver.set(key, late - 1)
        return false
      }
      known.set(key, (known.get(key) ?? 0) + 1)
      return true
    },
    stop() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }
}
