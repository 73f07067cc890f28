// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, renderPanel } from "./panel-harness"

afterEach(cleanup)

const NOTES = Array.from({ length: 500 }, (_, index) => `http://127.0.0.1:8787/api/strict/notes/${index + 1}`)

describe("the Resources view of a busy capture", () => {
  it("renders only the rows in view, and the selected resource's lineage below them", () => {
    const { store } = renderPanel(
      NOTES.map((url, index) => harEntry({ url, responseHeaders: [{ name: "ETag", value: `"t${index}"` }] }))
    )
    fireEvent.click(screen.getByTestId("tab-resources"))
    const rows = screen.getAllByTestId("resource-row")
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(100) // of 500
    expect(rows[0].getAttribute("data-resource-key")).toBe(NOTES[0])
    // Selected elsewhere (the last one): its lineage shows, whichever rows are rendered.
    act(() => store.getState().selectResource(NOTES[499]))
    const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
    expect(lineage.textContent).toContain(NOTES[499])
    expect(lineage.textContent).toContain('"t499"')
    // The filter still finds any of them.
    fireEvent.change(screen.getByTestId("filter"), { target: { value: "notes/250" } })
    expect(screen.getAllByTestId("resource-row").map((row) => row.getAttribute("data-resource-key"))).toEqual(
      [NOTES[249]]
    )
  })

  it("counts a resource's versions and lost updates in words of the right number", () => {
    const one = "http://127.0.0.1:8787/api/lax/notes/1"
    const two = "http://127.0.0.1:8787/api/lax/notes/2"
    const twoLost = laxScenario(two)
    // Another stale PUT after the first lost update: a second one.
    const again = structuredClone(twoLost[3]) as { response: { headers: { name: string; value: string }[] } }
    again.response.headers = [{ name: "ETag", value: '"v5"' }]
    renderPanel([
      harEntry({ url: one, responseHeaders: [{ name: "ETag", value: '"only"' }] }),
      ...twoLost,
      again
    ])
    fireEvent.click(screen.getByTestId("tab-resources"))
    const rowText = (key: string) =>
      screen.getAllByTestId("resource-row").find((row) => row.getAttribute("data-resource-key") === key)
        ?.textContent
    expect(rowText(one)).toContain("1 version")
    expect(rowText(one)).not.toContain("1 versions")
    expect(rowText(two)).toContain("5 versions")
    expect(rowText(two)).toContain("✖ 2 lost updates")
    // Nothing selected yet: the space below the list says what selecting does.
    expect(screen.getByTestId("lineage-hint").textContent).toMatch(/^Select a resource to see its lineage/)
    fireEvent.click(screen.getAllByTestId("resource-row")[0])
    expect(screen.queryByTestId("lineage-hint")).toBeNull()
    expect(screen.getByTestId("lineage")).toBeTruthy()
  })

  it("moves the selection with ↑/↓, Home/End, the focus following it", () => {
    const { store } = renderPanel(
      NOTES.slice(0, 5).map((url, index) =>
        harEntry({ url, responseHeaders: [{ name: "ETag", value: `"t${index}"` }] })
      )
    )
    fireEvent.click(screen.getByTestId("tab-resources"))
    const row = (index: number) =>
      screen
        .getAllByTestId("resource-row")
        .find((element) => element.getAttribute("data-resource-key") === NOTES[index]) as HTMLElement
    row(0).focus()
    fireEvent.click(row(0))
    fireEvent.keyDown(row(0), { key: "ArrowDown" })
    expect(store.getState().selection.resourceKey).toBe(NOTES[1])
    expect(document.activeElement).toBe(row(1))
    fireEvent.keyDown(row(1), { key: "End" })
    expect(store.getState().selection.resourceKey).toBe(NOTES[4])
    expect(document.activeElement).toBe(row(4))
    fireEvent.keyDown(row(4), { key: "ArrowDown" })
    expect(store.getState().selection.resourceKey).toBe(NOTES[4])
    fireEvent.keyDown(row(4), { key: "Home" })
    fireEvent.keyDown(row(0), { key: "ArrowUp" })
    expect(store.getState().selection.resourceKey).toBe(NOTES[0])
    expect(document.activeElement).toBe(row(0))
    // The lineage below is the selected resource's.
    expect(within(screen.getByTestId("resources-view")).getByTestId("lineage").textContent).toContain(
      NOTES[0]
    )
  })
})
