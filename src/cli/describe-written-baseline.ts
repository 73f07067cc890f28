/**
 * What `--write-baseline` tells on stderr: how many entries it wrote and, rewriting a `--baseline`,
 * which of that one's entries it dropped because no finding matched them, so a pruned line is seen
 * before the file is committed.
 */
import { baselineKey, type Baseline, type BaselineEntry } from "../core/report/baseline"
import { endpointLabel } from "../core/report/audit-report"
import { plural } from "../core/plural"

/** Dropped entries named one a line, this many at most. */
export const DROPPED_SHOWN = 10

/** Entries of `previous` that `written` no longer has, in `previous`'s order. */
export function droppedEntries(previous: Baseline, written: Baseline): BaselineEntry[] {
  const kept = new Set(written.entries.map(baselineKey))
  return previous.entries.filter((entry) => !kept.has(baselineKey(entry)))
}

/** Lines for stderr; `previous` is the `--baseline` rewritten, if any. */
export function describeWrittenBaseline(path: string, written: Baseline, previous?: Baseline): string {
  const wrote = `etag-audit: --write-baseline ${path}: wrote ${plural(written.entries.length, "entry", "entries")}`
  const dropped = previous === undefined ? [] : droppedEntries(previous, written)
  if (dropped.length === 0) return `${wrote}\n`
  const lines = [
    `${wrote}; dropped ${dropped.length} that no finding matched (fixed, or not in these captures):`,
    ...dropped.slice(0, DROPPED_SHOWN).map((entry) => `  ${entry.ruleId}  ${endpointLabel(entry.endpoint)}`)
  ]
  if (dropped.length > DROPPED_SHOWN) lines.push(`  … and ${dropped.length - DROPPED_SHOWN} more`)
  return `${lines.join("\n")}\n`
}
