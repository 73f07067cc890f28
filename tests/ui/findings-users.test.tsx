// @vitest-environment happy-dom
import { readFileSync } from "node:fs"

import { cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { renderPanel } from "./panel-harness"

afterEach(cleanup)

function entriesOf(fixture: string): unknown[] {
  return (JSON.parse(readFileSync(`tests/fixtures/${fixture}`, "utf8")) as { log: { entries: unknown[] } })
    .log.entries
}

describe("Findings evidence names its users where two or more touched the resource", () => {
  it("the lab's two-user lax capture: the lost update is the second user's write over the first's", () => {
    renderPanel(entriesOf("lab-lax-two-users.har"))
    fireEvent.click(screen.getByTestId("tab-findings"))
    const lost = screen
      .getAllByTestId("finding")
      .find((finding) => finding.closest('[data-rule-id="lost-update"]') !== null)
    expect(lost).toBeDefined()
    // Recorded with opaque tokens: the users are lettered in order of first appearance.
    expect(
      within(lost!)
        .getAllByTestId("event-user")
        .map((chip) => chip.textContent)
    ).toEqual([
      "user A", // the write it overwrote (context)
      "user B" // the stale write
    ])
  })

  it("one user's capture names nobody", () => {
    renderPanel(entriesOf("lab-lax.har"))
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(screen.queryAllByTestId("event-user")).toEqual([])
  })
})
