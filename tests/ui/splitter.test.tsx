// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"

import { createMemorySettingsStore } from "../../src/adapters/memory-settings-store"
import { createEngine } from "../../src/core/engine"
import { createPanelStore } from "../../src/store/create-panel-store"
import { PanelApp } from "../../src/ui/PanelApp"
import { settings } from "./panel-harness"

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function renderWithSavedSettings() {
  const settingsStore = createMemorySettingsStore(settings)
  const store = createPanelStore({ engine: createEngine(), settings, settingsStore })
  render(<PanelApp store={store} capabilities={{ rules: new Map() }} theme="light" />)
  const splitter = screen.getByTestId("splitter")
  const body = splitter.closest(".panel-body") as HTMLElement
  const shown = () => ({
    share: body.style.getPropertyValue("--detail-share"),
    aria: splitter.getAttribute("aria-valuenow")
  })
  return { store, settingsStore, splitter, body, shown }
}

/** A panel body 1000 px wide, and a drag of the bar from 600 px to 500 px: a 50% share, not ended. */
function dragToHalf(body: HTMLElement, splitter: HTMLElement) {
  body.getBoundingClientRect = () =>
    ({ left: 0, right: 1000, top: 0, bottom: 500, width: 1000, height: 500 }) as DOMRect
  fireEvent.pointerDown(splitter, { pointerId: 1, clientX: 600 })
  fireEvent.pointerMove(splitter, { pointerId: 1, clientX: 500 })
}

describe("the splitter between the view and the detail pane", () => {
  it("is a focusable vertical separator for the detail pane, at 40% to begin with", () => {
    const { splitter, shown } = renderWithSavedSettings()
    expect(splitter.getAttribute("role")).toBe("separator")
    expect(splitter.getAttribute("aria-orientation")).toBe("vertical")
    expect(splitter.getAttribute("aria-controls")).toBe(screen.getByTestId("detail-pane").id)
    expect(splitter.tabIndex).toBe(0)
    expect(shown()).toEqual({ share: "0.4", aria: "40" })
  })

  it("stands between side-by-side panes when the panel widened before it listened for the width", () => {
    // Narrow at the first render, wide by the time the effect reads the query; no change event
    // comes afterwards (it fired before anyone listened).
    let reads = 0
    vi.stubGlobal("matchMedia", (media: string) => ({
      media,
      get matches() {
        return reads++ === 0
      },
      addEventListener: () => undefined,
      removeEventListener: () => undefined
    }))
    const { splitter } = renderWithSavedSettings()
    expect(reads).toBeGreaterThan(1)
    expect(splitter.getAttribute("aria-orientation")).toBe("vertical")
  })

  it("follows a drag, and saves the share once, when the drag ends", async () => {
    const { store, settingsStore, splitter, body, shown } = renderWithSavedSettings()
    dragToHalf(body, splitter)
    expect(shown()).toEqual({ share: "0.5", aria: "50" })
    expect((await settingsStore.load()).detailPaneShare).toBe(0.4) // not saved mid-drag
    fireEvent.pointerMove(splitter, { pointerId: 1, clientX: 100 })
    expect(shown().aria).toBe("80") // no further than 80%
    fireEvent.pointerUp(splitter, { pointerId: 1, clientX: 300 })
    expect(shown()).toEqual({ share: "0.7", aria: "70" })
    await Promise.resolve()
    expect((await settingsStore.load()).detailPaneShare).toBe(0.7)
    // Moving without a press does nothing.
    fireEvent.pointerMove(splitter, { pointerId: 1, clientX: 900 })
    expect(store.getState().settings.detailPaneShare).toBe(0.7)
  })

  it("ends a drag the browser cancelled where it was last shown, saved; a later move without a press does nothing", async () => {
    const { store, settingsStore, splitter, body, shown } = renderWithSavedSettings()
    dragToHalf(body, splitter)
    fireEvent.pointerCancel(splitter, { pointerId: 1 })
    expect(shown()).toEqual({ share: "0.5", aria: "50" })
    await Promise.resolve()
    expect((await settingsStore.load()).detailPaneShare).toBe(0.5)
    fireEvent.pointerMove(splitter, { pointerId: 1, clientX: 900 })
    expect(store.getState().settings.detailPaneShare).toBe(0.5)
  })

  it("moves with the arrow keys, and Enter or a double click puts it back", async () => {
    const { settingsStore, splitter, shown } = renderWithSavedSettings()
    fireEvent.keyDown(splitter, { key: "ArrowLeft" })
    fireEvent.keyDown(splitter, { key: "ArrowLeft" })
    expect(shown().aria).toBe("50")
    fireEvent.keyDown(splitter, { key: "ArrowRight" })
    expect(shown().aria).toBe("45")
    await Promise.resolve()
    expect((await settingsStore.load()).detailPaneShare).toBeCloseTo(0.45)
    fireEvent.keyDown(splitter, { key: "Enter" })
    expect(shown().aria).toBe("40")
    fireEvent.keyDown(splitter, { key: "ArrowDown" })
    fireEvent.doubleClick(splitter)
    expect(shown()).toEqual({ share: "0.4", aria: "40" })
  })
})
