// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { renderPanel } from "./panel-harness"

afterEach(cleanup)

const note = (n: number) =>
  harEntry({ url: `http://127.0.0.1:8787/api/strict/notes/${n}`, text: `{"n":${n}}` })

describe("the Traffic table's active row", () => {
  it("stays on its exchange when a new row arrives above it (newest first)", () => {
    const { store } = renderPanel([note(1), note(2), note(3)])
    fireEvent.click(screen.getByTestId("sort-id")) // # descending: 3, 2, 1
    const grid = screen.getByRole("grid", { name: "Traffic" })
    fireEvent.keyDown(grid, { key: "ArrowDown" })
    fireEvent.keyDown(grid, { key: "ArrowDown" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-2")
    act(() => store.getState().ingest([note(4)], "live"))
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-2")
    fireEvent.keyDown(grid, { key: "Enter" })
    expect(store.getState().selection.exchangeId).toBe(2)
  })

  it("moves a page of rows with PageDown and PageUp: the rows the grid shows, less one", () => {
    renderPanel(Array.from({ length: 30 }, (_, index) => note(index + 1)))
    const grid = screen.getByRole("grid", { name: "Traffic" })
    // 120 px high: 6 rows shown, a page is 5 (happy-dom lays nothing out).
    Object.defineProperty(grid, "clientHeight", { value: 120 })
    fireEvent.keyDown(grid, { key: "Home" })
    fireEvent.keyDown(grid, { key: "PageDown" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-6")
    fireEvent.keyDown(grid, { key: "PageDown" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-11")
    fireEvent.keyDown(grid, { key: "PageUp" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-6")
    fireEvent.keyDown(grid, { key: "PageUp" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-1")
  })

  it("stays on its exchange when the filter hides rows before it", () => {
    const { store } = renderPanel([note(1), note(2), note(3)])
    const grid = screen.getByRole("grid", { name: "Traffic" })
    fireEvent.keyDown(grid, { key: "End" })
    fireEvent.change(screen.getByTestId("filter"), { target: { value: "-notes/1" } })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-3")
    fireEvent.keyDown(grid, { key: "Enter" })
    expect(store.getState().selection.exchangeId).toBe(3)
  })

  it("leaves Enter on a header's sort button to the button (it sorts, it selects no row)", () => {
    const { store } = renderPanel([note(1), note(2)])
    const grid = screen.getByRole("grid", { name: "Traffic" })
    fireEvent.keyDown(grid, { key: "ArrowDown" })
    const sortButton = screen.getByTestId("sort-status")
    sortButton.focus()
    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true })
    sortButton.dispatchEvent(enter)
    // Not prevented: the browser then clicks the button, as Space does.
    expect(enter.defaultPrevented).toBe(false)
    expect(store.getState().selection.exchangeId).toBeUndefined()
    fireEvent.keyDown(sortButton, { key: "ArrowDown" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-1")
  })

  it("is none in a new capture after Clear (its exchanges are numbered from 1 again)", () => {
    const { store } = renderPanel([note(1), note(2), note(3)])
    const grid = screen.getByRole("grid", { name: "Traffic" })
    fireEvent.keyDown(grid, { key: "End" })
    expect(grid.getAttribute("aria-activedescendant")).toBe("row-3")
    act(() => store.getState().clear())
    act(() => store.getState().ingest([note(5), note(6), note(7)], "live"))
    expect(grid.getAttribute("aria-activedescendant")).toBeNull()
    fireEvent.keyDown(grid, { key: "Enter" })
    expect(store.getState().selection.exchangeId).toBeUndefined()
  })
})
