/**
 * The audit report of what the panel captured: the CLI's report (findings in the same order with
 * the same evidence, redaction and lineage text), built from a snapshot instead of HAR files, so
 * a capture's Markdown report reads like the one CI posts.
 */
import type { EngineSnapshot } from "../engine"
import type { RuleInfo } from "../findings/rule"
import { printLineage } from "../lineage/print-lineage"
import { exchangeUserDirectory, resourceUsers } from "../lineage/resource-users"
import { isApiTraffic } from "../traffic/exchange-kind"
import { countRpcCalls } from "../traffic/rpc-call"
import { buildAuditReport, type AuditReport, type EvidenceExchange } from "./audit-report"

export interface CaptureReportInput {
  readonly snapshot: EngineSnapshot
  readonly rules: readonly RuleInfo[]
  /** The extension's version. */
  readonly version: string
  /** What was captured, named as the report's one file: "live capture", an imported file's name. */
  readonly source: string
  readonly includeSecrets: boolean
}

/**
 * Nothing fails: the report gates no build (`etag-audit` on the saved HAR does). Evidence names each
 * exchange's position among the retained ones: the entry it is in a HAR the panel saves beside it.
 */
export function buildCaptureReport(input: CaptureReportInput): AuditReport {
  const { snapshot, source } = input
  // Users are named only where the report keeps credentials: a redacted export cannot tell them
  // apart, so the CLI's report of it names none either (and a JWT's subject is personal data).
  const users = input.includeSecrets
    ? exchangeUserDirectory(snapshot.exchanges, snapshot.renewedSessions)
    : undefined
  const evidence = new Map<number, EvidenceExchange>()
  snapshot.exchanges.forEach((exchange, entryIndex) =>
    evidence.set(exchange.id, {
      id: exchange.id,
      method: exchange.method,
      url: exchange.url,
      status: exchange.status,
      file: source,
      entryIndex
    })
  )
  return buildAuditReport({
    tool: "etag-lens",
    version: input.version,
    snapshot,
    exchangeCount: snapshot.exchanges.length + snapshot.evicted,
    rpcCallCount: countRpcCalls(snapshot.exchanges),
    apiExchangeCount: snapshot.exchanges.filter((exchange) => isApiTraffic(exchange.kind)).length,
    rules: input.rules,
    evidence,
    files: [
      {
        path: source,
        entries: snapshot.exchanges.length + snapshot.skipped.length,
        skippedEntries: snapshot.skipped.length,
        usable: true
      }
    ],
    problems: snapshot.skipped.map((skipped) => ({
      file: source,
      entryIndex: skipped.index,
      message: skipped.reason,
      fatal: false
    })),
    failOn: [],
    isFailing: () => false,
    renderLineage: (resource, findings) =>
      printLineage(resource, findings, users && resourceUsers(resource, users)),
    includeSecrets: input.includeSecrets
  })
}
