/**
 * `--markdown`: a report for a pull-request comment — a summary table by severity, findings
 * grouped by rule with their RFC link, servers, and each resource's lineage folded away.
 */
import { SEVERITY_ORDER, type Severity } from "../model"
import { PROTECTION_MARK } from "../policy/protection"
import {
  auditVerdict,
  contextMark,
  NOTHING_AUDITED,
  EVIDENCE_SHOWN,
  endpointLabel,
  baselineView,
  rpcCallsNote,
  type AuditReport,
  type FindingReport
} from "./audit-report"
import { appendAll } from "./append-all"
import { groupBy } from "./group-by"
import { plural } from "../plural"

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: "✖ error",
  warning: "⚠ warning",
  info: "ℹ info"
}

/** Table cells and inline text: no line breaks, pipes escaped, HTML neutralized. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;")
}

/**
 * Inline code in running text (a list item, a heading): no line breaks, the rest as it is. A code
 * span shows its content literally (no HTML, no entities), so a `\|` or `&lt;` would show as typed.
 */
function code(text: string): string {
  return codeSpan(text.replace(/\r?\n/g, " "))
}

/**
 * Inline code in a table cell: pipes escaped too. GFM's table parser takes `\|` out of a cell
 * before the cell's inlines are read, code spans included (GFM spec, Tables, example 200).
 */
function cellCode(text: string): string {
  return codeSpan(text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|"))
}

/**
 * A code span around `content`: fenced by one backtick more than its longest run of backticks, and
 * padded with a space when it starts or ends with one (CommonMark, Code spans).
 */
function codeSpan(content: string): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length))
  const fence = "`".repeat(longestRun + 1)
  const pad = longestRun > 0 ? " " : ""
  return `${fence}${pad}${content}${pad}${fence}`
}

/** Text inside an HTML element (a `<summary>`): no Markdown is read there, so no `\|` either. */
function htmlText(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;")
}

/** The CLI's verdict for CI; the panel's report, which gates nothing, is titled by what it is. */
function heading(report: AuditReport): string {
  const { summary } = report
  if (report.tool.name === "etag-lens") return "## ETag Lens report"
  const { kind } = auditVerdict(report)
  const verdict =
    kind === "unusable"
      ? "⛔ input not read in full"
      : kind === "fail"
        ? `❌ ${summary.failingFindings} failing`
        : kind === "nothing-audited"
          ? `⚠️ passing, but ${NOTHING_AUDITED}`
          : "✅ passing"
  return `## ETag audit: ${verdict} (fail on ${code(summary.failOn.join(","))})`
}

