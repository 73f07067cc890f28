/** The notice after a HAR import: how many entries were loaded, and each problem with its file and entry. */
import type { IngestResult } from "../core/engine"
import { startedMsOf } from "../core/har/start-time"
import type { Exchange } from "../core/model"
import type { Notice } from "./panel-state"
import { plural } from "../core/plural"

/** Problems listed in the notice; the rest are counted ("… and 12 more"). */
const LISTED_PROBLEMS = 3

/**
 * `log.entries[4]: entry has no response` for every entry the engine could not use; `locate` names
 * the entry at a position of the import (`bob.har log.entries[4]` for one of several files).
 */
export function skippedEntryProblems(
  results: readonly IngestResult[],
  locate: (position: number) => string = (position) => `log.entries[${position}]`
): string[] {
  return results.flatMap((result, position) =>
    "skipped" in result ? [`${locate(position)}: ${result.skipped.reason}`] : []
  )
}

/**
 * How many exchanges already captured started after the earliest of the entries an import adds,
 * when the two overlap in time. The engine judges arrival order, so those are read as earlier than
 * the imported entries they follow: a live capture of one browser and another browser's HAR of the
 * same session, imported into it, tell a wrong story. A capture of another time (yesterday's file)
 * does not overlap, and several files imported together (or after Clear) are merged by start time.
 */
export function capturedAfterImport(captured: readonly Exchange[], entries: readonly unknown[]): number {
  if (captured.length === 0) return 0
  let earliest = Number.POSITIVE_INFINITY
  let latest = Number.NEGATIVE_INFINITY
  for (const entry of entries) {
    const started = startedMsOf(entry, Number.NaN)
    if (Number.isNaN(started)) continue
    earliest = Math.min(earliest, started)
    latest = Math.max(latest, started)
  }
  let capturedEarliest = Number.POSITIVE_INFINITY
  let later = 0
  for (const exchange of captured) {
    const started = Date.parse(exchange.startedAt)
    if (Number.isNaN(started)) continue
    capturedEarliest = Math.min(capturedEarliest, started)
    if (started > earliest) later++
  }
  return latest >= capturedEarliest ? later : 0
}

export function importNotice(
  fileName: string,
  loaded: number,
  problems: readonly string[],
  capturedLater = 0
): Notice {
  // HarFormatError messages already start with the file name.
  const described = problems.map((problem) =>
    problem.startsWith(`${fileName}: `) ? problem.slice(fileName.length + 2) : problem
  )
  const listed = described.slice(0, LISTED_PROBLEMS).join("; ")
  const more = described.length > LISTED_PROBLEMS ? `; … and ${described.length - LISTED_PROBLEMS} more` : ""
  if (loaded === 0 && described.length > 0)
    return { kind: "error", text: `Could not import ${fileName}: ${listed}${more}` }
  const interleaved = capturedLater > 0 && loaded > 0
  const order = interleaved
    ? ` · ${plural(capturedLater, "exchange")} captured before started later, yet ${capturedLater === 1 ? "is" : "are"} ` +
      "judged first (arrival order): Merge by start time to judge the capture as one timeline"
    : ""
  const offer = interleaved ? ({ offer: "merge-by-start-time" } as const) : {}
  const summary = `Imported ${plural(loaded, "entry", "entries")} from ${fileName}${order}`
  if (described.length === 0) return { kind: "info", text: summary, ...offer }
  return {
    kind: "info",
    text: `${summary} · ${plural(described.length, "problem")}: ${listed}${more}`,
    ...offer
  }
}

/**
 * `Importing 12,000 / 50,000 entries from big.har…` while a batched import runs; `Merging 2,000 /
 * 6,000 entries by start time…` while a merge reads the capture again.
 */
export function importProgressNotice(
  progress: { fileName: string; done: number; total: number },
  merging = false
): Notice {
  const count = (value: number) => value.toLocaleString("en-US")
  const done = `${count(progress.done)} / ${count(progress.total)} entries`
  return {
    kind: "info",
    text: merging ? `Merging ${done} by start time…` : `Importing ${done} from ${progress.fileName}…`
  }
}

/**
 * An import (`Import of big.har`) or a merge (`Merge by start time`) that Clear, or a page navigation
 * without Preserve log, stopped: none of it stays.
 */
export function stoppedByClearNotice(what: string): Notice {
  return { kind: "info", text: `${what} stopped: the capture was cleared` }
}

/** A merge by start time that did not complete: the capture was left as it was. */
export function mergeStoppedNotice(ending: "cancelled" | Error): Notice {
  if (ending instanceof Error)
    return { kind: "error", text: `Merge by start time failed: ${ending.message} · nothing changed` }
  return { kind: "info", text: "Merge by start time cancelled: nothing changed" }
}

/** The notice once a batched import ends: the summary, a cancellation, or the failure. */
export function importEndNotice(
  fileName: string,
  ending: "complete" | "cancelled" | Error,
  loaded: number,
  total: number,
  problems: readonly string[],
  capturedLater = 0
): Notice {
  if (ending instanceof Error)
    return { kind: "error", text: `Import of ${fileName} failed: ${ending.message}` }
  if (ending === "cancelled") {
    const count = (value: number) => value.toLocaleString("en-US")
    return {
      kind: "info",
      text: `Import of ${fileName} cancelled: ${count(loaded)} of ${count(total)} entries imported`
    }
  }
  return importNotice(fileName, loaded, problems, capturedLater)
}
