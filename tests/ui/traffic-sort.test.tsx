// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, NOTE, renderPanel } from "./panel-harness"

afterEach(cleanup)

const ids = () =>
  screen.getAllByTestId("traffic-row").map((row) => Number(row.getAttribute("data-exchange-id")))
const headerOf = (testId: string) => screen.getByTestId(testId).closest("[role=columnheader]")

describe("sorting the Traffic table by a column", () => {
  const capture = () => [
    ...laxScenario(), // #1 GET 200, #2–#4 PUT 200; #3 and #4 have findings (#4 a lost update)
    harEntry({
      url: NOTE,
      method: "PUT",
      status: 412,
      requestHeaders: [{ name: "If-Match", value: '"v1"' }]
    }),
    harEntry({ url: "http://127.0.0.1:8787/api/lax/a-first", status: 404 })
  ]

  it("is arrival order until a header is clicked; a click sorts, a second reverses", () => {
    renderPanel(capture())
    expect(ids()).toEqual([1, 2, 3, 4, 5, 6])
    expect(headerOf("sort-id")?.getAttribute("aria-sort")).toBe("ascending")
    fireEvent.click(screen.getByTestId("sort-status"))
    expect(ids()).toEqual([1, 2, 3, 4, 6, 5]) // ties stay in arrival order
    expect(headerOf("sort-status")?.getAttribute("aria-sort")).toBe("ascending")
    expect(headerOf("sort-id")?.getAttribute("aria-sort")).toBe("none")
    fireEvent.click(screen.getByTestId("sort-status"))
    expect(ids()).toEqual([5, 6, 1, 2, 3, 4])
    expect(headerOf("sort-status")?.getAttribute("aria-sort")).toBe("descending")
    expect(screen.getByTestId("sort-status").textContent).toBe("Status ▾")
  })

  it("by method and URL; by findings puts the worst first; # again gives arrival order back", () => {
    renderPanel(capture())
    fireEvent.click(screen.getByTestId("sort-method"))
    expect(ids()).toEqual([1, 6, 2, 3, 4, 5])
    fireEvent.click(screen.getByTestId("sort-url"))
    expect(ids()[0]).toBe(6) // …/a-first
    fireEvent.click(screen.getByTestId("sort-findings"))
    const [worst] = ids()
    expect(screen.getAllByTestId("traffic-row")[0].textContent).toContain("lost-update")
    expect(worst).toBe(4)
    fireEvent.click(screen.getByTestId("sort-id"))
    expect(ids()).toEqual([1, 2, 3, 4, 5, 6])
    fireEvent.click(screen.getByTestId("sort-id"))
    expect(ids()).toEqual([6, 5, 4, 3, 2, 1]) // newest first
  })

  it("the order is kept while another view is shown", () => {
    renderPanel(capture())
    fireEvent.click(screen.getByTestId("sort-status"))
    fireEvent.click(screen.getByTestId("sort-status"))
    fireEvent.click(screen.getByTestId("tab-findings"))
    fireEvent.click(screen.getByTestId("tab-traffic"))
    expect(ids()).toEqual([5, 6, 1, 2, 3, 4])
  })

  it("keyboard moves follow the sorted order", () => {
    renderPanel(capture())
    fireEvent.click(screen.getByTestId("sort-status"))
    fireEvent.click(screen.getByTestId("sort-status"))
    const grid = screen.getByRole("grid", { name: "Traffic" })
    fireEvent.keyDown(grid, { key: "Home" })
    fireEvent.keyDown(grid, { key: "Enter" })
    expect(
      screen
        .getAllByTestId("traffic-row")
        .find((row) => row.getAttribute("aria-selected") === "true")
        ?.getAttribute("data-exchange-id")
    ).toBe("5")
  })
})