export function formatMarkdown(report: AuditReport): string {
  const { summary } = report
  const lines = [
    heading(report),
    "",
    // The panel's report names what it captured; the CLI's counts the files it read.
    (report.tool.name === "etag-lens"
      ? `ETag Lens ${report.tool.version}, ${report.files.map((file) => cell(file.path)).join(", ")}: `
      : `${plural(summary.files, "file")}, `) +
      `${plural(summary.exchanges, "exchange")}${rpcCallsNote(summary.rpcCalls)}, ${plural(summary.resources, "resource")}` +
      (summary.skippedEntries > 0 ? `, ${plural(summary.skippedEntries, "entry", "entries")} skipped` : "") +
      (report.baseline === null
        ? ""
        : `, ${plural(report.baseline.knownFindings, "finding")} known from the baseline`),
    "",
    "| Severity | Findings |",
    "| --- | ---: |",
    ...SEVERITY_ORDER.map((severity) => `| ${SEVERITY_LABEL[severity]} | ${summary.findings[severity]} |`),
    ""
  ]
  const fresh = report.findings.filter((finding) => !finding.baselined)
  appendAll(lines, findingSections(fresh, fresh.length < report.findings.length))
  appendAll(lines, baselineSection(report))
  if (report.problems.length > 0) {
    lines.push("### Input problems", "")
    for (const problem of report.problems) {
      const where =
        problem.entryIndex === undefined
          ? code(problem.file)
          : `${code(problem.file)} entry ${problem.entryIndex}`
      lines.push(`- ${problem.fatal ? "✖" : "⚠"} ${where}: ${cell(problem.message)}`)
    }
    lines.push("")
  }
  if (report.policies.length > 0) {
    lines.push("### Servers", "", "| Scope | Policy | Lost updates? | Traits |", "| --- | --- | --- | --- |")
    for (const policy of report.policies) {
      const traits = policy.traits.map((trait) => trait.trait).join(", ")
      const { protection } = policy
      const answer = `${PROTECTION_MARK[protection.level]} ${cell(protection.text)}`
      lines.push(`| ${cellCode(policy.scope)} | ${policy.summary} | ${answer} | ${cell(traits)} |`)
    }
    lines.push("")
  }
  const withLineage = report.resources.filter((resource) => resource.lineage !== null)
  if (withLineage.length > 0) {
    lines.push(
      `<details><summary>Lineage of ${plural(withLineage.length, "resource")}</summary>`,
      "",
      "```text"
    )
    for (const resource of withLineage) lines.push((resource.lineage ?? "").replace(/```/g, "ˋˋˋ"), "")
    lines.push("```", "", "</details>", "")
  }
  return lines.join("\n")
}

/** Known findings folded away (they fail nothing); entries that matched none, in the open. */
function baselineSection(report: AuditReport): string[] {
  const view = baselineView(report)
  if (!view) return []
  const { baseline, known } = view
  const lines: string[] = []
  if (known.length > 0) {
    lines.push(
      `<details><summary>${plural(baseline.knownFindings, "finding")} known from the baseline ${htmlText(baseline.path)}</summary>`,
      "",
      "| Rule | Endpoint | Findings |",
      "| --- | --- | ---: |"
    )
    for (const row of known)
      lines.push(`| ${cellCode(row.ruleId)} | ${cellCode(endpointLabel(row.endpoint))} | ${row.count} |`)
    lines.push("", "</details>", "")
  }
  if (baseline.unmatchedEntries.length > 0) {
    lines.push(
      `Baseline entries no finding matched (${baseline.unmatchedEntries.length} of ${baseline.entries}): fixed, or not in these captures.`,
      ""
    )
    for (const entry of baseline.unmatchedEntries)
      lines.push(`- ${code(entry.ruleId)} ${code(endpointLabel(entry.endpoint))}`)
    lines.push("")
  }
  return lines
}

function findingSections(findings: readonly FindingReport[], someKnown: boolean): string[] {
  if (findings.length === 0) return [someKnown ? "No new findings." : "No findings.", ""]
  const byRule = groupBy(findings, (finding) => finding.ruleId)
  const lines = ["### Findings", ""]
  for (const [ruleId, group] of byRule) {
    const first = group[0]
    const rfc = first.rfc ? ` · [${first.rfc.section}](${first.rfc.url})` : ""
    lines.push(
      `#### ${SEVERITY_LABEL[first.severity]} ${code(ruleId)}: ${cell(first.title)} (${group.length})${rfc}`,
      ""
    )
    if (first.explanation) lines.push(cell(first.explanation), "")
    for (const finding of group) {
      const more = finding.evidence.length - EVIDENCE_SHOWN
      const evidence = finding.evidence
        .slice(0, EVIDENCE_SHOWN)
        .map(
          (exchange) =>
            `#${exchange.id} ${code(`${exchange.method} ${exchange.url}`)} → ${exchange.status}` +
            contextMark(finding, exchange)
        )
        .join(", ")
        .concat(more > 0 ? ` and ${more} more` : "")
      lines.push(
        `- ${finding.failing ? "**fails** " : ""}${cell(finding.message)}${evidence ? ` — ${evidence}` : ""}`
      )
    }
    if (first.fix)
      lines.push("", `**Fix.** Client: ${cell(first.fix.client)} Server: ${cell(first.fix.server)}`)
    lines.push("")
  }
  return lines
}
