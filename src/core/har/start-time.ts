/**
 * Several captures as one timeline, ordered by `startedDateTime`: a session recorded in pieces, or
 * two people's browsers against one API. etag-audit and the panel's import of several files both
 * read them so.
 */

/** An entry of one of several captures, dated. */
export interface TimedEntry<Entry = unknown> {
  /** The capture it is in (a file name). */
  readonly file: string
  /** Its index in that capture's `log.entries`. */
  readonly index: number
  readonly entry: Entry
  /** `startedDateTime` in ms; an entry without a readable one takes its predecessor's time. */
  readonly startedMs: number
}

/** The entry's `startedDateTime` in ms, or `previousMs` (its predecessor's in its file) when unreadable. */
export function startedMsOf(entry: unknown, previousMs: number): number {
  const started =
    typeof entry === "object" && entry !== null
      ? (entry as { startedDateTime?: unknown }).startedDateTime
      : undefined
  const parsed = typeof started === "string" ? Date.parse(started) : Number.NaN
  return Number.isNaN(parsed) ? previousMs : parsed
}

/**
 * Sorted by start time, stable: equal times keep their order (the earlier file's first, then each
 * file's own). Browsers and recorders write a file's entries in start order, so a list already in
 * order is checked in one pass and returned as it is.
 */
export function sortByStartTime<Item extends { readonly startedMs: number }>(items: Item[]): Item[] {
  let sorted = true
  for (let at = 1; at < items.length && sorted; at++) sorted = items[at - 1].startedMs <= items[at].startedMs
  if (sorted) return items
  return items.sort((a, b) => (a.startedMs === b.startedMs ? 0 : a.startedMs < b.startedMs ? -1 : 1))
}

/** Every capture's entries, dated, in one list by start time (captures in the order given). */
export function mergeCaptures(
  captures: readonly { readonly file: string; readonly entries: readonly unknown[] }[]
): TimedEntry[] {
  const all: TimedEntry[] = []
  for (const { file, entries } of captures) {
    let previousMs = Number.NEGATIVE_INFINITY
    entries.forEach((entry, index) => {
      previousMs = startedMsOf(entry, previousMs)
      all.push({ file, index, entry, startedMs: previousMs })
    })
  }
  return sortByStartTime(all)
}
