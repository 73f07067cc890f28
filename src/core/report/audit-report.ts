/**
 * The audit's result as plain data: what every output format renders and what `--json` prints.
 * Schema version 1 (docs/cli.md): add fields compatibly; bump the version to remove or rename one.
 */
import type { EngineSnapshot } from "../engine"
import type { RuleInfo } from "../findings/rule"
import {
  SEVERITY_RANK,
  type Finding,
  type ResourceLineage,
  type ServerPolicy,
  type Severity,
  type Version
} from "../model"
import { redactUrl } from "../export/redact"
import { protectionOf, type Protection } from "../policy/protection"
import { groupBy } from "./group-by"
import { plural } from "../plural"
import { baselineKey, fingerprintOf, matchBaseline, type Baseline, type BaselineEntry } from "./baseline"

/** What the CLI needs to know about a rule: the findings registry's metadata. */
export type { RuleInfo }

/** An exchange as evidence: enough to find it again in the capture. */
export interface EvidenceExchange {
  readonly id: number
  readonly method: string
  readonly url: string
  readonly status: number
  readonly file: string
  /** Index in the file's `log.entries`. */
  readonly entryIndex: number
}

export interface FileReport {
  readonly path: string
  /** Entries read from the file (good or not). */
  readonly entries: number
  readonly skippedEntries: number
  /** False when the file was unusable in part or whole (exit code 2). */
  readonly usable: boolean
}

export interface ProblemReport {
  readonly file: string
  readonly entryIndex?: number
  readonly message: string
  readonly fatal: boolean
}

export interface FindingReport {
  readonly ruleId: string
  readonly severity: Severity
  readonly title: string
  readonly message: string
  readonly explanation: string | null
  readonly fix: RuleInfo["fix"] | null
  readonly rfc: RuleInfo["rfc"] | null
  readonly resource: string | null
  /**
   * The resource (or a server-wide finding's scope) with ids, query values and a loopback port taken
   * out: what a baseline matches on ("" when the finding has neither).
   */
  readonly endpoint: string
  readonly evidence: readonly EvidenceExchange[]
  /** Ids among `evidence` shown for context, not at fault (the write a lost update overwrote). */
  readonly context: readonly number[]
  /** True when this finding makes the run fail under `--fail-on`. */
  readonly failing: boolean
  /** Known to the `--baseline` (its rule and endpoint are listed there): reported, never failing. */
  readonly baselined: boolean
}

/** How the findings compared with the `--baseline`. */
export interface BaselineReport {
  readonly path: string
  readonly entries: number
  /** Findings the baseline knows (they do not fail the run). */
  readonly knownFindings: number
  /** Entries no finding matched: fixed, or not exercised by these captures. */
  readonly unmatchedEntries: readonly BaselineEntry[]
}

/** A learned server policy, with the answer to "does it protect its clients from lost updates?". */
export type PolicyReport = ServerPolicy & { readonly protection: Protection }

export interface ResourceReport {
  readonly key: string
  readonly aliases: readonly string[]
  readonly tagSources: readonly string[]
  readonly exists: boolean
  readonly versions: readonly {
    readonly index: number
    readonly tag: string
    readonly weak: boolean
    readonly source: string
    readonly introducedBy: number
    readonly seenBy: readonly number[]
    /** Other tags of the same content (a farm's nodes); only when there are some. */
    readonly otherTags?: readonly string[]
  }[]
  /** printLineage() text; null with `--no-lineage`. */
  readonly lineage: string | null
}

export type SeverityCounts = Readonly<Record<Severity, number>>

export interface AuditReport {
  readonly schemaVersion: 1
  readonly tool: { readonly name: ReportTool; readonly version: string }
  readonly summary: {
    readonly files: number
    readonly exchanges: number
    /** Calls to an RPC endpoint (GraphQL, JSON-RPC, SOAP, gRPC-Web) among them: about no resource. */
    readonly rpcCalls: number
    readonly resources: number
    readonly findings: SeverityCounts
    readonly evicted: number
    readonly skippedEntries: number
    readonly failOn: readonly string[]
    readonly failingFindings: number
    /** API exchanges (RPC calls among them); 0: nothing audited, whatever the exit code. */
    readonly apiExchanges: number
  }
  readonly files: readonly FileReport[]
  readonly policies: readonly PolicyReport[]
  readonly resources: readonly ResourceReport[]
  readonly findings: readonly FindingReport[]
  readonly problems: readonly ProblemReport[]
  /** null without `--baseline`. */
  readonly baseline: BaselineReport | null
}

/** Who made the report: the CLI, or the panel (a report of what it captured). */
export type ReportTool = "etag-audit" | "etag-lens"

