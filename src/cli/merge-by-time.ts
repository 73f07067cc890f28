/**
 * Merges per-file entry streams into one, ordered by startedDateTime (ties: earlier file first).
 * Each file is taken in its own order, so the result is fully sorted when every file is
 * (Chrome, Firefox and Playwright write entries in start order); a file that is not gets a note.
 * The whole-file path sorts all entries instead (core/har/start-time.ts).
 */
import type { HarSourceEntry } from "./read-har-file"

export async function* mergeByStartTime(
  sources: readonly AsyncIterator<HarSourceEntry>[],
  onOutOfOrder: (file: string, index: number) => void
): AsyncGenerator<HarSourceEntry> {
  const nextOf = async (source: AsyncIterator<HarSourceEntry>): Promise<HarSourceEntry | undefined> => {
    const next = await source.next()
    return next.done ? undefined : next.value
  }
  const heads = await Promise.all(sources.map(nextOf))
  const lastMs = heads.map(() => Number.NEGATIVE_INFINITY)
  const warned = heads.map(() => false)
  for (;;) {
    let pick = -1
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]
      if (head && (pick < 0 || head.startedMs < (heads[pick] as HarSourceEntry).startedMs)) pick = i
    }
    if (pick < 0) return
    const entry = heads[pick] as HarSourceEntry
    if (entry.startedMs < lastMs[pick] && !warned[pick]) {
      warned[pick] = true
      onOutOfOrder(entry.file, entry.index)
    }
    lastMs[pick] = entry.startedMs
    yield entry
    heads[pick] = await nextOf(sources[pick])
  }
}
