// @vitest-environment happy-dom
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { allRules } from "../../../src/core/findings"
import { buildAuditReport, type AuditReport } from "../../../src/core/report/audit-report"
import { baselineOf } from "../../../src/core/report/baseline"
import { formatJunit } from "../../../src/core/report/format-junit"
import { laxScenario } from "../../builders/lax-scenario"

function laxReport(options: { knowAll?: boolean } = {}): AuditReport {
  const engine = createEngine()
  for (const entry of laxScenario()) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  return buildAuditReport({
    version: "0.1.0",
    snapshot,
    exchangeCount: 4,
    rpcCallCount: 0,
    apiExchangeCount: 4,
    rules: allRules,
    evidence: new Map(
      snapshot.exchanges.map((exchange, index) => [
        exchange.id,
        {
          id: exchange.id,
          method: exchange.method,
          url: exchange.url,
          status: exchange.status,
          file: "lax.har",
          entryIndex: index
        }
      ])
    ),
    files: [{ path: "lax.har", entries: 4, skippedEntries: 0, usable: true }],
    problems: [],
    failOn: ["error"],
    isFailing: (finding) => finding.severity === "error",
    includeSecrets: false,
    baseline: options.knowAll ? { path: "known.json", baseline: baselineOf(snapshot.findings) } : undefined
  })
}

function parse(xml: string): Document {
  const document = new DOMParser().parseFromString(xml, "application/xml")
  expect(document.getElementsByTagName("parsererror")).toHaveLength(0)
  return document
}

const suiteOf = (document: Document, ruleId: string) =>
  [...document.getElementsByTagName("testsuite")].find((suite) =>
    suite.getAttribute("name")?.startsWith(`${ruleId}:`)
  )

describe("formatJunit", () => {
  it("a suite per rule: failing findings fail, findings below --fail-on are skipped with the reason, a clean rule passes", () => {
    const document = parse(formatJunit(laxReport(), allRules))
    const root = document.documentElement
    expect(root.tagName).toBe("testsuites")
    expect(document.getElementsByTagName("testsuite")).toHaveLength(allRules.length + 1)

    const lost = suiteOf(document, "lost-update")
    const failure = lost?.getElementsByTagName("failure")[0]
    expect(failure?.getAttribute("type")).toBe("error")
    expect(failure?.getAttribute("message")).toMatch(/^#4 PUT based on v1 \(current was v3\)/)
    expect(failure?.textContent).toContain(
      "#4 PUT http://127.0.0.1:8787/api/lax/notes/1 → 200 (lax.har entry 3)"
    )
    expect(failure?.textContent).toContain("https://www.rfc-editor.org/rfc/rfc9110#section-13.1.1")

    const missing = suiteOf(document, "missing-if-match")
    expect(missing?.getAttribute("skipped")).toBe("1")
    expect(missing?.getElementsByTagName("skipped")[0]?.getAttribute("message")).toMatch(
      /^warning, below --fail-on error: #3 PUT sent no If-Match/
    )
    // Cases are named by endpoint, not by exchange number: CI servers follow a test by its name.
    expect(lost?.getElementsByTagName("testcase")[0]?.getAttribute("name")).toBe(
      "PUT http://127.0.0.1/api/lax/notes/{id}"
    )
    expect(
      suiteOf(document, "precondition-not-enforced")
        ?.getElementsByTagName("testcase")[0]
        ?.getAttribute("name")
    ).toBe("http://127.0.0.1/api/lax")

    const clean = suiteOf(document, "weak-tag-in-if-match")
    expect(clean?.getAttribute("tests")).toBe("1")
    expect(clean?.getAttribute("failures")).toBe("0")
    expect(clean?.getElementsByTagName("testcase")[0]?.getAttribute("name")).toBe("no finding")

    const failures = [...document.getElementsByTagName("failure")].length
    expect(root.getAttribute("failures")).toBe(String(failures))
    expect(failures).toBe(laxReport().summary.failingFindings)
    expect(root.getAttribute("tests")).toBe(String(document.getElementsByTagName("testcase").length))
  })

  it("findings known to the baseline are skipped as known, so the report has no failure", () => {
    const document = parse(formatJunit(laxReport({ knowAll: true }), allRules))
    expect(document.getElementsByTagName("failure")).toHaveLength(0)
    const reasons = [...document.getElementsByTagName("skipped")].map((item) => item.getAttribute("message"))
    expect(reasons.length).toBeGreaterThan(0)
    expect(reasons.every((reason) => reason?.startsWith("known from the baseline: "))).toBe(true)
  })

  it("an unusable input file is a failure of the input suite", () => {
    const report: AuditReport = {
      ...laxReport(),
      files: [{ path: "cut.har", entries: 2, skippedEntries: 0, usable: false }],
      problems: [{ file: "cut.har", message: "truncated: the JSON ends inside log.entries", fatal: true }]
    }
    const input = [...parse(formatJunit(report, [])).getElementsByTagName("testsuite")].find(
      (suite) => suite.getAttribute("name") === "input"
    )
    expect(input?.getElementsByTagName("failure")[0]?.getAttribute("message")).toBe(
      "truncated: the JSON ends inside log.entries"
    )
  })

  it("a rule that fired twice at one endpoint numbers its second case", () => {
    const base = laxReport()
    const lost = base.findings.find((finding) => finding.ruleId === "lost-update")
    if (!lost) throw new Error("no lost update")
    const report: AuditReport = { ...base, findings: [...base.findings, { ...lost, message: "again" }] }
    const names = [
      ...(suiteOf(parse(formatJunit(report, allRules)), "lost-update")?.getElementsByTagName("testcase") ??
        [])
    ].map((item) => item.getAttribute("name"))
    expect(names).toEqual([
      "PUT http://127.0.0.1/api/lax/notes/{id}",
      "PUT http://127.0.0.1/api/lax/notes/{id} (2)"
    ])
  })

  it("any text in a message (markup, quotes, control characters) still makes well-formed XML that reads back", () => {
    const base = laxReport()
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const report: AuditReport = {
          ...base,
          findings: base.findings.map((finding) => ({ ...finding, message: text, resource: `${text}&<"'>` }))
        }
        const document = parse(formatJunit(report, allRules))
        const message = document.getElementsByTagName("failure")[0]?.getAttribute("message")
        // XML cannot hold some control characters: they are dropped, everything else reads back.
        expect(message).toBe(text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ""))
      }),
      { numRuns: 200 }
    )
  })
})
