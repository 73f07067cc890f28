import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { allRules } from "../../../src/core/findings"
import { buildCaptureReport } from "../../../src/core/report/capture-report"
import { formatMarkdown } from "../../../src/core/report/format-markdown"
import { laxScenario, laxScenarioOfTwoUsers } from "../../builders/lax-scenario"

const SIGNED = "http://127.0.0.1:8787/api/lax/notes/1?sig=s3cr3t"

function capture(entries: readonly unknown[]) {
  const engine = createEngine()
  for (const entry of entries) engine.ingestHarEntry(entry, "live")
  return engine.snapshot()
}

const report = (entries: readonly unknown[], includeSecrets = false) =>
  buildCaptureReport({
    snapshot: capture(entries),
    rules: allRules,
    version: "0.1.0",
    source: "ETag Lens capture",
    includeSecrets
  })

describe("buildCaptureReport", () => {
  it("reports the capture as etag-audit does, failing nothing, evidence at its place among the exchanges", () => {
    const built = report(laxScenario())
    expect(built.tool).toEqual({ name: "etag-lens", version: "0.1.0" })
    expect(built.summary).toMatchObject({ files: 1, exchanges: 4, failOn: [], failingFindings: 0 })
    const lost = built.findings.find((finding) => finding.ruleId === "lost-update")
    expect(lost?.severity).toBe("error")
    expect(lost?.evidence.map((exchange) => [exchange.id, exchange.entryIndex, exchange.file])).toEqual([
      [3, 2, "ETag Lens capture"],
      [4, 3, "ETag Lens capture"]
    ])
    expect(built.findings.some((finding) => finding.failing)).toBe(false)
    expect(formatMarkdown(built)).toMatch(/^## ETag Lens report\n/)
    expect(built.resources[0].lineage).toMatch(/✖ lost update: overwrote #3/)
  })

  it("lists entries it could not use as problems, and redacts signed URLs unless asked not to", () => {
    const entries = [...laxScenario(SIGNED), { request: {} }]
    const redacted = report(entries)
    expect(redacted.problems).toEqual([
      { file: "ETag Lens capture", entryIndex: 4, message: "request has no URL", fatal: false }
    ])
    expect(redacted.summary.skippedEntries).toBe(1)
    const markdown = formatMarkdown(redacted)
    expect(markdown).not.toContain("s3cr3t")
    expect(markdown).toContain("ETag Lens 0.1.0, ETag Lens capture: 4 exchanges, 1 resource")
    expect(formatMarkdown(report(entries, true))).toContain("sig=s3cr3t")
  })
})

describe("buildCaptureReport of a capture two users made", () => {
  it("names the users in the lineage when the report keeps credentials, as etag-audit does on such an export", () => {
    expect(report(laxScenarioOfTwoUsers(), true).resources[0].lineage).toMatch(/#1 \(alice\) {2}GET → 200/)
    expect(report(laxScenarioOfTwoUsers(), true).resources[0].lineage).toMatch(
      /#4 \(bob\) {2}PUT If-Match v1 \(STALE/
    )
  })

  it("names none in a redacted report: the redacted export cannot tell them apart", () => {
    expect(report(laxScenarioOfTwoUsers()).resources[0].lineage).not.toMatch(/alice|bob|user A/)
  })

  it("names nobody either where another user's tag names a version (Vary: Authorization, the lab's per-user demo)", () => {
    const har = JSON.parse(readFileSync("tests/fixtures/lab-per-user-two-users.har", "utf8")) as {
      log: { entries: unknown[] }
    }
    const redacted = formatMarkdown(report(har.log.entries))
    expect(redacted).toMatch(/also "[^"]+" \(for another user\)/)
    expect(redacted).not.toMatch(/alice|bob/)
    expect(formatMarkdown(report(har.log.entries, true))).toMatch(/also "[^"]+" \(for bob\)/)
  })
})
