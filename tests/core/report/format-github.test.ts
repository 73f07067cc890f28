import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { allRules } from "../../../src/core/findings"
import { buildAuditReport, type AuditReport } from "../../../src/core/report/audit-report"
import { baselineOf } from "../../../src/core/report/baseline"
import { formatGithub } from "../../../src/core/report/format-github"
import { harEntry } from "../../adapters/har-entry-builder"
import { laxScenario, NOTE } from "../../builders/lax-scenario"

function report(
  entries: readonly unknown[],
  options: { baselineAll?: boolean; problemFile?: string } = {}
): AuditReport {
  const engine = createEngine()
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  return buildAuditReport({
    version: "9.9.9",
    snapshot,
    exchangeCount: entries.length,
    rpcCallCount: 0,
    apiExchangeCount: entries.length,
    rules: allRules,
    evidence: new Map(),
    files: [],
    problems: [
      { file: options.problemFile ?? "broken,1.har", message: "not JSON: 100% broken\nat 1:1", fatal: true }
    ],
    failOn: ["error"],
    isFailing: (finding) => finding.severity === "error",
    includeSecrets: false,
    baseline: options.baselineAll
      ? { path: "known.json", baseline: baselineOf(snapshot.findings) }
      : undefined
  })
}

const commands = (text: string) => text.split("\n").filter((line) => line.startsWith("::"))

describe("formatGithub: GitHub Actions annotations", () => {
  it("an error annotation for what fails the run, a warning or notice for the rest, then the verdict", () => {
    const text = formatGithub(report(laxScenario()))
    const levels = commands(text).map((line) => /^::(\w+) /.exec(line)?.[1])
    expect(levels[0]).toBe("error") // the unusable input
    expect(commands(text)[0]).toBe(
      "::error file=broken%2C1.har,title=etag-audit%3A unusable input::not JSON: 100%25 broken%0Aat 1:1"
    )
    const lost = commands(text).find((line) => line.includes("title=etag-audit lost-update"))
    expect(lost).toMatch(
      /^::error title=etag-audit lost-update%3A http%3A\/\/127\.0\.0\.1\/api\/lax\/notes\/\{id\}::#4 PUT based on v1/
    )
    const missing = commands(text).find((line) => line.includes("title=etag-audit missing-if-match"))
    expect(missing).toMatch(/^::warning /)
    // One line per annotation: its text's line breaks are %0A.
    expect(lost).toContain("%0Afix (client): ")
    expect(text.trimEnd().split("\n").at(-1)).toMatch(
      /^etag-audit 9\.9\.9: \d+ findings — FAIL: \d+ findings? at --fail-on error$/
    )
  })

  it("one annotation per rule and endpoint, with a count: GitHub shows only ten of a level per step", () => {
    const unguarded = [1, 2, 3].map((id) => [
      harEntry({
        url: `${NOTE.replace(/1$/, "")}${id}`,
        responseHeaders: [{ name: "ETag", value: `"a${id}"` }]
      }),
      harEntry({ url: `${NOTE.replace(/1$/, "")}${id}`, method: "PUT", requestBody: "{}" })
    ])
    const missing = commands(formatGithub(report(unguarded.flat()))).filter((line) =>
      line.includes("title=etag-audit missing-if-match")
    )
    expect(missing).toHaveLength(1)
    expect(missing[0]).toContain("notes/{id} (×3)::")
    expect(missing[0]).toContain("%0Aand 2 more here: #4 PUT sent no If-Match")
  })

  it("names no file for an input read from standard input (<stdin>): it is no file of the repository", () => {
    const [unusable] = commands(formatGithub(report([], { problemFile: "<stdin>" })))
    expect(unusable).toBe("::error title=etag-audit%3A unusable input::not JSON: 100%25 broken%0Aat 1:1")
  })

  it("says nothing of findings the baseline knows", () => {
    const known = formatGithub(report(laxScenario(), { baselineAll: true }))
    expect(commands(known).filter((line) => line.includes("title=etag-audit "))).toEqual([])
    expect(known).toMatch(/\d+ known from the baseline — ok at --fail-on error\n$/)
  })
})
