/**
 * Bounded lineage memory: a resource whose tag changes on every poll would otherwise add a
 * version per poll forever, long after the polls themselves were evicted. Versions nobody
 * retained refers to any more are dropped; the rest keep their indexes (v17 stays v17).
 */
import type { VersionState } from "./resource-state"

/** Most recent versions always kept, whatever was evicted. */
export const KEEP_LATEST_VERSIONS = 32

/** What compaction needs of a resource's working state. */
export interface CompactableState {
  versions: VersionState[]
  readonly events: readonly {
    readonly versionIndex?: number
    readonly precondition: { readonly versionIndex?: number; readonly currentVersionIndex?: number }
  }[]
  droppedVersions: number
  compactAt: number
}

/**
 * Drop versions whose introducing exchange and readers were all evicted (ids up to
 * `evictedUpTo`), keeping the first version, the latest `KEEP_LATEST_VERSIONS`, and any version a
 * retained event names. Amortized: runs again only after `KEEP_LATEST_VERSIONS` more versions.
 */
export function compactVersions(state: CompactableState, evictedUpTo: number): void {
  if (state.versions.length <= Math.max(state.compactAt, 1 + 2 * KEEP_LATEST_VERSIONS)) return
  const named = new Set<number>()
  for (const event of state.events) {
    if (event.versionIndex !== undefined) named.add(event.versionIndex)
    if (event.precondition.versionIndex !== undefined) named.add(event.precondition.versionIndex)
    if (event.precondition.currentVersionIndex !== undefined)
      named.add(event.precondition.currentVersionIndex)
  }
  const keepFrom = state.versions.length - KEEP_LATEST_VERSIONS
  const kept = state.versions.filter(
    (version, position) =>
      position === 0 ||
      position >= keepFrom ||
      version.introducedBy > evictedUpTo ||
      version.seenBy.length > 0 ||
      named.has(version.index)
  )
  state.droppedVersions += state.versions.length - kept.length
  state.versions = kept
  state.compactAt = kept.length + KEEP_LATEST_VERSIONS
}

/** The version with this index (versions are sorted by index, possibly with gaps). */
export function versionWithIndex<V extends { readonly index: number }>(
  versions: readonly V[],
  index: number
): V | undefined {
  let low = 0
  let high = versions.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const candidate = versions[middle]
    if (candidate.index === index) return candidate
    if (candidate.index < index) low = middle + 1
    else high = middle - 1
  }
  return undefined
}
