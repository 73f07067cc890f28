// @vitest-environment happy-dom
import { readFileSync } from "node:fs"

import { cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { renderPanel } from "./panel-harness"

afterEach(cleanup)

function labLaxEntries(): unknown[] {
  const har = JSON.parse(readFileSync("tests/fixtures/lab-lax.har", "utf8")) as {
    log: { entries: unknown[] }
  }
  return har.log.entries
}

describe("Findings tab label (DESIGN.md: total ✖ errors ⚠ warnings)", () => {
  it("agrees with the engine and with the Findings view on the lab's lax capture", () => {
    const { store } = renderPanel(labLaxEntries())
    const findings = store.getState().snapshot.findings
    const errors = findings.filter((finding) => finding.severity === "error")
    const warnings = findings.filter((finding) => finding.severity === "warning")
    // The lax server accepts a stale write: both kinds must be present for the check to mean anything.
    expect(errors.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(["lost-update", "precondition-not-enforced"])
    )
    expect(warnings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(["missing-if-match", "precondition-optional"])
    )

    const tab = screen.getByTestId("tab-findings")
    expect(tab.textContent).toBe(`Findings (${findings.length} ✖ ${errors.length} ⚠ ${warnings.length})`)
    expect(tab.getAttribute("title")).toContain(`${findings.length} findings`)

    fireEvent.click(tab)
    expect(screen.getAllByTestId("finding")).toHaveLength(findings.length)
    const ruleIds = screen.getAllByTestId("rule-group").map((group) => group.dataset.ruleId)
    expect(new Set(ruleIds)).toEqual(new Set(findings.map((finding) => finding.ruleId)))
    // Errors first, as the CLI's reports order them, although the warning fired first (#3 before #4).
    const severities = screen.getAllByTestId("rule-group").map((group) => group.classList[1])
    expect(severities).toEqual(["error", "error", "warning", "warning"])
    expect(ruleIds.slice(0, 2)).toEqual(["lost-update", "precondition-not-enforced"])
  })
})
