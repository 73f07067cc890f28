import { readFileSync } from "node:fs"
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEngine } from "../../src/core/engine"
import { exportHar } from "../../src/core/export/export-har"
import { bundleCli, removeBundle, runJson } from "./run-cli"

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

function sorted(rows: unknown[][]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort()
}