export interface BuildReportInput {
  /** `etag-audit` unless said otherwise. */
  readonly tool?: ReportTool
  readonly version: string
  readonly snapshot: EngineSnapshot
  /** Total exchanges ingested (the snapshot may have evicted some). */
  readonly exchangeCount: number
  /** How many of them were calls to an RPC endpoint (kind `rpc`). */
  readonly rpcCallCount: number
  /** How many were API traffic (`isApiTraffic`): none means the rules had nothing to audit. */
  readonly apiExchangeCount: number
  readonly rules: readonly RuleInfo[]
  /** Evidence by exchange id (a Map, or the CLI's EvidenceLog). */
  readonly evidence: { get(id: number): EvidenceExchange | undefined }
  readonly files: readonly FileReport[]
  readonly problems: readonly ProblemReport[]
  readonly failOn: readonly string[]
  readonly isFailing: (finding: Finding) => boolean
  /**
   * Renders a resource's lineage as text, given the findings about it (`printLineage`); omitted with
   * `--no-lineage`.
   */
  readonly renderLineage?: (resource: ResourceLineage, findings: readonly Finding[]) => string
  readonly includeSecrets: boolean
  /** Findings known to this baseline are reported but never fail (`--baseline`). */
  readonly baseline?: { readonly path: string; readonly baseline: Baseline }
}

/**
 * ` (4 of them RPC or batch calls: GraphQL, OData $batch, …, no resource of their own)` after the
 * exchange count, when there are any. A batch's operations are counted as exchanges of their own.
 */
export function rpcCallsNote(rpcCalls: number): string {
  if (rpcCalls === 0) return ""
  const which = rpcCalls === 1 ? "1 of them an RPC or batch call" : `${rpcCalls} of them RPC or batch calls`
  return ` (${which}: GraphQL, OData $batch, …, no resource of their own)`
}

/** Evidence exchanges the text and Markdown reports show per finding; the JSON report lists them all. */
export const EVIDENCE_SHOWN = 5

/** `#4 PUT https://… → 200 (capture.har entry 3)`: an evidence exchange in the text reports. */
export function evidenceText(exchange: EvidenceExchange): string {
  return `#${exchange.id} ${exchange.method} ${exchange.url} → ${exchange.status} (${exchange.file} entry ${exchange.entryIndex})`
}

/** " (context)" after evidence that shows the circumstances but is not at fault. */
export function contextMark(finding: FindingReport, exchange: EvidenceExchange): string {
  return finding.context.includes(exchange.id) ? " (context)" : ""
}

/** A finding's evidence, fix and RFC section, a line each: the body of a CI failure or annotation. */
export function findingDetailLines(finding: FindingReport): string[] {
  return [
    ...finding.evidence.map((exchange) => `${evidenceText(exchange)}${contextMark(finding, exchange)}`),
    ...(finding.fix ? [`fix (client): ${finding.fix.client}`, `fix (server): ${finding.fix.server}`] : []),
    ...(finding.rfc ? [`${finding.rfc.section} ${finding.rfc.title}: ${finding.rfc.url}`] : [])
  ]
}

type VersionReport = ResourceReport["versions"][number]

/**
 * One version of the JSON report: a plain literal (a spread per version costs time on large
 * captures, as the engine's snapshot found), `otherTags` only on the versions that have some.
 */
function versionReport(version: Version): VersionReport {
  const report = {
    index: version.index,
    tag: version.tag.tag.raw,
    weak: version.tag.tag.weak,
    source: version.tag.source,
    introducedBy: version.introducedBy,
    seenBy: version.seenBy
  }
  const others = version.otherTags
  return others === undefined ? report : { ...report, otherTags: others.map((other) => other.tag.raw) }
}

