/**
 * One audit run: read every HAR file, feed one engine with all entries in startedDateTime order,
 * and build the report. The engine, the rule catalogue and the lineage printer are injected, so
 * tests can drive this with the real core or a hand-made one.
 */
import { dirname, resolve } from "node:path"
import type { Engine, EngineRetention, EngineSnapshot } from "../core/engine"
import type { EngineOptions, Finding, ResourceLineage } from "../core/model"
import { resourceUsers } from "../core/lineage/resource-users"
import {
  buildAuditReport,
  type AuditReport,
  type FileReport,
  type ProblemReport,
  type RuleInfo
} from "../core/report/audit-report"
import { appendAll } from "../core/report/append-all"
import { baselineOf, type Baseline } from "../core/report/baseline"
import { inlineAttachedBodies } from "./attached-bodies"
import { EvidenceLog } from "./evidence-log"
import { createDuplicateEntryCheck } from "../core/har/duplicate-entries"
import { sortByStartTime } from "../core/har/start-time"
import { isApiTraffic } from "../core/traffic/exchange-kind"
import { andList } from "../core/list-text"
import { plural } from "../core/plural"
import { mergeByStartTime } from "./merge-by-time"
import type { Progress } from "./progress"
import {
  harFileSize,
  readAllHarEntries,
  readHarEntries,
  STDIN_ARGUMENT,
  STDIN_NAME,
  type HarSourceEntry,
  type InputProblem,
  type ReadHarOptions
} from "./read-har-file"
import type { AuditSettings } from "./settings"

export interface AuditDependencies {
  readonly version: string
  readonly createEngine: (options: Partial<EngineOptions>, retention: EngineRetention) => Engine
  readonly rules: readonly RuleInfo[]
  readonly printLineage: (
    resource: ResourceLineage,
    findings: readonly Finding[],
    users?: ReadonlyMap<number, string>
  ) => string
  readonly progress: Progress
  /** Standard input, read for the input `-` (named <stdin> in the report). */
  readonly stdin: AsyncIterable<Buffer>
  /** Called for each input problem as it is found (the CLI prints them on stderr). */
  readonly onProblem?: (problem: ProblemReport) => void
}

export interface AuditOutcome {
  readonly report: AuditReport
  /** 2 when some input was unusable, else 1 when a finding fails the threshold, else 0. */
  readonly exitCode: 0 | 1 | 2
  /** The engine's final model (for --export-tests). */
  readonly snapshot: EngineSnapshot
  /** The baseline the findings were judged by: `--baseline`'s, or with `--write-baseline` the one to write. */
  readonly baseline?: BaselineSource
}

export interface BaselineSource {
  readonly path: string
  readonly baseline: Baseline
}

