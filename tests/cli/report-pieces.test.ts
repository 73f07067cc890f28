import { describe, expect, it } from "vitest"
import { buildAuditReport, type EvidenceExchange } from "../../src/core/report/audit-report"
import { ConfigError, validateConfig } from "../../src/cli/config"
import { parseFailOn } from "../../src/cli/fail-on"
import { formatMarkdown } from "../../src/core/report/format-markdown"
import { formatText } from "../../src/cli/format-text"
import type { EngineSnapshot } from "../../src/core/engine"

const rules = [
  {
    id: "lost-update",
    severity: "error" as const,
    title: "Lost | update",
    explanation: "Two writers, one <script> winner.",
    fix: { client: "re-read", server: "412" },
    rfc: {
      section: "RFC 9110 §13.1.1",
      title: "If-Match",
      url: "https://www.rfc-editor.org/rfc/rfc9110#section-13.1.1"
    }
  }
]

const snapshot: EngineSnapshot = {
  exchanges: [],
  resources: [],
  policies: [],
  evicted: 0,
  skipped: [],
  renewedSessions: new Map(),
  findings: [
    { ruleId: "missing-if-match", severity: "warning", message: "no tag", exchangeIds: [1] },
    {
      ruleId: "lost-update",
      severity: "error",
      message: "a|b\nc",
      resourceKey: "http://h/x",
      exchangeIds: [2, 3]
    }
  ]
}

const evidence = new Map<number, EvidenceExchange>(
  [1, 2, 3].map((id) => [
    id,
    { id, method: "PUT", url: `http://h/x?token=T${id}`, status: 200, file: "a.har", entryIndex: id - 1 }
  ])
)

