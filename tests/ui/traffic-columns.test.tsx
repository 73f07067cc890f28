// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { createMemorySettingsStore } from "../../src/adapters/memory-settings-store"
import { createEngine } from "../../src/core/engine"
import { createPanelStore } from "../../src/store/create-panel-store"
import { PanelApp } from "../../src/ui/PanelApp"
import { laxScenario, NOTE, settings } from "./panel-harness"
import { laxScenarioOfTwoUsers } from "../builders/lax-scenario"
import { ALL_TRAFFIC_COLUMNS } from "../builders/traffic-columns"

afterEach(cleanup)

const columnTitles = (header: HTMLElement) =>
  within(header)
    .getAllByRole("columnheader")
    .map((cell) => cell.textContent?.trim())

function renderWithSavedSettings() {
  const settingsStore = createMemorySettingsStore(settings)
  const store = createPanelStore({ engine: createEngine(), settings, settingsStore })
  store.getState().ingest(laxScenario(NOTE), "live")
  render(<PanelApp store={store} capabilities={{ rules: new Map() }} theme="light" />)
  const header = screen.getByTestId("traffic-header")
  const titles = () => columnTitles(header)
  const firstRowCells = () => screen.getAllByTestId("traffic-row")[0].children.length
  const template = () => screen.getByTestId("traffic-table").style.getPropertyValue("--traffic-columns")
  return { store, settingsStore, header, titles, firstRowCells, template }
}

