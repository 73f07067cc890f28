/**
 * The engine facade: the one entry point the store, the CLI and the tests use.
 * Feed it HAR entries (or already-normalized exchanges); read a snapshot.
 * Incremental: adding an exchange updates only the lineage and findings of the
 * resource (and origin policy) it touches.
 */
import { createFindingBook, type FindingBook } from "./findings/finding-book"
import { createLineageBook, type LineageBook } from "./lineage/build-lineage"
import {
  DEFAULT_ENGINE_OPTIONS,
  NONE,
  type EngineOptions,
  type Exchange,
  type ExchangeOrigin,
  type Finding,
  type ResourceLineage,
  type ServerPolicy,
  type SkippedEntry
} from "./model"
import { createPolicyBook, type PolicyBook } from "./policy/learn-policy"
import {
  createSessionRenewals,
  NO_RENEWED_SESSIONS,
  type RenewedSessions,
  type SessionRenewals
} from "./lineage/session-renewals"
import { renormalized } from "./engine-rebuild"
import { normalizeHarEntry, type NormalizeContext } from "./traffic/normalize-har-entry"
import { resourceKey } from "./traffic/resource-key"

export interface EngineSnapshot {
  /** Retained exchanges in arrival order (oldest may have been evicted). */
  readonly exchanges: readonly Exchange[]
  readonly resources: readonly ResourceLineage[]
  readonly findings: readonly Finding[]
  readonly policies: readonly ServerPolicy[]
  /** How many exchanges were evicted to stay within `maxExchanges`. */
  readonly evicted: number
  /** Entries that could not be used, with the reason. */
  readonly skipped: readonly SkippedEntry[]
  /** Sessions the server renewed, each to the first of its chain: one user (session-renewals.ts). */
  readonly renewedSessions: RenewedSessions
}

/** An operation of an OData batch, ingested after the batch: the HAR entry made for it, and its exchange. */
export interface BatchOperationExchange {
  readonly entry: unknown
  readonly exchange: Exchange
}

export type IngestResult =
  | { readonly exchange: Exchange; readonly parts?: readonly BatchOperationExchange[] }
  | { readonly skipped: SkippedEntry }

export interface Engine {
  readonly options: EngineOptions
  /** Normalize one HAR entry (any shape: it is validated) and add it. Never throws. */
  ingestHarEntry(
    entry: unknown,
    origin: ExchangeOrigin,
    extra?: { replay?: Exchange["replay"] }
  ): IngestResult
  /** The current model. Cheap to call repeatedly: unchanged parts are shared between snapshots. */
  snapshot(): EngineSnapshot
  /** Replace options (e.g. body tag fields) and rebuild from the retained exchanges. */
  reconfigure(options: Partial<EngineOptions>): void
  /** Forget everything. */
  clear(): void
}

/** Ingest of already-normalized exchanges (tests, the CLI's generated traffic, imports). */
export interface ExchangeIngest {
  /** Add an exchange as is; the engine gives it the next id. */
  ingestExchange(exchange: Omit<Exchange, "id">): Exchange
}

/** How the engine holds what it ingested (not analysis options: these do not change findings). */
export interface EngineRetention {
  /**
   * Keep each exchange for `snapshot().exchanges` (default). The audit CLI turns it off when it
   * needs only lineage, policies and findings: a 100k-entry capture then holds no exchange objects.
   * `maxExchanges` still bounds the lineage; `reconfigure` then has nothing to re-read and leaves
   * the model as it was built. Capture noise is then read only as far as telling it is noise.
   */
  readonly keepExchanges?: boolean
}

/**
 * Create an engine. Memory is bounded by `maxExchanges`: the oldest exchanges are evicted
 * (counted in `evicted`); versions, policies and findings they contributed to are kept, so
 * findings and versions may name evicted exchange ids.
 */
