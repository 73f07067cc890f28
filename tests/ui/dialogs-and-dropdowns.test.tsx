// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { extensionConfig } from "../../plasmo.config"
import { laxScenario, renderPanel } from "./panel-harness"

afterEach(cleanup)

/** Key presses that reached the panel's document: DevTools listens there (its Console drawer on Escape). */
function keysReachingDocument() {
  const keys: string[] = []
  const listener = (event: KeyboardEvent) => keys.push(event.key)
  document.addEventListener("keydown", listener)
  return { keys, stop: () => document.removeEventListener("keydown", listener) }
}

describe("the Settings dialog from the keyboard", () => {
  it("takes the focus, keeps Tab inside, closes on Escape without saving, and gives the focus back", () => {
    const { store } = renderPanel(laxScenario())
    const opener = screen.getByTestId("open-settings")
    opener.focus()
    fireEvent.click(opener)
    const dialog = screen.getByTestId("settings")
    expect(document.activeElement).toBe(screen.getByTestId("setting-api"))

    const save = screen.getByTestId("save-settings")
    save.focus()
    fireEvent.keyDown(save, { key: "Tab" })
    expect(document.activeElement).toBe(screen.getByTestId("setting-api"))
    fireEvent.keyDown(document.activeElement as Element, { key: "Tab", shiftKey: true })
    expect(document.activeElement).toBe(save)

    fireEvent.change(screen.getByTestId("setting-body-fields"), { target: { value: "version" } })
    const reached = keysReachingDocument()
    fireEvent.keyDown(dialog, { key: "Escape" })
    reached.stop()
    expect(screen.queryByTestId("settings")).toBeNull()
    expect(reached.keys).toEqual([])
    expect(store.getState().settings.bodyTagFields).not.toContain("version")
    expect(document.activeElement).toBe(opener)
  })
})

describe("the Settings dialog's body limit", () => {
  it("shows the default as a round number of KB (1 MiB, not 977)", () => {
    const { store } = renderPanel()
    const { maxBodyBytes } = extensionConfig.defaults
    act(() => store.setState({ settings: { ...store.getState().settings, maxBodyBytes } }))
    fireEvent.click(screen.getByTestId("open-settings"))
    expect((screen.getByLabelText("Largest body kept (KB)") as HTMLInputElement).value).toBe("1024")
  })
})

describe("the toolbar's dropdowns", () => {
  it("close on a click elsewhere and on Escape (kept from DevTools), and stay open while filters are ticked", () => {
    const { store } = renderPanel(laxScenario())
    const method = screen.getByTestId("method-filter") as HTMLDetailsElement
    method.open = true
    fireEvent.click(screen.getByLabelText("PUT"))
    fireEvent.click(screen.getByLabelText("GET"))
    expect(store.getState().filter.methods).toEqual(["PUT", "GET"])
    expect(method.open).toBe(true)

    fireEvent.mouseDown(screen.getByTestId("traffic-table"))
    expect(method.open).toBe(false)

    const exportMenu = screen.getByTestId("export-menu") as HTMLDetailsElement
    exportMenu.open = true
    const reached = keysReachingDocument()
    fireEvent.keyDown(screen.getByTestId("export"), { key: "Escape" })
    reached.stop()
    expect(exportMenu.open).toBe(false)
    expect(reached.keys).toEqual([])
    expect(document.activeElement).toBe(exportMenu.querySelector("summary"))
    // Closed, Escape is not ours: it goes on to DevTools.
    const passedOn = keysReachingDocument()
    fireEvent.keyDown(exportMenu, { key: "Escape" })
    passedOn.stop()
    expect(passedOn.keys).toEqual(["Escape"])
  })
})

describe("context menus", () => {
  it("keep Escape from DevTools when they close on it", () => {
    renderPanel(laxScenario())
    fireEvent.contextMenu(screen.getByTestId("traffic-header"))
    const reached = keysReachingDocument()
    fireEvent.keyDown(screen.getByTestId("column-menu"), { key: "Escape" })
    reached.stop()
    expect(screen.queryByTestId("column-menu")).toBeNull()
    expect(reached.keys).toEqual([])
  })
})
