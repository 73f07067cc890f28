/**
 * Entries that repeat one already read: two exports of one session that overlap ("Preserve log",
 * saved twice), or one file given twice. Read twice, one write would follow itself and look like a
 * stale write accepted (a false lost update), so each is read once.
 */

/** Where an entry was read: its file, and its index in that file's `log.entries`. */
export interface EntryPlace {
  readonly file: string
  readonly index: number
}

type Record_ = Readonly<Record<string, unknown>>

function recordOf(value: unknown): Record_ | undefined {
  return typeof value === "object" && value !== null ? (value as Record_) : undefined
}

/** Start, method, URL and status: what tells most entries apart at once, without a body read. */
function quickKey(entry: Record_): string {
  const request = recordOf(entry.request)
  const response = recordOf(entry.response)
  return `${String(entry.startedDateTime)} ${String(request?.method)} ${String(request?.url)} ${String(response?.status)}`
}

/** Everything a judgement reads of the entry, for the rare entries that share a quick key. */
function fullKey(entry: Record_): string {
  const request = recordOf(entry.request)
  const response = recordOf(entry.response)
  return JSON.stringify([
    entry.time,
    request?.headers,
    recordOf(request?.postData)?.text,
    response?.headers,
    recordOf(response?.content)?.text
  ])
}

/**
 * A check to run on each entry in reading order: the place of the entry it repeats (the same start,
 * request and answer), or undefined for an entry not read before.
 */
export function createDuplicateEntryCheck(): (entry: unknown, place: EntryPlace) => EntryPlace | undefined {
  const seen = new Map<string, { readonly place: EntryPlace; readonly entry: Record_; full?: string }[]>()
  return (entry, place) => {
    const record = recordOf(entry)
    if (record === undefined) return undefined
    const key = quickKey(record)
    const earlier = seen.get(key)
    if (earlier === undefined) {
      seen.set(key, [{ place, entry: record }])
      return undefined
    }
    const full = fullKey(record)
    for (const candidate of earlier) {
      candidate.full ??= fullKey(candidate.entry)
      if (candidate.full === full) return candidate.place
    }
    earlier.push({ place, entry: record, full })
    return undefined
  }
}