export function createEngine(
  initial: Partial<EngineOptions> = {},
  retention: EngineRetention = {}
): Engine & ExchangeIngest {
  const keepExchanges = retention.keepExchanges ?? true
  let options: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...initial }
  let state = emptyState(options)
  let nextId = 1
  let entryIndex = 0
  let evicted = 0
  let skipped: SkippedEntry[] = []
  let changes = 0
  let memo: { changes: number; snapshot: EngineSnapshot } | undefined
  const normalizeContext: { -readonly [K in keyof NormalizeContext]: NormalizeContext[K] } = {
    id: 0,
    index: 0,
    origin: "live",
    options,
    replay: undefined,
    analysisOnly: !keepExchanges
  }

  function add(exchange: Exchange): void {
    state.sessions.note(exchange)
    const update = state.lineage.add(exchange)
    state.retainedIds.push(exchange.id)
    // The usual exchange touched one resource: keep its key, not a one-item list per exchange.
    const touched = update?.touchedKeys ?? NONE
    state.touchedKeys.push(touched.length === 1 ? touched[0] : touched)
    if (keepExchanges) state.retained.push(exchange)
    if (update !== undefined) {
      const scope = state.policies.observe(exchange, update, update.history)
      state.findings.touchScope(scope)
      state.findings.addEvent(exchange, update, update.history)
    } else if (exchange.kind === "preflight" || exchange.kind === "failed") {
      // How the browser treated a request (a CORS preflight that refused If-Match) has no lineage event.
      state.findings.addCapture(exchange)
    }
    while (state.retainedIds.length - state.head > options.maxExchanges) {
      const touchedKeys = state.touchedKeys[state.head]
      state.lineage.evict(
        state.retainedIds[state.head],
        typeof touchedKeys === "string" ? [touchedKeys] : touchedKeys
      )
      state.touchedKeys[state.head] = NONE // let the key list go with the exchange
      state.head++
      evicted++
    }
    if (state.head > 1024 && state.head * 2 > state.retainedIds.length) {
      state.retainedIds = state.retainedIds.slice(state.head)
      state.touchedKeys = state.touchedKeys.slice(state.head)
      if (keepExchanges) state.retained = state.retained.slice(state.head)
      state.head = 0
    }
    changes++
  }

  function skip(entry: SkippedEntry): void {
    if (skipped.length < MAX_SKIPPED) skipped.push(entry)
    changes++
  }

  function ingestHarEntry(
    entry: unknown,
    origin: ExchangeOrigin,
    extra: { replay?: Exchange["replay"] } = {}
  ) {
    // One context object, refilled per entry: normalization reads it and keeps none of it.
    const context = normalizeContext
    context.id = nextId
    context.index = entryIndex++
    context.origin = origin
    context.options = options
    context.replay = extra.replay
    let result: IngestResult
    try {
      result = normalizeHarEntry(entry, context)
    } catch (error) {
      result = { skipped: { index: context.index, reason: `could not read entry: ${String(error)}` } }
    }
    if ("exchange" in result) {
      nextId++
      addSafely(result.exchange, context.index)
      // A batch's operations took the ids after it (normalize-har-entry.ts).
      for (const part of result.parts ?? NONE) {
        nextId++
        addSafely(part.exchange, context.index)
      }
    } else skip(result.skipped)
    return result
  }

  /**
   * `add`, never throwing: judging an exchange walks its bodies, and a pathological one (JSON
   * nested tens of thousands deep) can overflow the stack. Such an entry is said to be skipped;
   * what is recorded stays.
   */
  function addSafely(exchange: Exchange, index: number): void {
    try {
      add(exchange)
    } catch (error) {
      skip({ index, reason: `could not judge exchange #${exchange.id}: ${String(error)}` })
    }
  }

  function ingestExchange(exchange: Omit<Exchange, "id">): Exchange {
    const withId: Exchange = { ...exchange, id: nextId++ }
    addSafely(withId, entryIndex++)
    return withId
  }

  function snapshot(): EngineSnapshot {
    if (memo !== undefined && memo.changes === changes) return memo.snapshot
    const result: EngineSnapshot = {
      exchanges: keepExchanges ? state.retained.slice(state.head) : [],
      resources: state.lineage.resources(),
      findings: state.findings.all(),
      policies: state.policies.scopes().map((scope) => state.policies.policy(scope)),
      evicted,
      skipped: [...skipped],
      renewedSessions: renewedSessionsNow()
    }
    memo = { changes, snapshot: result }
    return result
  }

  /** A copy per change of the growing map, so that an earlier snapshot keeps what it said. */
  let renewedCopy: RenewedSessions = NO_RENEWED_SESSIONS
  function renewedSessionsNow(): RenewedSessions {
    const { renewed } = state.sessions
    if (renewed.size !== renewedCopy.size)
      renewedCopy = renewed.size === 0 ? NO_RENEWED_SESSIONS : new Map(renewed)
    return renewedCopy
  }

  function reconfigure(partial: Partial<EngineOptions>): void {
    options = { ...options, ...partial }
    // Nothing kept to re-read: the model stays as it was built; only `options` changes.
    if (!keepExchanges) return void changes++
    const retained = state.retained.slice(state.head)
    state = emptyState(options)
    for (const exchange of retained) add(renormalized(exchange, options))
    changes++
  }

  function clear(): void {
    state = emptyState(options)
    nextId = 1
    entryIndex = 0
    evicted = 0
    skipped = []
    changes++
  }

  return {
    get options() {
      return options
    },
    ingestHarEntry,
    ingestExchange,
    snapshot,
    reconfigure,
    clear
  }
}

/** Skipped entries listed individually; more are still counted in `changes` but not kept. */
const MAX_SKIPPED = 1000

interface EngineState {
  /** Ids of the exchanges ingested, oldest first: what eviction walks. */
  retainedIds: number[]
  /** Parallel to `retainedIds`: the lineage resources each exchange touched (what eviction cleans). */
  touchedKeys: (string | readonly string[])[]
  /** The exchanges themselves, parallel to `retainedIds` (empty unless `keepExchanges`). */
  retained: Exchange[]
  /** Index of the oldest retained exchange in both lists (evicted ones before it). */
  head: number
  lineage: LineageBook
  policies: PolicyBook
  findings: FindingBook
  sessions: SessionRenewals
}

function emptyState(options: EngineOptions): EngineState {
  const keyOf = memoized((url) => resourceKey(url, options))
  const sessions = createSessionRenewals()
  const lineage = createLineageBook(keyOf, sessions.renewed)
  const policies = createPolicyBook(options.policyOverrides)
  return {
    retainedIds: [],
    touchedKeys: [],
    retained: [],
    head: 0,
    lineage,
    policies,
    sessions,
    findings: createFindingBook(policies, options.disabledRules, options.maxExchanges, {
      keyOf,
      versionHeaders: options.versionHeaders
    })
  }
}

/** URL → key, cached: captures repeat the same URLs (polling, list/item reads). Bounded. */
function memoized(keyOf: (url: string) => string): (url: string) => string {
  const cache = new Map<string, string>()
  return (url) => {
    let key = cache.get(url)
    if (key === undefined) {
      if (cache.size >= MAX_CACHED_KEYS) cache.clear()
      key = keyOf(url)
      cache.set(url, key)
    }
    return key
  }
}

const MAX_CACHED_KEYS = 50_000
