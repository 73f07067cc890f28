/** The notice after a HAR import: how many entries were loaded, and each problem with its file and entry. */
import type { IngestResult } from "../core/engine"
import type { Notice } from "./panel-state"

/** Problems listed in the notice; the rest are counted ("… and 12 more"). */
const LISTED_PROBLEMS = 3

/** `log.entries[4]: entry has no response` for every entry the engine could not use. */
export function skippedEntryProblems(results: readonly IngestResult[]): string[] {
  return results.flatMap((result, position) =>
    "skipped" in result ? [`log.entries[${position}]: ${result.skipped.reason}`] : []
  )
}

export function importNotice(fileName: string, loaded: number, problems: readonly string[]): Notice {
  // HarFormatError messages already start with the file name.
  const described = problems.map((problem) =>
    problem.startsWith(`${fileName}: `) ? problem.slice(fileName.length + 2) : problem
  )
  const listed = described.slice(0, LISTED_PROBLEMS).join("; ")
  const more = described.length > LISTED_PROBLEMS ? `; … and ${described.length - LISTED_PROBLEMS} more` : ""
  if (loaded === 0 && described.length > 0)
    return { kind: "error", text: `Could not import ${fileName}: ${listed}${more}` }
  const summary = `Imported ${loaded} entries from ${fileName}`
  if (described.length === 0) return { kind: "info", text: summary }
  return { kind: "info", text: `${summary} · ${described.length} problem(s): ${listed}${more}` }
}
