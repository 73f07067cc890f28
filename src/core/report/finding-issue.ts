/**
 * One finding as a bug report (Markdown), for the panel's per-finding Copy: what happened, the
 * evidence, the resource's lineage, the request to reproduce it as curl, and the fix with its RFC
 * section. Secrets are redacted unless asked (docs/export.md): the text is meant to be pasted.
 */
import { redactUrl } from "../export/redact"
import { snippetRequestOf, toCurl } from "../export/snippets"
import { isContextEvidence, subjectExchangeId } from "../findings/finding-evidence"
import type { RuleInfo } from "../findings/rule"
import { isStateChangingMethod } from "../http/methods"
import { printLineage } from "../lineage/print-lineage"
import { SEVERITY_MARK, type Exchange, type Finding, type ResourceLineage } from "../model"

export interface FindingIssueInput {
  readonly finding: Finding
  readonly rule?: RuleInfo
  /** The capture's exchanges, by id (evicted ones are missing: their lines say so). */
  readonly exchange: (id: number) => Exchange | undefined
  readonly resource?: ResourceLineage
  /** Every finding about the resource: the lineage marks them. */
  readonly resourceFindings: readonly Finding[]
  readonly includeSecrets: boolean
}

/** A fence longer than any run of backticks in the content. */
function fenced(language: string, text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length))
  const fence = "`".repeat(longest + 1)
  return [`${fence}${language}`, text, fence]
}

export function findingIssueMarkdown(input: FindingIssueInput): string {
  const { finding, rule } = input
  const redact = (url: string) => redactUrl(url, { includeSecrets: input.includeSecrets })
  const lines = [
    `### ${SEVERITY_MARK[finding.severity]} \`${finding.ruleId}\`${rule ? `: ${rule.title}` : ""}`,
    "",
    finding.message,
    ""
  ]
  const where = finding.resourceKey ?? finding.scope
  if (where !== undefined)
    lines.push(`${finding.resourceKey ? "Resource" : "Server"}: \`${redact(where)}\``, "")
  if (rule) lines.push(rule.explanation, "")

  lines.push("**Evidence**", "")
  for (const id of finding.exchangeIds) {
    const exchange = input.exchange(id)
    const context = isContextEvidence(finding, id) ? " (context)" : ""
    lines.push(
      exchange
        ? `- #${id} ${exchange.method} ${redact(exchange.url)} → ${exchange.status}${context}`
        : `- #${id} (no longer kept by the panel)${context}`
    )
  }
  lines.push("")

  if (input.resource)
    lines.push("**Lineage**", "", ...fenced("text", printLineage(input.resource, input.resourceFindings)), "")

  // The write the finding is about, as sent: a developer can run it against a test server.
  const subjectId = subjectExchangeId(finding)
  const subject = subjectId === undefined ? undefined : input.exchange(subjectId)
  if (subject && isStateChangingMethod(subject.method)) {
    lines.push(
      `**Request #${subject.id}**${input.includeSecrets ? "" : " (secrets redacted)"}`,
      "",
      ...fenced("sh", toCurl(snippetRequestOf(subject), { includeSecrets: input.includeSecrets })),
      ""
    )
  }

  if (rule) {
    lines.push(
      `**Fix.** Client: ${rule.fix.client} Server: ${rule.fix.server}`,
      "",
      `[${rule.rfc.section} ${rule.rfc.title}](${rule.rfc.url})`,
      ""
    )
  }
  return lines.join("\n")
}