describe("the Traffic table's columns", () => {
  it("hides a column from the header's context menu, in the header and every row, and saves it", async () => {
    const { store, settingsStore, header, titles, firstRowCells } = renderWithSavedSettings()
    expect(titles()).toEqual(ALL_TRAFFIC_COLUMNS)
    expect(firstRowCells()).toBe(9)

    fireEvent.contextMenu(header, { clientX: 100, clientY: 10 })
    const menu = screen.getByTestId("column-menu")
    const tag = within(menu).getByTestId("column-menu-Tag")
    expect(tag.getAttribute("role")).toBe("menuitemcheckbox")
    expect(tag.getAttribute("aria-checked")).toBe("true")
    // # and URL name the request: they cannot be hidden.
    expect((within(menu).getByTestId("column-menu-URL") as HTMLButtonElement).disabled).toBe(true)
    expect((within(menu).getByTestId("column-menu-#") as HTMLButtonElement).disabled).toBe(true)
    // The first item that can be used has the focus.
    expect(document.activeElement).toBe(within(menu).getByTestId("column-menu-Method"))

    await act(async () => fireEvent.click(tag))
    expect(screen.queryByTestId("column-menu")).toBeNull()
    expect(titles()).not.toContain("Tag")
    expect(firstRowCells()).toBe(8)
    expect((await settingsStore.load()).trafficColumns.hidden).toEqual(["Tag"])
    expect(store.getState().settings.trafficColumns.hidden).toEqual(["Tag"])

    fireEvent.contextMenu(header)
    expect(screen.getByTestId("column-menu-Tag").getAttribute("aria-checked")).toBe("false")
    await act(async () => fireEvent.click(screen.getByTestId("column-menu-Tag")))
    expect(titles()).toContain("Tag")
    expect(firstRowCells()).toBe(9)
  })

  it("says in each header's tooltip what the column tells", () => {
    const { header } = renderWithSavedSettings()
    const cells = within(header).getAllByRole("columnheader")
    const titleOf = (name: string) => {
      const cell = cells.find((candidate) => candidate.textContent?.trim().startsWith(name)) as HTMLElement
      return cell.title || (cell.querySelector("button") as HTMLElement).title
    }
    expect(titleOf("Version")).toMatch(/based on → the one it made/)
    expect(titleOf("Source")).toMatch(/ETag header, a body field/)
    expect(titleOf("Status")).toBe("The response's status code. Click to sort by Status.")
    expect(cells.every((cell) => (cell.title || cell.querySelector("button")?.title || "").length > 10)).toBe(
      true
    )
  })

  it("opens the column menu from the keyboard on a header (ContextMenu, Shift+F10), not the row menu", () => {
    renderWithSavedSettings()
    const sortByStatus = screen.getByTestId("sort-status")
    sortByStatus.focus()
    fireEvent.keyDown(sortByStatus, { key: "F10", shiftKey: true })
    expect(screen.getByTestId("column-menu")).toBeTruthy()
    expect(screen.queryByTestId("row-menu")).toBeNull()
    fireEvent.keyDown(screen.getByTestId("column-menu"), { key: "Escape" })
    expect(screen.queryByTestId("column-menu")).toBeNull()
  })

  it("resizes a column by dragging its edge, saving once when the drag ends; a double click puts it back", async () => {
    const { settingsStore, template } = renderWithSavedSettings()
    const edge = screen.getByTestId("resize-method")
    expect(edge.getAttribute("role")).toBe("separator")
    expect(edge.getAttribute("aria-valuenow")).toBe("56")
    // The column's cell as laid out (happy-dom lays nothing out).
    ;(edge.parentElement as HTMLElement).getBoundingClientRect = () => ({ width: 56 }) as DOMRect

    fireEvent.pointerDown(edge, { pointerId: 1, clientX: 200 })
    fireEvent.pointerMove(edge, { pointerId: 1, clientX: 240 })
    expect(template()).toBe("40px 96px minmax(100px, 1fr) 48px 72px 114px 106px 64px 172px")
    expect((await settingsStore.load()).trafficColumns.widths).toEqual({})
    await act(async () => fireEvent.pointerUp(edge, { pointerId: 1, clientX: 250 }))
    expect(template()).toBe("40px 106px minmax(100px, 1fr) 48px 72px 114px 106px 64px 172px")
    expect(edge.getAttribute("aria-valuenow")).toBe("106")
    expect((await settingsStore.load()).trafficColumns.widths).toEqual({ Method: 106 })
    // A move after the drag ended changes nothing.
    fireEvent.pointerMove(edge, { pointerId: 1, clientX: 400 })
    expect(template()).toContain("106px")

    await act(async () => fireEvent.doubleClick(edge))
    expect(template()).toBe("40px 56px minmax(100px, 1fr) 48px 72px 114px 106px 64px 172px")
    expect((await settingsStore.load()).trafficColumns.widths).toEqual({})
  })

  it("ends a column drag the browser cancelled at the width last shown, saved", async () => {
    const { settingsStore, template } = renderWithSavedSettings()
    const edge = screen.getByTestId("resize-method")
    ;(edge.parentElement as HTMLElement).getBoundingClientRect = () => ({ width: 56 }) as DOMRect
    fireEvent.pointerDown(edge, { pointerId: 1, clientX: 200 })
    fireEvent.pointerMove(edge, { pointerId: 1, clientX: 230 })
    await act(async () => fireEvent.pointerCancel(edge, { pointerId: 1 }))
    expect((await settingsStore.load()).trafficColumns.widths).toEqual({ Method: 86 })
    fireEvent.pointerMove(edge, { pointerId: 1, clientX: 400 })
    expect(template()).toContain(" 86px ")
  })

  it("counts the header as the grid's first row for assistive technology", () => {
    renderWithSavedSettings()
    const grid = screen.getByRole("grid", { name: "Traffic" })
    const rowsShown = screen.getAllByTestId("traffic-row")
    expect(rowsShown.length).toBeGreaterThan(0)
    expect(grid.getAttribute("aria-rowcount")).toBe(String(rowsShown.length + 1))
    expect(screen.getByTestId("traffic-header").getAttribute("aria-rowindex")).toBe("1")
    expect(rowsShown.map((row) => row.getAttribute("aria-rowindex"))).toEqual(
      rowsShown.map((_, position) => String(position + 2))
    )
  })

  it("resizes the focused edge with ←/→ without moving the active row; URL then keeps its width", async () => {
    const { store, template } = renderWithSavedSettings()
    const urlEdge = screen.getByTestId("resize-url")
    ;(urlEdge.parentElement as HTMLElement).getBoundingClientRect = () => ({ width: 240 }) as DOMRect
    urlEdge.focus()
    await act(async () => fireEvent.keyDown(urlEdge, { key: "ArrowRight" }))
    expect(template()).toBe("40px 56px 248px 48px 72px 114px 106px 64px minmax(172px, 1fr)")
    expect(store.getState().selection.exchangeId).toBeUndefined()
    expect(document.querySelector(".traffic-row.active")).toBeNull()
    expect(screen.getByTestId("traffic-table").style.getPropertyValue("--traffic-min-width")).toBe(
      `${772 - 100 + 248}px`
    )
  })

  it("puts every column back from the menu's Reset columns", async () => {
    const { store, titles, template } = renderWithSavedSettings()
    await act(() =>
      store.getState().arrangeTrafficColumns({ hidden: ["Source", "Version"], widths: { Tag: 300 } }, true)
    )
    expect(titles()).not.toContain("Source")
    expect(template()).toContain("300px")
    fireEvent.contextMenu(screen.getByTestId("traffic-header"))
    await act(async () => fireEvent.click(screen.getByTestId("column-menu-reset")))
    expect(titles()).toHaveLength(9)
    expect(template()).toBe("40px 56px minmax(100px, 1fr) 48px 72px 114px 106px 64px 172px")
  })

  it("shows a User column where two or more users sent the requests; hidden from its menu like any other", async () => {
    const settingsStore = createMemorySettingsStore(settings)
    const store = createPanelStore({ engine: createEngine(), settings, settingsStore })
    store.getState().ingest(laxScenarioOfTwoUsers(NOTE), "live")
    render(<PanelApp store={store} capabilities={{ rules: new Map() }} theme="light" />)
    const header = screen.getByTestId("traffic-header")
    const titles = () => columnTitles(header)
    expect(titles()).toEqual([
      "#",
      "Method",
      "URL",
      "Status",
      "User",
      "Version",
      "Precondition",
      "Tag",
      "Source",
      "Findings"
    ])
    expect(screen.getAllByTestId("user-cell").map((cell) => cell.textContent)).toEqual([
      "alice",
      "alice",
      "bob",
      "bob"
    ])

    fireEvent.contextMenu(header)
    const user = screen.getByTestId("column-menu-User")
    expect(user.getAttribute("aria-checked")).toBe("true")
    await act(async () => fireEvent.click(user))
    expect(titles()).not.toContain("User")
    expect(screen.queryAllByTestId("user-cell")).toEqual([])
  })

  it("shows no User column where one user (or none) sent the requests", () => {
    renderWithSavedSettings()
    expect(screen.queryAllByTestId("user-cell")).toEqual([])
    fireEvent.contextMenu(screen.getByTestId("traffic-header"))
    // The choice stays the user's: checked, to show once a second user appears.
    expect(screen.getByTestId("column-menu-User").getAttribute("aria-checked")).toBe("true")
  })
})
