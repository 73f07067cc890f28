/**
 * etag-audit: the ETag Lens engine over HAR files, for CI.
 *   etag-audit [options] capture.har [more.har …]   (see --help and docs/cli.md)
 * Wires the command line, the config file, the core engine and an output format together.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { createEngine } from "../core/engine"
import { allRules } from "../core/findings"
import { printLineage } from "../core/lineage/print-lineage"
import { ConfigError, loadConfig } from "./config"
import { formatJson } from "./format-json"
import { formatGithub } from "../core/report/format-github"
import { formatJunit } from "../core/report/format-junit"
import { formatMarkdown } from "../core/report/format-markdown"
import { BaselineFormatError, formatBaseline, parseBaseline, type Baseline } from "../core/report/baseline"
import { auditVerdict, NOTHING_AUDITED } from "../core/report/audit-report"
import { plural } from "../core/plural"
import { formatText, problemText } from "./format-text"
import { describeWrittenBaseline } from "./describe-written-baseline"
import { createProgress } from "./progress"
import { runAudit } from "./run-audit"
import {
  configPathOf,
  HELP_TEXT,
  parseCommandLine,
  resolveSettings,
  UsageError,
  type AuditSettings
} from "./settings"
import { describeWrittenTests, writeScenarioTests } from "./write-scenario-tests"

function packageVersion(): string {
  try {
    // Same relative place from src/cli/ (tsx) and from dist/cli/ (the bundle).
    const json: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))
    const version = (json as { version?: unknown }).version
    return typeof version === "string" ? version : "unknown"
  } catch {
    return "unknown"
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCommandLine(argv)
  if (args.values.help) {
    process.stdout.write(HELP_TEXT)
    return 0
  }
  const version = packageVersion()
  if (args.values.version) {
    process.stdout.write(`${version}\n`)
    return 0
  }
  const { config } = await loadConfig(configPathOf(args), process.cwd())
  const settings = resolveSettings(args, config, new Set(allRules.map((rule) => rule.id)))
  if (!settings.quiet)
    for (const warning of settings.warnings) process.stderr.write(`etag-audit: warning: ${warning}\n`)
  const textToTerminal = settings.format === "text" && settings.output === undefined
  // Rewriting, the baseline read is the one to update (its hand-written patterns kept); none yet is fine.
  const known = readBaseline(settings.baselinePath, {
    missingIsEmpty: settings.writeBaselinePath !== undefined
  })
  const { report, exitCode, snapshot, baseline } = await runAudit(
    settings,
    {
      version,
      createEngine,
      rules: allRules,
      printLineage,
      progress: createProgress(process.stderr, Boolean(process.stderr.isTTY) && !settings.quiet),
      stdin: process.stdin,
      // The text report lists problems itself; other formats go to machines, so tell the human on stderr.
      onProblem: (problem) => {
        if (!settings.quiet && !textToTerminal) process.stderr.write(`etag-audit: ${problemText(problem)}\n`)
      }
    },
    known
  )
  if (settings.writeBaselinePath !== undefined && baseline !== undefined) {
    // An input not read in full (a glob that matched nothing, a truncated file) would drop the
    // entries of what it did not show: keep the file as it is.
    if (exitCode === 2)
      process.stderr.write(
        `etag-audit: --write-baseline ${settings.writeBaselinePath}: not written, an input was not read in full\n`
      )
    else {
      writeFileOrExplain(
        settings.writeBaselinePath,
        formatBaseline(baseline.baseline),
        "--write-baseline",
        "the baseline"
      )
      if (!settings.quiet)
        process.stderr.write(
          describeWrittenBaseline(settings.writeBaselinePath, baseline.baseline, known?.baseline)
        )
    }
  }
  await writeReport(render(report, settings), settings.output)
  // Exit 0 as documented, but a capture with no API call is most likely a broken recording step.
  if (auditVerdict(report).kind === "nothing-audited" && !settings.quiet)
    process.stderr.write(
      `etag-audit: warning: ${NOTHING_AUDITED} (${plural(report.summary.exchanges, "exchange")} read, none of them API traffic: pages, assets, preflights, cache hits and 304s are not audited); check that the capture recorded the API calls\n`
    )
  if (settings.exportTests !== undefined) {
    const written = await writeScenarioTests(snapshot, settings.exportTests, settings.engineOptions).catch(
      (error: unknown) => {
        throw new UsageError((error as Error).message)
      }
    )
    if (!settings.quiet) process.stderr.write(describeWrittenTests(settings.exportTests, written))
  }
  return exitCode
}

function render(report: Parameters<typeof formatJson>[0], settings: AuditSettings): string {
  if (settings.format === "json") return formatJson(report)
  if (settings.format === "markdown") return formatMarkdown(report)
  if (settings.format === "github") return formatGithub(report)
  if (settings.format === "junit") {
    const disabled = new Set(settings.engineOptions.disabledRules)
    return formatJunit(
      report,
      allRules.filter((rule) => !disabled.has(rule.id))
    )
  }
  const color = settings.color ?? (settings.output === undefined && Boolean(process.stdout.isTTY))
  return formatText(report, { color, quiet: settings.quiet })
}

/** Reads and checks the `--baseline` file before the audit starts: a bad one is exit 2 at once. */
function readBaseline(
  path: string | undefined,
  { missingIsEmpty }: { missingIsEmpty: boolean }
): { path: string; baseline: Baseline } | undefined {
  if (path === undefined) return undefined
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (error) {
    if (missingIsEmpty && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw new UsageError(`--baseline ${path}: cannot read it (${(error as Error).message})`)
  }
  try {
    return { path, baseline: parseBaseline(text) }
  } catch (error) {
    if (error instanceof BaselineFormatError) throw new UsageError(`--baseline ${path}: ${error.message}`)
    throw error
  }
}

async function writeReport(text: string, output: string | undefined): Promise<void> {
  if (output === undefined) {
    // A reader that stops early (`| head`) closes the pipe: the verdict and its exit code still
    // stand; without a listener the EPIPE was a crash with a stack trace and exit 1.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error
    })
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()))
    return
  }
  writeFileOrExplain(output, text, "--output", "the report")
}

function writeFileOrExplain(path: string, text: string, option: string, what: string): void {
  try {
    writeFileSync(path, text) // one synchronous write: faster than the async chunks, nothing else runs
  } catch (error) {
    throw new UsageError(`${option} ${path}: cannot write ${what} (${(error as Error).message})`)
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // The report is written (awaited above); once stderr is flushed too, exit now rather than wait
    // for the runtime to tear down a heap of hundreds of MB.
    process.stderr.write("", () => process.exit(code))
  },
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ConfigError
    process.stderr.write(
      `etag-audit: ${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`
    )
    process.exitCode = 2
  }
)
