/**
 * Command line (node:util parseArgs) + config file → the settings of one audit run.
 * Throws UsageError for anything the user must fix; the caller prints it and exits 2.
 */
import { parseArgs } from "node:util"
import { API_PRESETS, findApiPreset, namesNotIn, withApiPreset } from "../core/api-presets"
import type { EngineOptions } from "../core/model"
import { DEFAULT_ENGINE_OPTIONS } from "../core/model"
import type { AuditConfig } from "./config"
import { parseFailOn, type FindingPredicate } from "./fail-on"
import { STDIN_ARGUMENT } from "./read-har-file"
import { splitList } from "./split-list"

export type OutputFormat = "text" | "json" | "markdown" | "junit" | "github"

export interface AuditSettings {
  readonly files: readonly string[]
  readonly format: OutputFormat
  readonly stream: boolean
  /** Colour in text output: forced on/off, or undefined to follow the TTY. */
  readonly color: boolean | undefined
  readonly quiet: boolean
  readonly output: string | undefined
  readonly lineage: boolean
  readonly includeSecrets: boolean
  /** Directory for regression tests of resources with a lost update or missing precondition (docs/export.md). */
  readonly exportTests: string | undefined
  readonly engineOptions: Partial<EngineOptions>
  readonly failOn: readonly string[]
  readonly isFailing: FindingPredicate
  /** `--baseline`: findings it knows do not fail the run. */
  readonly baselinePath: string | undefined
  /** `--write-baseline`: write this run's findings there (and judge the run by them). */
  readonly writeBaselinePath: string | undefined
  /** Settings that are no error but likely not what was meant (the CLI prints them on stderr). */
  readonly warnings: readonly string[]
}

export class UsageError extends Error {}

/** The CLI's default: keep every exchange of a capture (the panel keeps 20,000). */
export const CLI_MAX_EXCHANGES = 10_000_000

