/**
 * Port and implementation: "no lost session". The HAR entries recorded for one inspected tab
 * survive closing/reopening DevTools and a panel reload, bounded in count and bytes.
 *
 * Entries are written in chunks so a throttled write touches only the chunk that changed
 * (storage areas rewrite whole values): `<prefix>.meta` lists the chunk ids, `<prefix>.<id>` holds entries.
 * Trimming drops whole oldest chunks, so the kept tail is always contiguous and in order.
 */
import type { ExchangeOrigin } from "../core/model"
import type { HarEntry } from "./traffic-source"

export interface RecordedEntry {
  readonly entry: HarEntry
  readonly origin: ExchangeOrigin
}

export interface SessionMeta {
  readonly recording: boolean
  readonly preserveLog: boolean
  /** ISO time the capture started (first subscription or last clear). */
  readonly captureStartedAt: string
  /** The inspected page the entries were recorded on (a reopened panel on another page starts afresh). */
  readonly pageUrl?: string
  /**
   * How the panel showed the capture (filter, sort, view), as JSON the store wrote and reads back
   * (it checks the shape: this port only keeps it).
   */
  readonly viewState?: unknown
}

export interface SessionState extends SessionMeta {
  readonly entries: readonly RecordedEntry[]
  /** Entries dropped from the saved session to stay within its bounds. */
  readonly trimmed: number
}

export interface SessionStore {
  /** The saved session of this tab, or undefined when there is none (or it is unreadable). */
  load(): Promise<SessionState | undefined>
  /**
   * Saves entries, throttled. `deferred`: written with the next write, or `deferredWriteMs` later at
   * the latest (a HAR import's batches: the import calls `flush` at its end, so its entries are
   * serialized once, not every few hundred milliseconds while most of them are trimmed again; a long
   * import is still saved as it goes).
   */
  append(entries: readonly RecordedEntry[], options?: { readonly deferred?: boolean }): void
  /** Written at once (with pending entries), not throttled like `append`. */
  setMeta(meta: SessionMeta): void
  /** Forget the recorded entries (meta is kept). */
  clear(): void
  /** Write pending changes now (also happens by itself after the throttle delay). */
  flush(): Promise<void>
  /** A new entry cap (settings' maxExchanges), applied at once: older chunks beyond it are dropped. */
  setMaxEntries(maxEntries: number): void
}

/** The part of a `browser.storage` area the session store needs. */
export interface KeyValueArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(keys: string | string[]): Promise<void>
}

export interface SessionStoreOptions {
  /** Storage key prefix, per inspected tab: `etagLens.session.<tabId>`. */
  readonly key: string
  readonly maxEntries: number
  /** Bound on the JSON size of the saved entries (storage.session holds 10 MB in Chrome). */
  readonly maxBytes: number
  /**
   * Writes wait this long after the last one; the first after a quiet spell goes at once (the
   * panel's page may be gone a moment after a user's last action: DevTools closed).
   */
  readonly throttleMs: number
  /** How long deferred entries may wait for a write (default 2 s). */
  readonly deferredWriteMs?: number
  readonly chunkSize?: number
  /** Clock in ms (tests inject one). */
  readonly now?: () => number
}

interface StoredMeta extends SessionMeta {
  readonly chunkIds: readonly number[]
  readonly trimmed: number
}

interface Chunk {
  readonly id: number
  entries: RecordedEntry[]
  /** JSON size of `entries`, measured when a write needs it (undefined while it may still grow). */
  bytes: number | undefined
}

/** A chunk's JSON size, measured once per content (one `JSON.stringify` of the chunk, not per entry). */
function bytesOf(chunk: Chunk): number {
  chunk.bytes ??= JSON.stringify(chunk.entries).length
  return chunk.bytes
}

export function sessionKeyForTab(tabId: number): string {
  return `etagLens.session.${tabId}`
}

function isRecordedEntry(value: unknown): value is RecordedEntry {
  const candidate = value as { entry?: unknown; origin?: unknown } | null
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.entry === "object" &&
    candidate.entry !== null &&
    !Array.isArray(candidate.entry) &&
    typeof candidate.origin === "string"
  )
}

/** An ISO time as the store wrote it (a corrupt one would show as "capture started undefined"). */
function isDateText(value: unknown): value is string {
  return typeof value === "string" && !Number.isNaN(Date.parse(value))
}

