/**
 * `--junit`: the audit as JUnit XML, the test-report format GitLab, Jenkins, Azure DevOps and
 * CircleCI show natively. One test suite per rule that ran; each finding is a test case that fails
 * when it fails the run (`--fail-on`) and is skipped, with the reason, when it does not (below the
 * threshold, or known to the baseline). A rule without findings is one passing case, so a clean run
 * still reports what was checked; each input file is a case of the "input" suite (skipped when no
 * API exchange was read: nothing was audited).
 */
import type { RuleInfo } from "../findings/rule"
import {
  auditVerdict,
  endpointLabel,
  findingDetailLines,
  NOTHING_AUDITED,
  type AuditReport,
  type FindingReport
} from "./audit-report"
import { groupBy } from "./group-by"

/**
 * XML 1.0 text: markup escaped, characters XML cannot hold dropped (a header may carry any byte), and
 * line breaks and tabs as references, which a parser keeps (it turns raw ones in attributes into
 * spaces, and a raw CR anywhere into LF).
 */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#13;")
}

function attribute(text: string): string {
  return xml(text).replace(/\n/g, "&#10;").replace(/\t/g, "&#9;")
}

interface Case {
  readonly name: string
  readonly classname: string
  readonly failure?: { readonly type: string; readonly message: string; readonly details: string }
  readonly skipped?: string
}

/**
 * A case is named by the finding's endpoint, numbered when the rule fired there more than once:
 * CI servers follow a test by its name from run to run, and exchange numbers change between captures.
 */
function findingCase(finding: FindingReport, failOn: string, name: string): Case {
  const classname = `etag-audit.${finding.ruleId}`
  if (finding.failing) {
    const details = findingDetailLines(finding).join("\n")
    return { name, classname, failure: { type: finding.severity, message: finding.message, details } }
  }
  const why = finding.baselined ? "known from the baseline" : `${finding.severity}, below --fail-on ${failOn}`
  const skipped = `${why}: ${finding.message}`
  return { name, classname, skipped }
}

/** `tests="…" failures="…" errors="0" skipped="…"` of a suite or of them all. */
function tally(cases: readonly Case[]): string {
  const failures = cases.filter((item) => item.failure).length
  const skipped = cases.filter((item) => item.skipped !== undefined).length
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`
}

function suite(name: string, cases: readonly Case[]): string {
  const lines = [`  <testsuite name="${attribute(name)}" ${tally(cases)}>`]
  for (const item of cases) {
    const open = `    <testcase classname="${attribute(item.classname)}" name="${attribute(item.name)}"`
    if (item.failure) {
      const { type, message, details } = item.failure
      lines.push(
        `${open}>`,
        `      <failure type="${attribute(type)}" message="${attribute(message)}">${xml(details)}</failure>`,
        "    </testcase>"
      )
    } else if (item.skipped !== undefined) {
      lines.push(`${open}>`, `      <skipped message="${attribute(item.skipped)}"/>`, "    </testcase>")
    } else lines.push(`${open}/>`)
  }
  lines.push("  </testsuite>")
  return lines.join("\n")
}

/** `PUT …/notes/{id}`, then `… (2)`, `… (3)` for the rule's further findings at the same endpoint. */
function caseNames(findings: readonly FindingReport[]): string[] {
  const seen = new Map<string, number>()
  return findings.map((finding) => {
    const method = finding.evidence.at(-1)?.method
    const base = `${method === undefined || finding.resource === null ? "" : `${method} `}${endpointLabel(finding.endpoint)}`
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base} (${count})`
  })
}

/** `rules`: the rules that ran (after `--rules` / `--disable`), in the order to list them. */
export function formatJunit(report: AuditReport, rules: readonly RuleInfo[]): string {
  const failOn = report.summary.failOn.join(",")
  const byRule = groupBy(report.findings, (finding) => finding.ruleId)
  const nothingAudited = auditVerdict(report).kind === "nothing-audited"
  const suites: { name: string; cases: Case[] }[] = []
  for (const rule of rules) {
    const findings = byRule.get(rule.id) ?? []
    const cases =
      findings.length === 0
        ? [{ name: "no finding", classname: `etag-audit.${rule.id}` }]
        : caseNames(findings).map((name, index) => findingCase(findings[index], failOn, name))
    suites.push({ name: `${rule.id}: ${rule.title}`, cases })
  }
  suites.push({
    name: "input",
    cases: report.files.map((file) => {
      const problems = report.problems.filter((problem) => problem.file === file.path)
      const fatal = problems.filter((problem) => problem.fatal)
      const name = `${file.path} (${file.entries} entries, ${file.skippedEntries} skipped)`
      // Skipped, not failed: the exit code stays 0, but a test report must not show a clean pass.
      if (file.usable && nothingAudited)
        return { name, classname: "etag-audit.input", skipped: NOTHING_AUDITED }
      if (file.usable) return { name, classname: "etag-audit.input" }
      const message = fatal.map((problem) => problem.message).join("; ") || "unusable"
      const details = problems.map((problem) => problem.message).join("\n")
      return { name, classname: "etag-audit.input", failure: { type: "input", message, details } }
    })
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="etag-audit ${attribute(report.tool.version)}" ${tally(suites.flatMap((item) => item.cases))}>`,
    ...suites.map((item) => suite(item.name, item.cases)),
    "</testsuites>",
    ""
  ].join("\n")
}
