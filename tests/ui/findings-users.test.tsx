// @vitest-environment happy-dom
import { readFileSync } from "node:fs"

import { act, cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { mergeCaptures } from "../../src/core/har/start-time"
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

  it("the lab's two-user capture without If-Match: Bob's save over Alice's unread change is a lost update in every view", () => {
    renderPanel(entriesOf("lab-lax-blind-two-users.har"))
    // Traffic: the two saves' Version cells, Alice's unguarded, Bob's lost.
    const saves = screen
      .getAllByTestId("version-cell")
      .filter((cell) => cell.textContent === "— → v2" || cell.textContent === "— → v3")
    expect(saves.map((cell) => cell.className.replace("cell mono version ", ""))).toEqual([
      "unguarded",
      "lost"
    ])
    expect(saves[1].title).toBe("(no precondition) → made v3 — lost update: overwrote v2")

    fireEvent.click(screen.getByTestId("tab-resources"))
    const row = screen
      .getAllByTestId("resource-row")
      .find((candidate) => candidate.dataset.resourceKey?.endsWith("/api/lax/notes/1"))
    expect(row?.textContent).toContain("✖ 1 lost update")
    fireEvent.click(row!)
    const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
    const lost = lineage.querySelectorAll(".lineage-event.lost-update")
    expect([...lost].map((event) => event.textContent)).toEqual([
      expect.stringMatching(/PUT.*bob.*\(no precondition\).*lost update: overwrote v2/)
    ])
  })

  it("a real Django pair whose saves answer without a tag: the lost update names the overwritten save, not a version", () => {
    const captures = ["alice", "bob"].map((person) => {
      const file = `real-django-sessions-blind-${person}.har`
      return { file, entries: entriesOf(file) }
    })
    renderPanel(mergeCaptures(captures).map((timed) => timed.entry))
    fireEvent.click(screen.getByTestId("tab-resources"))
    fireEvent.click(
      screen.getAllByTestId("resource-row").find((row) => row.dataset.resourceKey?.endsWith("/notes/1"))!
    )
    const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
    const saves = [...lineage.querySelectorAll<HTMLElement>(".lineage-event.write")]
    expect(saves).toHaveLength(2)
    // Alice's save made no version the traffic can name (its answer has no tag): named by its exchange.
    expect(saves[1].classList.contains("lost-update")).toBe(true)
    expect(saves[1].textContent).toContain(`lost update: overwrote #${saves[0].dataset.exchangeId}`)
    // …a link to it, as the row's own exchange number is.
    const link = saves[1].querySelector<HTMLElement>(".verdict .exchange-link")
    expect(link?.textContent).toBe(`#${saves[0].dataset.exchangeId}`)
  })

  it("two people's captures imported one after the other: the notice offers Merge by start time, which shows the lost update", async () => {
    const { store } = renderPanel()
    const imported = (person: string) => {
      const fileName = `real-django-sessions-blind-${person}.har`
      return { fileName, text: readFileSync(`tests/fixtures/${fileName}`, "utf8") }
    }
    await act(() => store.getState().importHars([imported("alice")]))
    expect(screen.queryByTestId("merge-by-start-time")).toBeNull()
    await act(() => store.getState().importHars([imported("bob")]))
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(screen.queryAllByTestId("rule-group").map((group) => group.dataset.ruleId)).not.toContain(
      "lost-update"
    )

    await act(async () => fireEvent.click(screen.getByTestId("merge-by-start-time")))
    expect(screen.getAllByTestId("rule-group").map((group) => group.dataset.ruleId)).toContain("lost-update")
    expect(screen.getByTestId("notice").textContent).toMatch(
      /^Imported 8 entries from the capture, merged by start time/
    )
    expect(screen.queryByTestId("merge-by-start-time")).toBeNull()
  })

  it("one user's capture names nobody", () => {
    renderPanel(entriesOf("lab-lax.har"))
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(screen.queryAllByTestId("event-user")).toEqual([])
  })
})
