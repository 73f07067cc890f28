import { readFileSync } from "node:fs"
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEngine } from "../../src/core/engine"
import { exportHar } from "../../src/core/export/export-har"
import { allRules } from "../../src/core/findings"
import { buildCaptureReport } from "../../src/core/report/capture-report"
import { formatMarkdown } from "../../src/core/report/format-markdown"
import { bundleCli, removeBundle, runCli, runJson } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

const captures = [
  "lab-lax.har",
  "lab-strict.har",
  "lab-nox.har",
  "lab-couch.har",
  "lab-weak.har",
  "lab-lax-two-users.har"
]

/** Issue #7: a capture exported from the panel, audited by the CLI, gives the findings the panel showed. */
describe("panel export → etag-audit", () => {
  it.each(captures)("%s: same findings as the engine that recorded it", async (name) => {
    const recorded = JSON.parse(readFileSync(`tests/fixtures/${name}`, "utf8")) as {
      log: { entries: unknown[] }
    }
    const panel = createEngine()
    for (const entry of recorded.log.entries) panel.ingestHarEntry(entry, "live")
    const shown = panel.snapshot()
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const exported = `${directory}/exported.har`
    await writeFile(exported, JSON.stringify(exportHar(shown.exchanges)))

    const { report } = runJson(["--fail-on", "none", exported])
    const fromPanel = shown.findings.map((finding) => [
      finding.ruleId,
      finding.severity,
      finding.message,
      finding.exchangeIds
    ])
    const fromCli = report.findings.map((finding) => [
      finding.ruleId,
      finding.severity,
      finding.message,
      finding.evidence.map((exchange) => exchange.id)
    ])
    expect(fromPanel.length).toBeGreaterThan(0)
    expect(sorted(fromCli)).toEqual(sorted(fromPanel))
    expect(report.policies.map((policy) => policy.summary)).toEqual(
      shown.policies.map((policy) => policy.summary)
    )
  })
})

/** The panel's "Save report (Markdown)" and `etag-audit --markdown` on the HAR it saved tell the same. */
describe("panel report → etag-audit --markdown", () => {
  it.each(["lab-lax.har", "lab-lax-two-users.har"])(
    "%s: the same Markdown below the heading and the line that names what was read",
    async (name) => {
      const recorded = JSON.parse(readFileSync(`tests/fixtures/${name}`, "utf8")) as {
        log: { entries: unknown[] }
      }
      const panel = createEngine()
      for (const entry of recorded.log.entries) panel.ingestHarEntry(entry, "live")
      const shown = panel.snapshot()
      const fromPanel = formatMarkdown(
        buildCaptureReport({
          snapshot: shown,
          rules: allRules,
          version: "1.2.3",
          source: "ETag Lens capture",
          includeSecrets: false
        })
      )
      const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
      const exported = `${directory}/exported.har`
      await writeFile(exported, JSON.stringify(exportHar(shown.exchanges)))
      // The panel's report fails nothing: compare with the CLI's that fails nothing either.
      const fromCli = runCli(["--markdown", "--fail-on", "none", exported]).stdout
      const [panelHead, panelScope, ...panelRest] = fromPanel.split("\n")
      const [cliHead, cliScope, ...cliRest] = fromCli.split("\n")
      expect(panelHead).toBe("## ETag Lens report")
      expect(cliHead).toBe("## ETag audit: ✅ passing (fail on `none`)")
      expect(panelScope).toBe("")
      expect(cliScope).toBe("")
      expect(panelRest[0]).toMatch(/^ETag Lens 1\.2\.3, ETag Lens capture: \d+ exchanges, \d+ resources?$/)
      expect(cliRest[0]).toMatch(/^1 file, \d+ exchanges, \d+ resources?$/)
      expect(panelRest.slice(1).join("\n").trimEnd()).toBe(cliRest.slice(1).join("\n").trimEnd())
    }
  )
})

function sorted(rows: unknown[][]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort()
}