/** 0 when there is none; ids that are not integers (a corrupt store) are passed over. */
function highestChunkId(stored: StoredMeta): number {
  return Math.max(0, ...stored.chunkIds.filter((id) => Number.isInteger(id)))
}

export function createSessionStore(area: KeyValueArea, options: SessionStoreOptions): SessionStore {
  const chunkSize = options.chunkSize ?? 100
  const metaKey = `${options.key}.meta`
  const chunkKey = (id: number) => `${options.key}.${id}`
  let chunks: Chunk[] = []
  /** Chunk ids only grow, so a chunk written after a clear never shares a key with one being removed. */
  let nextChunkId = 1
  let meta: SessionMeta | undefined
  let trimmed = 0
  let maxEntries = options.maxEntries
  /**
   * Halved when storage refuses a write: storage.session's 10 MB are the extension's, shared by every
   * tab's session (a closed tab's too, until the browser closes), and Chrome counts their memory, not
   * their JSON. The newest entries that fit are saved; the bound stays lowered for this panel.
   */
  let maxBytes = options.maxBytes
  const dirty = new Set<number>()
  const removed = new Set<number>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const now = options.now ?? Date.now
  /** When the last write started; none yet: the first goes at once. */
  let lastWriteAt = -Infinity
  let writing: Promise<void> = Promise.resolve()
  /** Counts clears: a load that a clear overtook must not bring the cleared session back. */
  let clears = 0

  /** Drops the `count` oldest chunks (the newest always stays). */
  function dropOldest(count: number): void {
    for (const oldest of chunks.splice(0, Math.min(count, chunks.length - 1))) {
      trimmed += oldest.entries.length
      dirty.delete(oldest.id)
      removed.add(oldest.id)
    }
  }

  /**
   * Keeps the newest chunks whose sizes add up within `bound` (at least one), measured newest first:
   * the chunks older than the first that does not fit are never measured.
   */
  function keepNewestWithin(bound: number, sizeOf: (chunk: Chunk) => number): void {
    let total = 0
    let position = chunks.length
    while (position > 0 && total + sizeOf(chunks[position - 1]) <= bound) total += sizeOf(chunks[--position])
    dropOldest(position)
  }

  /** Within `maxEntries`. */
  const trimToCount = () => keepNewestWithin(maxEntries, (chunk) => chunk.entries.length)

  /**
   * Within `maxBytes`: measured at the write, so a chunk trimmed before it is never serialized (a big
   * import keeps a few thousand of its entries).
   */
  const trimToBytes = () => keepNewestWithin(maxBytes, bytesOf)

  function schedule() {
    if (timer !== undefined) return
    const wait = lastWriteAt + options.throttleMs - now()
    if (wait <= 0) writeNow()
    else timer = setTimeout(() => void flush(), wait)
  }

  /** A write for deferred entries, unless one is due sooner anyway. */
  function scheduleDeferred() {
    if (timer !== undefined) return
    timer = setTimeout(() => void flush(), Math.max(options.throttleMs, options.deferredWriteMs ?? 2000))
  }

  async function write() {
    lastWriteAt = now()
    trimToBytes()
    for (let refused = false; ; refused = true) {
      // Sets, not list searches: an import leaves hundreds of chunks dirty or removed at once.
      const live = new Set(chunks.map((chunk) => chunk.id))
      const gone = [...removed].filter((id) => !live.has(id))
      const written = chunks.filter((chunk) => dirty.has(chunk.id))
      const items: Record<string, unknown> = {}
      for (const chunk of written) items[chunkKey(chunk.id)] = chunk.entries
      dirty.clear()
      removed.clear()
      if (meta)
        items[metaKey] = { ...meta, chunkIds: chunks.map((chunk) => chunk.id), trimmed } satisfies StoredMeta
      try {
        // After a refusal, what is dropped goes first: it makes room.
        if (refused && gone.length > 0) await area.remove(gone.map(chunkKey))
        await area.set(items)
      } catch {
        // Refused (the quota), or DevTools is closing: nothing of it was written. Try again with
        // the older half dropped; a single chunk that does not fit waits for the next write.
        for (const chunk of written) dirty.add(chunk.id)
        for (const id of gone) removed.add(id)
        if (chunks.length <= 1) return
        maxBytes = Math.floor(chunks.reduce((sum, chunk) => sum + bytesOf(chunk), 0) / 2)
        trimToBytes()
        continue
      }
      if (!refused && gone.length > 0) await area.remove(gone.map(chunkKey)).catch(() => undefined)
      return
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    writing = writing.then(write, write)
    return writing
  }

  /**
   * Starts a write this moment, not queued behind one still in flight: each write sends what is
   * pending when it starts, storage applies calls in the order they were made, and chunk ids are
   * never reused, so the newest state lands last either way.
   */
  function writeNow(): void {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const started = write()
    writing = Promise.allSettled([writing, started]).then(() => undefined)
  }

  return {
    setMaxEntries(next) {
      maxEntries = next
      const chunksBefore = chunks.length
      trimToCount()
      if (chunks.length !== chunksBefore) schedule()
    },
    async load() {
      const clearsAtStart = clears
      try {
        const stored = (await area.get(metaKey))[metaKey] as StoredMeta | undefined
        if (!stored || !Array.isArray(stored.chunkIds)) return undefined
        const keys = stored.chunkIds.map(chunkKey)
        const values = keys.length > 0 ? await area.get(keys) : {}
        if (clears !== clearsAtStart) {
          // Cleared while this was read: remove what was stored instead of adopting it (write()
          // keeps any chunk written since under the same id).
          for (const id of stored.chunkIds) removed.add(id)
          nextChunkId = Math.max(nextChunkId, highestChunkId(stored) + 1)
          schedule()
          return undefined
        }
        chunks = stored.chunkIds.map((id) => {
          const entries = (Array.isArray(values[chunkKey(id)]) ? values[chunkKey(id)] : []) as unknown[]
          const valid = entries.filter(isRecordedEntry)
          return { id, entries: valid, bytes: undefined }
        })
        nextChunkId = highestChunkId(stored) + 1
        meta = {
          recording: stored.recording !== false,
          preserveLog: stored.preserveLog === true,
          captureStartedAt: isDateText(stored.captureStartedAt)
            ? stored.captureStartedAt
            : new Date(now()).toISOString(),
          pageUrl: typeof stored.pageUrl === "string" ? stored.pageUrl : undefined,
          viewState: stored.viewState
        }
        trimmed = Number(stored.trimmed) || 0
        return { ...meta, entries: chunks.flatMap((chunk) => chunk.entries), trimmed }
      } catch {
        return undefined
      }
    },
    append(entries, { deferred = false } = {}) {
      for (const recorded of entries) {
        let last = chunks[chunks.length - 1]
        if (!last || last.entries.length >= chunkSize) {
          last = { id: nextChunkId++, entries: [], bytes: undefined }
          chunks.push(last)
        }
        last.entries.push(recorded)
        last.bytes = undefined
        dirty.add(last.id)
      }
      trimToCount()
      if (deferred) scheduleDeferred()
      else schedule()
    },
    setMeta(next) {
      meta = next
      // Written now, with any chunk not yet written (so the meta never names a missing chunk): the
      // panel's page is torn down when DevTools closes, and Chrome drops a write started in its
      // `pagehide`, so a sort or filter chosen just before the close would be lost behind the
      // throttle. Meta changes are the user's own actions, not the stream of traffic.
      writeNow()
    },
    clear() {
      clears++
      for (const chunk of chunks) removed.add(chunk.id)
      chunks = []
      dirty.clear()
      trimmed = 0
      schedule()
    },
    flush
  }
}

/** In-memory storage area: the twin of `browser.storage.session` for tests. */
export function createMemoryArea(): KeyValueArea & {
  readonly data: Map<string, unknown>
  /** The keys of each `set` call, in order: what was written when. */
  readonly writes: readonly (readonly string[])[]
} {
  const data = new Map<string, unknown>()
  const writes: string[][] = []
  const pick = (keys: string | string[]) => (Array.isArray(keys) ? keys : [keys])
  return {
    data,
    writes,
    async get(keys) {
      const result: Record<string, unknown> = {}
      for (const key of pick(keys)) if (data.has(key)) result[key] = structuredClone(data.get(key))
      return result
    },
    async set(items) {
      writes.push(Object.keys(items))
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value))
    },
    async remove(keys) {
      for (const key of pick(keys)) data.delete(key)
    }
  }
}
