/** `--json`: the AuditReport itself (schemaVersion 1, documented in docs/cli.md), keys in a fixed order. */
import type { AuditReport } from "../core/report/audit-report"

export function formatJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2) + "\n"
}