/** `known`: the `--baseline` file, read by the caller before the audit starts. */
export async function runAudit(
  settings: AuditSettings,
  deps: AuditDependencies,
  known?: BaselineSource
): Promise<AuditOutcome> {
  const problems: ProblemReport[] = []
  // A file named twice (`a.har` and a glob that matched it too) is read once: its counts are kept
  // per path, and --stream, which does not drop repeated entries, would see each write twice.
  // Standard input is named <stdin> (the settings refuse `-` twice); no path resolves to that name.
  const timesGiven = new Map<string, { file: string; times: number }>()
  for (const given of settings.files) {
    const [key, file] = given === STDIN_ARGUMENT ? [STDIN_NAME, STDIN_NAME] : [resolve(given), given]
    const seen = timesGiven.get(key)
    if (seen) seen.times++
    else timesGiven.set(key, { file, times: 1 })
  }
  const paths = [...timesGiven.values()].map(({ file }) => file)
  const isStdin = (file: string): boolean => file === STDIN_NAME && timesGiven.has(STDIN_NAME)
  const fileStats = new Map(paths.map((file) => [file, { entries: 0, skipped: 0, usable: true }]))
  const report = (problem: InputProblem): void => {
    problems.push(problem)
    const stats = fileStats.get(problem.file)
    if (stats && problem.fatal) stats.usable = false
    if (stats && problem.entryIndex !== undefined) stats.skipped++
    deps.onProblem?.(problem)
  }

  for (const { file, times } of timesGiven.values())
    if (times > 1) report({ file, message: `given ${times} times: read once`, fatal: false })

  // Standard input's size is not known before it is read: progress counts the files only.
  const sizes = await Promise.all(
    paths.map(async (file) => (isStdin(file) ? 0 : ((await harFileSize(file, () => {})) ?? 0)))
  )
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0)
  const bytesByFile = paths.map(() => 0)
  const readOptions = (file: string, fileIndex: number): ReadHarOptions => ({
    stream: settings.stream,
    input: isStdin(file) ? deps.stdin : undefined,
    onProblem: (problem) => {
      // An entry the reader could not use still counts as an entry of its file.
      const stats = fileStats.get(file)
      if (stats && problem.entryIndex !== undefined) stats.entries++
      report(problem)
    },
    onBytesRead: (bytesRead) => {
      bytesByFile[fileIndex] = bytesRead
      deps.progress.update(
        "reading",
        bytesByFile.reduce((sum, bytes) => sum + bytes, 0),
        totalBytes
      )
    }
  })

  // The report needs lineage, policies and findings, plus the evidence log below; exchanges
  // themselves only for --export-tests. Not keeping them spares memory and garbage collection.
  const engine = deps.createEngine(settings.engineOptions, {
    keepExchanges: settings.exportTests !== undefined
  })
  const evidence = new EvidenceLog()
  let rpcCallCount = 0
  let apiExchangeCount = 0
  // Several files may overlap (two exports of one session): an entry repeated is read once. Not
  // with --stream, which keeps no entry once read (this check keeps each to compare).
  const repeats = paths.length > 1 && !settings.stream ? createDuplicateEntryCheck() : undefined
  const repeatCounts = new Map<string, { count: number; of: Set<string> }>()
  const unreadAttached = new Map<string, number>()
  const ingest = (item: HarSourceEntry): void => {
    // Bodies kept beside the HAR (Playwright's `content: "attach"`): read before the repeat check,
    // which compares bodies. Standard input has no folder to look in.
    const folder = isStdin(item.file) ? undefined : dirname(item.file)
    const unread = inlineAttachedBodies(item.entry, folder, engine.options.maxBodyBytes)
    if (unread > 0) unreadAttached.set(item.file, (unreadAttached.get(item.file) ?? 0) + unread)
    const repeated = repeats?.(item.entry, item)
    if (repeated !== undefined) {
      const counted = repeatCounts.get(item.file) ?? { count: 0, of: new Set<string>() }
      counted.count++
      counted.of.add(repeated.file)
      repeatCounts.set(item.file, counted)
      return
    }
    const stats = fileStats.get(item.file)
    if (stats) stats.entries++
    const result = engine.ingestHarEntry(item.entry, "import")
    if ("skipped" in result) {
      const url = result.skipped.url ? ` (${result.skipped.url})` : ""
      report({
        file: item.file,
        entryIndex: item.index,
        message: `skipped: ${result.skipped.reason}${url}`,
        fatal: false
      })
      return
    }
    evidence.add(result.exchange, item.file, item.index)
    if (result.exchange.kind === "rpc") rpcCallCount++
    if (isApiTraffic(result.exchange.kind)) apiExchangeCount++
    // An OData batch's operations: the evidence points at the batch's entry.
    for (const part of result.parts ?? []) {
      evidence.add(part.exchange, item.file, item.index)
      if (isApiTraffic(part.exchange.kind)) apiExchangeCount++
    }
  }

  if (settings.stream) {
    const sources = paths.map((file, index) => readHarEntries(file, readOptions(file, index)))
    const merged = mergeByStartTime(sources, (file, index) =>
      report({
        file,
        message: `entries are not in startedDateTime order (first at entry ${index}); --stream keeps the file's order`,
        fatal: false
      })
    )
    for await (const item of merged) ingest(item)
  } else {
    const all: HarSourceEntry[] = []
    for (const [index, file] of paths.entries())
      appendAll(all, await readAllHarEntries(file, readOptions(file, index)))
    const sorted: (HarSourceEntry | undefined)[] = sortByStartTime(all)
    for (let i = 0; i < sorted.length; i++) {
      ingest(sorted[i] as HarSourceEntry)
      sorted[i] = undefined // the engine keeps what it needs; let the parsed entry go
      if (i % 5000 === 0) deps.progress.update("analysing", i, sorted.length)
    }
  }
  deps.progress.finish()
  for (const [file, { count, of }] of repeatCounts) {
    const stats = fileStats.get(file)
    if (stats) {
      stats.entries += count
      stats.skipped += count
    }
    report({
      file,
      message: `${plural(count, "entry", "entries")} repeating entries of ${andList([...of])} (the same start, request and answer): read once`,
      fatal: false
    })
  }

  for (const [file, count] of unreadAttached) {
    const where = isStdin(file)
      ? "standard input has no folder to find them in: give the HAR's path instead"
      : "not found beside the HAR"
    report({
      file,
      message: `${plural(count, "body", "bodies")} kept in files of their own (Playwright's content: "attach") not read: ${where}; a version such a body holds is not seen`,
      fatal: false
    })
  }

  const snapshot: EngineSnapshot = engine.snapshot()
  const files: FileReport[] = paths.map((path) => {
    const stats = fileStats.get(path) ?? { entries: 0, skipped: 0, usable: false }
    return { path, entries: stats.entries, skippedEntries: stats.skipped, usable: stats.usable }
  })
  // --write-baseline judges the run by the baseline it writes (an update of `known`, if given):
  // every finding is then known.
  const baseline =
    settings.writeBaselinePath === undefined
      ? known
      : { path: settings.writeBaselinePath, baseline: baselineOf(snapshot.findings, known?.baseline) }
  // Who sent which exchange, for the lineage text: one directory for every resource. A user is
  // named (a JWT subject, a Basic user-id) only with secrets included, as the panel's report does.
  const users = evidence.userDirectory(!settings.includeSecrets, snapshot.renewedSessions)
  const auditReport = buildAuditReport({
    version: deps.version,
    snapshot,
    exchangeCount: evidence.size,
    rpcCallCount,
    apiExchangeCount,
    rules: deps.rules,
    evidence,
    files,
    problems,
    failOn: settings.failOn,
    isFailing: settings.isFailing,
    renderLineage: settings.lineage
      ? (resource, findings) => deps.printLineage(resource, findings, resourceUsers(resource, users))
      : undefined,
    includeSecrets: settings.includeSecrets,
    baseline
  })
  const exitCode = files.some((file) => !file.usable) ? 2 : auditReport.summary.failingFindings > 0 ? 1 : 0
  return { report: auditReport, exitCode, snapshot, baseline }
}
