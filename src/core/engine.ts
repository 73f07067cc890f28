/**
 * The engine facade: the one entry point the store, the CLI and the tests use.
 * Feed it HAR entries (or already-normalized exchanges); read a snapshot.
 * Incremental: adding an exchange updates only the lineage and findings of the
 * resource (and origin policy) it touches.
 */
import type {
  EngineOptions,
  Exchange,
  ExchangeOrigin,
  Finding,
  ResourceLineage,
  ServerPolicy,
  SkippedEntry
} from "./model"

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
}

export type IngestResult = { readonly exchange: Exchange } | { readonly skipped: SkippedEntry }

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

// createEngine(options?: Partial<EngineOptions>): Engine is implemented below (issue #3).
