/**
 * `--github`: GitHub Actions workflow commands, which a run shows as annotations (also on the pull
 * request's checks). One per rule and endpoint the baseline does not know (GitHub shows ten of each
 * level per step, so a hundred missing-if-match on one endpoint are one annotation with a count):
 * `::error` when a finding there fails the run (`--fail-on`), else `::warning` for an error or a
 * warning and `::notice` for info; titled by rule and endpoint, on the capture file of the first
 * evidence, with the first finding's message, evidence, fix and RFC section as its text. An unusable
 * input is an `::error` on that file; a run with no API exchange, a `::warning`. The last line is
 * the verdict, as plain text.
 * Syntax: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import {
  auditVerdict,
  endpointLabel,
  NOTHING_AUDITED,
  findingDetailLines,
  type AuditReport,
  type FindingReport
} from "./audit-report"
import { groupBy } from "./group-by"
import { plural } from "../plural"

/** A command's message: `%`, CR and LF escaped, as the runner reads them back. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")
}

/** A property value (`file=`, `title=`): also `:` and `,`, which end it. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C")
}

/** An input not read from a file is named in angle brackets (`<stdin>`): no file to annotate. */
function namesAFile(name: string): boolean {
  return !/^<[^>]*>$/.test(name)
}

function command(level: "error" | "warning" | "notice", properties: Record<string, string>, message: string) {
  const props = Object.entries(properties)
    .filter(([name, value]) => name !== "file" || namesAFile(value))
    .map(([name, value]) => `${name}=${escapeProperty(value)}`)
    .join(",")
  return `::${level} ${props}::${escapeData(message)}`
}

function levelOf(findings: readonly FindingReport[]): "error" | "warning" | "notice" {
  if (findings.some((finding) => finding.failing)) return "error"
  return findings[0].severity === "info" ? "notice" : "warning"
}

/** The findings of one rule at one endpoint (same rule, same severity), as one annotation. */
function annotation(findings: readonly FindingReport[]): string {
  const [first] = findings
  const file = first.evidence[0]?.file
  const count = findings.length > 1 ? ` (×${findings.length})` : ""
  const title = `etag-audit ${first.ruleId}: ${endpointLabel(first.endpoint)}${count}`
  const more =
    findings.length > 1
      ? [
          `and ${findings.length - 1} more here: ${findings
            .slice(1, 6)
            .map((finding) => finding.message)
            .join("; ")}${findings.length > 6 ? "; …" : ""}`
        ]
      : []
  const message = [first.message, ...more, ...findingDetailLines(first)].join("\n")
  return command(levelOf(findings), file === undefined ? { title } : { file, title }, message)
}

export function formatGithub(report: AuditReport): string {
  const lines: string[] = []
  for (const problem of report.problems) {
    if (!problem.fatal) continue
    lines.push(command("error", { file: problem.file, title: "etag-audit: unusable input" }, problem.message))
  }
  const fresh = report.findings.filter((finding) => !finding.baselined)
  for (const group of groupBy(fresh, (finding) => `${finding.ruleId} ${finding.endpoint}`).values())
    lines.push(annotation(group))
  const { summary } = report
  const { kind, text: verdict } = auditVerdict(report)
  // The verdict line is plain text the job log folds away; a warning shows on the run and the checks.
  if (kind === "nothing-audited") {
    const files = report.files.map((file) => file.path)
    const read = `${plural(summary.exchanges, "exchange")} read from ${files.join(", ")}, none of them API traffic`
    lines.push(
      command(
        "warning",
        files.length === 1
          ? { file: files[0], title: "etag-audit: nothing audited" }
          : { title: "etag-audit: nothing audited" },
        `${NOTHING_AUDITED} (${read}): check that the capture recorded the API calls`
      )
    )
  }
  const counted = summary.findings.error + summary.findings.warning + summary.findings.info
  const known = report.baseline === null ? "" : `, ${report.baseline.knownFindings} known from the baseline`
  lines.push(`etag-audit ${report.tool.version}: ${plural(counted, "finding")}${known} — ${verdict}`)
  return `${lines.join("\n")}\n`
}