export function buildAuditReport(input: BuildReportInput): AuditReport {
  // Resource keys and evidence URLs repeat across findings: redact each distinct URL once.
  const redactedUrls = new Map<string, string>()
  const redact = (url: string): string => {
    let redacted = redactedUrls.get(url)
    if (redacted === undefined) {
      redacted = redactUrl(url, { includeSecrets: input.includeSecrets })
      redactedUrls.set(url, redacted)
    }
    return redacted
  }
  const rulesById = new Map(input.rules.map((rule) => [rule.id, rule]))
  const baseline = input.baseline && { ...input.baseline, match: matchBaseline(input.baseline.baseline) }
  const findings = [...input.snapshot.findings].sort(compareFindings).map((finding): FindingReport => {
    const rule = rulesById.get(finding.ruleId)
    const evidence = finding.exchangeIds
      .map((id) => input.evidence.get(id))
      .filter((exchange): exchange is EvidenceExchange => exchange !== undefined)
      .map((exchange) => ({ ...exchange, url: redact(exchange.url) }))
    const { endpoint } = fingerprintOf(finding)
    const baselined = baseline?.match.isKnown({ ruleId: finding.ruleId, endpoint }) ?? false
    return {
      ruleId: finding.ruleId,
      severity: finding.severity,
      title: rule?.title ?? finding.ruleId,
      message: finding.message,
      explanation: rule?.explanation ?? null,
      fix: rule?.fix ?? null,
      rfc: rule?.rfc ?? null,
      resource: finding.resourceKey === undefined ? null : redact(finding.resourceKey),
      endpoint,
      evidence,
      context: finding.contextExchangeIds ?? [],
      failing: !baselined && input.isFailing(finding),
      baselined
    }
  })
  const counts = { error: 0, warning: 0, info: 0 }
  for (const finding of findings) counts[finding.severity]++
  const { renderLineage } = input
  // printLineage scans the findings it is given: hand it only the resource's own (linear, not quadratic).
  const byResource =
    renderLineage === undefined
      ? undefined
      : groupBy(input.snapshot.findings, (finding) => finding.resourceKey)
  const resources = input.snapshot.resources.map((resource): ResourceReport => ({
    key: redact(resource.key),
    aliases: resource.aliases.map(redact),
    tagSources: resource.tagSources,
    exists: resource.exists,
    versions: resource.versions.map(versionReport),
    lineage: renderLineage ? renderLineage(resource, byResource?.get(resource.key) ?? []) : null
  }))
  return {
    schemaVersion: 1,
    tool: { name: input.tool ?? "etag-audit", version: input.version },
    summary: {
      files: input.files.length,
      exchanges: input.exchangeCount,
      rpcCalls: input.rpcCallCount,
      resources: resources.length,
      findings: counts,
      evicted: input.snapshot.evicted,
      skippedEntries: input.files.reduce((sum, file) => sum + file.skippedEntries, 0),
      failOn: input.failOn,
      failingFindings: findings.filter((finding) => finding.failing).length,
      apiExchanges: input.apiExchangeCount
    },
    files: input.files,
    policies: input.snapshot.policies.map((policy) => ({ ...policy, protection: protectionOf(policy) })),
    resources,
    findings,
    problems: input.problems,
    baseline:
      baseline === undefined
        ? null
        : {
            path: baseline.path,
            entries: baseline.baseline.entries.length,
            knownFindings: findings.filter((finding) => finding.baselined).length,
            unmatchedEntries: baseline.match.unmatched()
          }
  }
}

/** What `localeCompare` uses, made once (it is much faster than a `localeCompare` per pair). */
const RULE_ID_ORDER = new Intl.Collator()

/** Most severe first, then by rule id, then by the first evidence exchange: stable for CI diffs. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    RULE_ID_ORDER.compare(a.ruleId, b.ruleId) ||
    (a.exchangeIds[0] ?? 0) - (b.exchangeIds[0] ?? 0)
  )
}

export interface KnownEndpoint {
  readonly ruleId: string
  readonly endpoint: string
  /** Findings of this rule at this endpoint that the baseline knows. */
  readonly count: number
}

/** An endpoint as the reports print it: a finding with neither resource nor scope has none. */
export function endpointLabel(endpoint: string): string {
  return endpoint || "(no resource)"
}

/** What a report says of its baseline: the report's, and its known findings by endpoint; none without one. */
export function baselineView(
  report: AuditReport
): { readonly baseline: BaselineReport; readonly known: KnownEndpoint[] } | undefined {
  return report.baseline === null
    ? undefined
    : { baseline: report.baseline, known: knownByEndpoint(report.findings) }
}

/** The baselined findings, one row per rule and endpoint, in the report's finding order. */
function knownByEndpoint(findings: readonly FindingReport[]): KnownEndpoint[] {
  const groups = groupBy(
    findings.filter((finding) => finding.baselined),
    baselineKey
  )
  return [...groups.values()].map((group) => ({
    ruleId: group[0].ruleId,
    endpoint: group[0].endpoint,
    count: group.length
  }))
}

/** Why a run that read its input passed without auditing anything (a recording step that captured no API call). */
export const NOTHING_AUDITED = "nothing audited: no API exchange in the input"

/**
 * The run's verdict as the CLI's exit code gives it: an unusable input (exit 2) outweighs the
 * findings, for the report was made without all of the traffic. `nothing-audited` is exit 0 like
 * `ok`, said apart so that an empty capture does not pass CI unnoticed.
 */
export function auditVerdict(report: AuditReport): {
  readonly kind: "unusable" | "fail" | "ok" | "nothing-audited"
  readonly text: string
} {
  const { summary } = report
  const unusable = report.files.filter((file) => !file.usable).length
  if (unusable > 0)
    return { kind: "unusable", text: `INPUT ERROR: ${plural(unusable, "file")} not read in full (exit 2)` }
  if (summary.failingFindings > 0)
    return {
      kind: "fail",
      text: `FAIL: ${plural(summary.failingFindings, "finding")} at --fail-on ${summary.failOn.join(",")}`
    }
  const ok = `ok at --fail-on ${summary.failOn.join(",")}`
  if (summary.apiExchanges === 0) return { kind: "nothing-audited", text: `${ok} — ${NOTHING_AUDITED}` }
  return { kind: "ok", text: ok }
}
