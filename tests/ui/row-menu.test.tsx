// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"

import { laxScenario, NOTE, renderPanel } from "./panel-harness"
import { harEntry } from "../adapters/har-entry-builder"
import { WRITE_ROW_MENU_ITEMS } from "../builders/row-menu-items"

afterEach(cleanup)

const row = (id: number) =>
  screen
    .getAllByTestId("traffic-row")
    .find((element) => element.dataset.exchangeId === String(id)) as HTMLElement

describe("the traffic row's context menu", () => {
  it("a right click selects the row and offers copy as curl/fetch (redacted), the URL, the lineage, replay and check", () => {
    const copyText = vi.fn()
    const url = `${NOTE}?sig=s3cret`
    const entries = laxScenario(url)
    const put = entries[3] as { request: { headers: { name: string; value: string }[] } }
    put.request.headers.push({ name: "Authorization", value: "Bearer t0ken" })
    const { store } = renderPanel(entries, { copyText })
    fireEvent.contextMenu(row(4), { clientX: 40, clientY: 60 })
    expect(store.getState().selection.exchangeId).toBe(4)
    const menu = screen.getByTestId("row-menu")
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((item) => item.textContent)
    ).toEqual(WRITE_ROW_MENU_ITEMS)
    expect(document.activeElement).toBe(screen.getByTestId("row-menu-copy-curl"))

    fireEvent.click(screen.getByTestId("row-menu-copy-curl"))
    const curl = copyText.mock.calls[0][0] as string
    expect(curl).toMatch(/^curl --globoff '[^']*\/api\/lax\/notes\/1\?sig=[^']*' \\\n {2}-X 'PUT'/)
    expect(curl).toContain(`-H 'If-Match: "v1"'`)
    expect(curl).not.toContain("s3cret")
    expect(curl).not.toContain("t0ken")
    expect(screen.queryByTestId("row-menu")).toBeNull()

    // Opened past the panel's edge, it moves inside.
    fireEvent.contextMenu(row(4), { clientX: innerWidth + 500, clientY: innerHeight + 500 })
    const { left, top } = screen.getByTestId("row-menu").style
    expect(parseFloat(left)).toBeLessThan(innerWidth)
    expect(parseFloat(top)).toBeLessThan(innerHeight)
    fireEvent.click(screen.getByTestId("row-menu-copy-url"))
    expect(copyText.mock.calls[1][0]).not.toContain("s3cret")

    fireEvent.contextMenu(row(4))
    fireEvent.click(screen.getByTestId("row-menu-copy-curl-secrets"))
    expect(copyText.mock.calls[2][0]).toContain("Authorization: Bearer t0ken")
    expect(copyText.mock.calls[2][0]).toContain("sig=s3cret")

    fireEvent.contextMenu(row(4))
    fireEvent.click(screen.getByTestId("row-menu-check-protection"))
    expect(store.getState()).toMatchObject({
      detailTab: "replay",
      replayIntent: { exchangeId: 4, action: "check-protection" }
    })

    fireEvent.contextMenu(row(4))
    fireEvent.click(screen.getByTestId("row-menu-show-lineage"))
    expect(store.getState().view).toBe("resources")
    expect(store.getState().selection.resourceKey).toBe(NOTE)

    // The exchange the menu was opened on stays selected (not the resource's last one).
    fireEvent.click(screen.getByTestId("tab-traffic"))
    fireEvent.contextMenu(row(2))
    fireEvent.click(screen.getByTestId("row-menu-show-lineage"))
    expect(store.getState().selection).toMatchObject({ exchangeId: 2, resourceKey: NOTE })
  })

  it("copies the response as recorded, secret fields redacted; no item when no body was kept", () => {
    const copyText = vi.fn()
    const entries = laxScenario()
    const read = entries[0] as { response: { content: { text: string } } }
    read.response.content.text = '{"text":"first","access_token":"s3cret"}'
    const { store } = renderPanel(entries, { copyText })
    fireEvent.contextMenu(row(1))
    fireEvent.click(screen.getByTestId("row-menu-copy-response"))
    expect(copyText).toHaveBeenCalledWith('{"text":"first","access_token":"[redacted]"}')

    act(
      () =>
        void store
          .getState()
          .ingest([harEntry({ url: `${NOTE}?empty=1`, method: "DELETE", status: 204 })], "live")
    )
    const emptyRow = screen
      .getAllByTestId("traffic-row")
      .find((element) => element.textContent?.includes("DELETE")) as HTMLElement
    fireEvent.contextMenu(emptyRow)
    expect(screen.queryByTestId("row-menu-copy-response")).toBeNull()
  })

  it("a GraphQL mutation is listed with the API calls, and its menu has no replay and no lineage", () => {
    const mutation = harEntry({
      method: "POST",
      url: "http://127.0.0.1:8787/graphql",
      requestHeaders: [{ name: "Content-Type", value: "application/json" }],
      requestBody: '{"query":"mutation { save(id: 1, text: \\"b\\") { id } }"}'
    })
    renderPanel([...laxScenario(), mutation], { copyText: vi.fn() })
    // Shown without ☐ non-API: an RPC call is API traffic, though about no resource.
    fireEvent.contextMenu(row(5), { clientX: 40, clientY: 60 })
    const items = within(screen.getByTestId("row-menu"))
      .getAllByRole("menuitem")
      .map((item) => item.textContent)
    expect(items).toContain("Copy as curl")
    expect(items).not.toContain("Replay…")
    expect(items).not.toContain("Check protection…")
    expect(items).not.toContain("Show lineage")
  })

  it("a read has no replay; the keyboard opens it on the active row, moves in it and closes it with Escape", () => {
    renderPanel(laxScenario(), { copyText: vi.fn() })
    const grid = screen.getByRole("grid")
    act(() => grid.focus())
    fireEvent.keyDown(grid, { key: "Home" })
    fireEvent.keyDown(grid, { key: "F10", shiftKey: true })
    const items = within(screen.getByTestId("row-menu")).getAllByRole("menuitem")
    expect(items.map((item) => item.textContent)).not.toContain("Replay…")
    fireEvent.keyDown(items[0], { key: "ArrowDown" })
    expect(document.activeElement).toBe(items[1])
    fireEvent.keyDown(items[1], { key: "ArrowUp" })
    fireEvent.keyDown(items[0], { key: "ArrowUp" })
    expect(document.activeElement).toBe(items.at(-1))
    fireEvent.keyDown(items[0], { key: "Escape" })
    expect(screen.queryByTestId("row-menu")).toBeNull()
    expect(document.activeElement).toBe(grid)
  })

  it("the keyboard opens it on the active row after that row was scrolled out of view (not rendered)", async () => {
    const entries = Array.from({ length: 300 }, (_, n) =>
      harEntry({ method: "PUT", url: `http://127.0.0.1:8787/api/items/${n}` })
    )
    renderPanel(entries, { copyText: vi.fn() })
    const grid = screen.getByRole("grid")
    fireEvent.keyDown(grid, { key: "Home" })
    grid.scrollTop = 4000
    await act(async () => {
      fireEvent.scroll(grid)
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    expect(screen.getAllByTestId("traffic-row").map((element) => element.dataset.exchangeId)).not.toContain(
      "1"
    )
    fireEvent.keyDown(grid, { key: "F10", shiftKey: true })
    expect(screen.getByTestId("row-menu").getAttribute("aria-label")).toBe("#1 PUT")
  })
})
