/** Human-readable report: servers, resources with lineage, findings with evidence and fixes. */
import { createColors } from "picocolors"
import { SEVERITY_MARK } from "../core/model"
import { PROTECTION_MARK } from "../core/policy/protection"
import {
  contextMark,
  EVIDENCE_SHOWN,
  auditVerdict,
  evidenceText,
  endpointLabel,
  baselineView,
  rpcCallsNote,
  type AuditReport,
  type FindingReport,
  type ProblemReport
} from "../core/report/audit-report"
import { appendAll } from "../core/report/append-all"
import { plural } from "../core/plural"

export interface TextOptions {
  readonly color: boolean
  /** Findings and the summary only. */
  readonly quiet: boolean
}

type Colors = ReturnType<typeof createColors>

export function formatText(report: AuditReport, options: TextOptions): string {
  const colors = createColors(options.color)
  const lines: string[] = []
  if (!options.quiet) {
    appendAll(lines, policyLines(report, colors))
    appendAll(lines, resourceLines(report, colors))
  }
  appendAll(lines, findingLines(report, colors))
  if (report.problems.length > 0) {
    lines.push(colors.bold(`Input problems (${report.problems.length})`))
    for (const problem of report.problems) lines.push(`  ${problemText(problem, colors)}`)
    lines.push("")
  }
  lines.push(summaryLine(report, colors))
  return lines.join("\n") + "\n"
}

export function problemText(problem: ProblemReport, colors: Colors = createColors(false)): string {
  const where =
    problem.entryIndex === undefined ? problem.file : `${problem.file}: entry ${problem.entryIndex}`
  const mark = problem.fatal ? colors.red("✖") : colors.yellow("⚠")
  return `${mark} ${where}: ${problem.message}`
}

function policyLines(report: AuditReport, colors: Colors): string[] {
  if (report.policies.length === 0) return []
  const lines = [colors.bold(`Servers (${report.policies.length})`)]
  for (const policy of report.policies) {
    const traits = policy.traits.map((trait) => `${trait.trait} ${evidenceIds(trait.evidence)}`).join(", ")
    const overridden = policy.overriddenBy ? " (set by config)" : ""
    const { protection } = policy
    lines.push(
      `  ${policy.scope}  ${colors.cyan(policy.summary)}${overridden}${traits ? colors.dim(`  ${traits}`) : ""}`,
      `    ${PROTECTION_MARK[protection.level]} ${protection.text}`
    )
  }
  return [...lines, ""]
}

function resourceLines(report: AuditReport, colors: Colors): string[] {
  if (report.resources.length === 0) return []
  const lines = [colors.bold(`Resources (${report.resources.length})`)]
  for (const resource of report.resources) {
    if (resource.lineage !== null) {
      for (const line of resource.lineage.split("\n")) lines.push(`  ${line}`)
    } else {
      const versions = resource.versions.length
      const sources = resource.tagSources.join(", ") || "none"
      lines.push(`  ${resource.key}  ${plural(versions, "version")}  tag source: ${sources}`)
    }
  }
  return [...lines, ""]
}

function findingLines(report: AuditReport, colors: Colors): string[] {
  const { error, warning, info } = report.summary.findings
  const lines = [
    colors.bold(`Findings (${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info)`)
  ]
  const fresh = report.findings.filter((finding) => !finding.baselined)
  if (fresh.length === 0) lines.push(report.findings.length === 0 ? "  none" : "  none new")
  for (const finding of fresh) appendAll(lines, oneFinding(finding, colors))
  return [...lines, "", ...baselineLines(report, colors)]
}

/** Known findings one line per rule and endpoint; then the entries that matched nothing. */
function baselineLines(report: AuditReport, colors: Colors): string[] {
  const view = baselineView(report)
  if (!view) return []
  const { baseline, known } = view
  const lines: string[] = []
  if (known.length > 0) {
    lines.push(
      colors.bold(`Known from the baseline ${baseline.path} (${plural(baseline.knownFindings, "finding")})`)
    )
    for (const { ruleId, endpoint, count } of known)
      lines.push(colors.dim(`  ${ruleId}  ${endpointLabel(endpoint)}  ×${count}`))
    lines.push("")
  }
  const unmatched = baseline.unmatchedEntries
  if (unmatched.length > 0) {
    lines.push(
      colors.bold(
        `Baseline entries no finding matched (${unmatched.length} of ${baseline.entries}): fixed, or not in these captures`
      )
    )
    for (const entry of unmatched) lines.push(`  ${entry.ruleId}  ${endpointLabel(entry.endpoint)}`)
    lines.push("")
  }
  return lines
}

function oneFinding(finding: FindingReport, colors: Colors): string[] {
  const paint =
    finding.severity === "error" ? colors.red : finding.severity === "warning" ? colors.yellow : colors.blue
  const failing = finding.failing ? colors.red(" [fails]") : ""
  const lines = [
    `  ${paint(`${SEVERITY_MARK[finding.severity]} ${finding.severity}`)} ${colors.bold(finding.ruleId)}${failing}  ${finding.message}`
  ]
  if (finding.resource) lines.push(`      resource: ${finding.resource}`)
  for (const exchange of finding.evidence.slice(0, EVIDENCE_SHOWN))
    lines.push(`      evidence: ${evidenceText(exchange)}${contextMark(finding, exchange)}`)
  const more = finding.evidence.length - EVIDENCE_SHOWN
  if (more > 0)
    lines.push(`      evidence: … and ${more} more exchange${more === 1 ? "" : "s"} (--json lists all)`)
  if (finding.fix) {
    lines.push(
      colors.dim(`      fix (client): ${finding.fix.client}`),
      colors.dim(`      fix (server): ${finding.fix.server}`)
    )
  }
  if (finding.rfc)
    lines.push(colors.dim(`      ${finding.rfc.section} ${finding.rfc.title}: ${finding.rfc.url}`))
  return lines
}

function evidenceIds(ids: readonly number[]): string {
  const shown = ids.slice(0, 3).map((id) => `#${id}`)
  return ids.length > 3 ? `${shown.join(" ")} +${ids.length - 3}` : shown.join(" ")
}

function summaryLine(report: AuditReport, colors: Colors): string {
  const { summary } = report
  const parts = [
    plural(summary.files, "file"),
    plural(summary.exchanges, "exchange") + rpcCallsNote(summary.rpcCalls),
    plural(summary.resources, "resource"),
    plural(summary.findings.error + summary.findings.warning + summary.findings.info, "finding")
  ]
  if (summary.skippedEntries > 0) parts.push(`${plural(summary.skippedEntries, "entry", "entries")} skipped`)
  if (summary.evicted > 0) parts.push(`${plural(summary.evicted, "exchange")} evicted`)
  if (report.baseline !== null) parts.push(`${report.baseline.knownFindings} known from the baseline`)
  const { kind, text } = auditVerdict(report)
  const paint = kind === "ok" ? colors.green : kind === "nothing-audited" ? colors.yellow : colors.red
  const verdict = paint(text)
  return `etag-audit ${report.tool.version}: ${parts.join(", ")} — ${verdict}`
}