const OPTIONS = {
  json: { type: "boolean" },
  markdown: { type: "boolean" },
  junit: { type: "boolean" },
  github: { type: "boolean" },
  rules: { type: "string", multiple: true },
  disable: { type: "string", multiple: true },
  "fail-on": { type: "string", multiple: true },
  "body-tag-field": { type: "string", multiple: true },
  "query-version-param": { type: "string", multiple: true },
  "identity-query-param": { type: "string", multiple: true },
  "version-header": { type: "string", multiple: true },
  "next-version-field": { type: "string", multiple: true },
  api: { type: "string", multiple: true },
  "max-exchanges": { type: "string" },
  "no-lineage": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  output: { type: "string", short: "o" },
  config: { type: "string", short: "c" },
  stream: { type: "boolean" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  "include-secrets": { type: "boolean" },
  "export-tests": { type: "string" },
  baseline: { type: "string" },
  "write-baseline": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" }
} as const

export type ParsedArgs = ReturnType<typeof parseCommandLine>

export function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/**
 * Wants the config file's path before settings can be resolved. An empty one (`--config "$UNSET"`)
 * is a usage error: read as "none given", the default files were searched instead.
 */
export function configPathOf(args: ParsedArgs): string | undefined {
  const path = args.values.config
  if (path !== undefined && path.trim() === "") throw new UsageError("--config: no file given")
  return path
}

export function resolveSettings(
  args: ParsedArgs,
  config: AuditConfig,
  knownRuleIds: ReadonlySet<string>
): AuditSettings {
  const { values, positionals } = args
  if (positionals.length === 0) throw new UsageError("no HAR file given (try --help)")
  if (positionals.filter((file) => file === STDIN_ARGUMENT).length > 1)
    throw new UsageError(`${STDIN_ARGUMENT} (standard input) is given more than once: it can be read once`)
  const formats = (["json", "markdown", "junit", "github"] as const).filter((format) => values[format])
  if (formats.length > 1)
    throw new UsageError(`${formats.map((format) => `--${format}`).join(" and ")} cannot be combined`)

  const checkRuleIds = (ids: readonly string[], option: string): readonly string[] => {
    const unknown = ids.filter((id) => !knownRuleIds.has(id))
    if (unknown.length > 0) {
      throw new UsageError(
        `${option}: unknown rule id ${unknown.join(", ")} (known: ${[...knownRuleIds].join(", ")})`
      )
    }
    return ids
  }
  const named = values.rules ? listGiven(values.rules, "--rules", "no rule id given") : undefined
  const only = named ?? config.rules
  // Each switched-off rule with what switched it off, to explain a --fail-on that names it.
  const disabled = new Map<string, string[]>()
  const disable = (id: string, why: string): void => {
    disabled.set(id, [...(disabled.get(id) ?? []), why])
  }
  // A rule --rules names runs even when the config disables it: the command line wins.
  for (const id of checkRuleIds(config.disabledRules ?? [], '"disabledRules"'))
    if (!named?.includes(id)) disable(id, 'switched off by the config\'s "disabledRules"')
  for (const id of checkRuleIds(splitList(values.disable), "--disable"))
    disable(id, "switched off by --disable")
  if (only) {
    // Name where the list came from: the command line, or the config file's key.
    const from = named ? "--rules" : '"rules"'
    const onlySet = new Set(checkRuleIds(only, from))
    for (const id of knownRuleIds)
      if (!onlySet.has(id)) disable(id, named ? "left out by --rules" : 'left out by the config\'s "rules"')
  }

  const failOn = values["fail-on"]
    ? listGiven(values["fail-on"], "--fail-on", "no severity or rule id given ('none' never fails)")
    : (config.failOn ?? ["error"])
  const failOnOption = values["fail-on"] ? "--fail-on" : '"failOn"'
  let isFailing: FindingPredicate
  try {
    isFailing = parseFailOn(failOn, knownRuleIds, failOnOption)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  // Not an error (a shared config may list rules a run switches off), but it can never fail the run.
  const failOnLabel = values["fail-on"] ? "--fail-on" : 'the config\'s "failOn"'
  const warnings = [...new Set(failOn)].flatMap((item) => {
    const why = disabled.get(item)
    return why === undefined
      ? []
      : [`${failOnLabel} names ${item}, which can never fail the run: the rule is ${why.join(" and ")}`]
  })

  return {
    files: positionals,
    format: formats[0] ?? "text",
    stream: values.stream ?? false,
    color: values["no-color"] ? false : values.color ? true : undefined,
    quiet: values.quiet ?? false,
    output: values.output,
    lineage: !values["no-lineage"],
    includeSecrets: values["include-secrets"] ?? false,
    exportTests: values["export-tests"],
    engineOptions: engineOptionsOf(values, config, [...disabled.keys()]),
    failOn,
    isFailing,
    baselinePath: values.baseline ?? config.baseline,
    writeBaselinePath: values["write-baseline"],
    warnings
  }
}

/** An option's items; none (`--fail-on ""`, an unset CI variable) is a usage error, not "nothing". */
function listGiven(values: readonly string[], option: string, problem: string): string[] {
  const items = splitList(values)
  if (items.length === 0) throw new UsageError(`${option}: ${problem}`)
  return items
}

function engineOptionsOf(
  values: ParsedArgs["values"],
  config: AuditConfig,
  disabledRules: string[]
): Partial<EngineOptions> {
  const maxText = values["max-exchanges"]
  // Digits only: Number() would also read `1e3`, `0x10` or `1.0`.
  const maxExchanges =
    maxText === undefined
      ? (config.maxExchanges ?? CLI_MAX_EXCHANGES)
      : /^\d{1,15}$/.test(maxText.trim())
        ? Number(maxText.trim())
        : Number.NaN
  if (!Number.isInteger(maxExchanges) || maxExchanges <= 0) {
    throw new UsageError(`--max-exchanges: '${maxText}' is not a positive integer`)
  }
  const baseFields = config.bodyTagFields ?? DEFAULT_ENGINE_OPTIONS.bodyTagFields
  const baseParams = config.queryVersionParams ?? DEFAULT_ENGINE_OPTIONS.queryVersionParams
  const baseHeaders = config.versionHeaders ?? DEFAULT_ENGINE_OPTIONS.versionHeaders
  const baseNext = config.nextVersionFields ?? DEFAULT_ENGINE_OPTIONS.nextVersionFields
  const nextVersionFields = [...baseNext, ...namesNotIn(baseNext, splitList(values["next-version-field"]))]
  // A next-version field shows the version in answers too: it is a body tag field as well.
  const fields = [...splitList(values["body-tag-field"]), ...nextVersionFields]
  const named = {
    // Fields named on the command line are looked up first; parameters and headers in any order.
    bodyTagFields: [...new Set([...namesNotIn(baseFields, fields), ...baseFields])],
    queryVersionParams: [...baseParams, ...namesNotIn(baseParams, splitList(values["query-version-param"]))],
    versionHeaders: [...baseHeaders, ...namesNotIn(baseHeaders, splitList(values["version-header"]), true)],
    nextVersionFields
  }
  const known = API_PRESETS.map((preset) => preset.id).join(", ")
  const presets = [
    ...(config.apis ?? []).map((id) => ({ id, option: '"apis"' })),
    ...splitList(values.api).map((id) => ({ id, option: "--api" }))
  ]
  const places = presets.reduce((current, { id, option }) => {
    const preset = findApiPreset(id)
    if (preset === undefined) throw new UsageError(`${option}: unknown API '${id}' (known: ${known})`)
    return withApiPreset(current, preset)
  }, named)
  return {
    ...places,
    ...identityQueryParamsOf(values, config),
    ...(config.policyOverrides ? { policyOverrides: config.policyOverrides } : {}),
    maxExchanges,
    disabledRules
  }
}

/** `--identity-query-param` added to the config's list; `*` (or the config's "all") keeps every one. */
function identityQueryParamsOf(
  values: ParsedArgs["values"],
  config: AuditConfig
): Pick<EngineOptions, "identityQueryParams"> | Record<string, never> {
  const named = splitList(values["identity-query-param"])
  const base = config.identityQueryParams
  if (base === "all" || named.includes("*")) return { identityQueryParams: "all" }
  if (named.length === 0) return base === undefined ? {} : { identityQueryParams: base }
  const kept = base ?? []
  return { identityQueryParams: [...kept, ...namesNotIn(kept, named)] }
}

export const HELP_TEXT = `etag-audit — check HAR captures for HTTP concurrency mistakes (lost updates, missing If-Match, …)

Usage: etag-audit [options] <file.har> [more.har …]
       gunzip -c capture.har.gz | etag-audit [options] - [more.har …]

Output
  --json                 machine-readable report (schemaVersion 1, see docs/cli.md)
  --markdown             report for a pull-request comment
  --junit                JUnit XML: a test suite per rule, a test case per finding (CI test reports)
  --github               GitHub Actions annotations: one per rule and endpoint, then the verdict
  -o, --output <file>    write the report to a file instead of stdout
  --no-lineage           leave out each resource's lineage text
  --color / --no-color   force colour on or off (default: on when stdout is a terminal)
  -q, --quiet            text: findings and the summary only; no progress or warnings on stderr
  --include-secrets      keep credentials and signed-URL values in URLs, and name users by their
                         JWT subject or Basic user-id (redacted, users by letter, by default)
  --export-tests <dir>   write a regression test (Node, Playwright, curl) for every resource with a
                         lost update or a missing precondition (see docs/export.md)

Checks
  --rules <a,b>          run only these rules
  --disable <a,b>        switch these rules off
  --fail-on <list>       exit 1 when a finding is at or above a severity (error|warning|info),
                         or of one of the given rule ids; 'none', alone, never fails (default: error)
  --body-tag-field <f>   also look for the entity tag in this JSON body field (repeatable)
  --query-version-param <p>
                         also read the version a write is based on from this query parameter
                         (repeatable; default: rev, as CouchDB sends it)
  --identity-query-param <p>
                         a query parameter that names the resource (/document?id=7: id), kept in
                         its identity (repeatable; '*': every one; default: none, a query is a
                         view of its path)
  --version-header <h>   read the version from this request or response header instead of
                         If-Match/ETag (repeatable; Contentful: X-Contentful-Version)
  --next-version-field <f>
                         a JSON body field in which a write sends the version it will make,
                         the one it is based on plus one (repeatable; Confluence: version.number);
                         also read as a body tag field
  --api <id>             where a known API keeps its version, added to the options above
                         (repeatable): ${API_PRESETS.map((preset) => preset.id).join(", ")}
  --max-exchanges <n>    keep at most n exchanges in memory (findings are kept)
  --baseline <file>      findings this baseline knows (same rule, same endpoint) are listed but
                         never fail; its entries no finding matched are named (see docs/cli.md)
  --write-baseline <f>   write this run's findings as a baseline (the run then passes); with
                         --baseline, update that one: entries still matched are kept as written,
                         the others dropped and named on stderr
  -c, --config <file>    config file (default: ./etag-audit.config.json or ./.etag-auditrc.json)

Input
  -                      read a HAR from standard input (named <stdin> in the report), once
  --stream               read entries one at a time (automatic for files of 400 MB and more)

  -h, --help, -v, --version

Exit codes: 0 no failing finding · 1 findings at or above --fail-on · 2 unusable input or usage error
`