describe("report pieces", () => {
  const input = {
    version: "9.9.9",
    snapshot,
    exchangeCount: 3,
    rpcCallCount: 0,
    apiExchangeCount: 3,
    rules,
    evidence,
    files: [{ path: "a.har", entries: 3, skippedEntries: 0, usable: true }],
    problems: [],
    failOn: ["error"],
    isFailing: parseFailOn(["error"], new Set(["lost-update", "missing-if-match"])),
    includeSecrets: false
  }
  const report = buildAuditReport(input)

  it("orders findings by severity and attaches rule text, evidence and the failing flag", () => {
    expect(report.findings.map((finding) => [finding.ruleId, finding.failing])).toEqual([
      ["lost-update", true],
      ["missing-if-match", false]
    ])
    expect(report.findings[0].evidence.map((exchange) => exchange.entryIndex)).toEqual([1, 2])
    expect(report.findings[1]).toMatchObject({ title: "missing-if-match", rfc: null, fix: null })
    expect(report.summary).toMatchObject({ findings: { error: 1, warning: 1, info: 0 }, failingFindings: 1 })
  })

  it("redacts token query values in evidence URLs", () => {
    expect(JSON.stringify(report)).not.toMatch(/T[123]/)
  })

  it("Markdown escapes pipes, line breaks and HTML from messages and titles", () => {
    const markdown = formatMarkdown(report)
    expect(markdown).toContain("Lost \\| update")
    expect(markdown).toContain("a\\|b c")
    expect(markdown).toContain("&lt;script>")
    expect(markdown).not.toContain("<script>")
  })

  it("Markdown escapes a pipe in code only inside a table: GFM unescapes \\| there, not in a list or HTML", () => {
    const piped = buildAuditReport({
      ...input,
      snapshot: {
        ...snapshot,
        findings: [
          {
            ruleId: "lost-update",
            severity: "error",
            message: "m",
            resourceKey: "http://h/x|y",
            exchangeIds: [1]
          },
          {
            ruleId: "missing-if-match",
            severity: "warning",
            message: "n",
            resourceKey: "http://h/z",
            exchangeIds: [1]
          }
        ]
      },
      evidence: new Map([[1, { ...(evidence.get(1) as EvidenceExchange), url: "http://h/x|y?f=a|b" }]]),
      problems: [{ file: "c|d.har", message: "m", fatal: true }],
      baseline: {
        path: "base|line.json",
        baseline: {
          entries: [
            { ruleId: "lost-update", endpoint: "http://h/x|y" },
            { ruleId: "missing-if-match", endpoint: "http://h/p|q" }
          ]
        }
      }
    })
    const lines = formatMarkdown(piped).split("\n")
    // In a table cell the table parser takes `\|` out before the code span is read (GFM example 200).
    expect(lines).toContain("| `lost-update` | `http://h/x\\|y` | 1 |")
    // Elsewhere a code span shows what it holds, a backslash too; so does the HTML of a <summary>.
    expect(lines).toContain("- n — #1 `PUT http://h/x|y?f=a|b` → 200")
    expect(lines).toContain("- `missing-if-match` `http://h/p|q`")
    expect(lines).toContain("- ✖ `c|d.har`: m")
    expect(lines).toContain("<details><summary>1 finding known from the baseline base|line.json</summary>")
  })

  it("Markdown code spans show <, & and backticks as they are: a code span reads no HTML or entity", () => {
    const odd = buildAuditReport({
      ...input,
      snapshot: { ...snapshot, findings: [] },
      problems: [{ file: "a<b>&``c`.har", message: "m", fatal: true }]
    })
    const lines = formatMarkdown(odd).split("\n")
    // Fenced by one backtick more than the longest run inside, padded where it holds one.
    expect(lines).toContain("- ✖ ``` a<b>&``c`.har ```: m")
  })

  it("formats a report with 60,000 findings (300,000 lines) without overflowing the stack, evidence capped in text", () => {
    const many: EngineSnapshot = {
      ...snapshot,
      findings: Array.from({ length: 60_000 }, (_, i) => ({
        ruleId: "lost-update",
        severity: "error" as const,
        message: `m${i}`,
        exchangeIds: i === 0 ? [1, 2, 3, 1, 2, 3, 1] : [1]
      }))
    }
    const big = buildAuditReport({ ...input, snapshot: many })
    const text = formatText(big, { color: false, quiet: false })
    expect(text.split("\n").filter((line) => line.includes("✖ error lost-update"))).toHaveLength(60_000)
    expect(text).toContain("evidence: … and 2 more exchanges (--json lists all)")
    expect(formatMarkdown(big)).toContain("#### ✖ error `lost-update`: Lost \\| update (60000)")
  })

  it("fail-on: severities are thresholds, rule ids match exactly, unknown items are refused", () => {
    const known = new Set(["lost-update", "missing-if-match"])
    const warningOrWorse = parseFailOn(["warning"], known)
    expect(warningOrWorse({ ruleId: "x", severity: "error" })).toBe(true)
    expect(warningOrWorse({ ruleId: "x", severity: "info" })).toBe(false)
    const byRule = parseFailOn(["missing-if-match"], known)
    expect(byRule({ ruleId: "missing-if-match", severity: "info" })).toBe(true)
    expect(byRule({ ruleId: "lost-update", severity: "error" })).toBe(false)
    expect(() => parseFailOn(["errors"], known)).toThrow(/'errors' is neither/)
  })

  it("config validation names the key and the expected type", () => {
    expect(validateConfig({ failOn: "warning", maxExchanges: 5 }, "c.json")).toEqual({
      failOn: ["warning"],
      maxExchanges: 5
    })
    expect(() => validateConfig({ maxExchanges: -1 }, "c.json")).toThrow(
      new ConfigError('c.json: "maxExchanges" must be a positive integer')
    )
    expect(() => validateConfig({ policyOverrides: { "http://h": "chaotic" } }, "c.json")).toThrow(
      /policyOverrides/
    )
    expect(() => validateConfig([], "c.json")).toThrow(/must be a JSON object/)
  })
})
