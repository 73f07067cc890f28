// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { shortcutOf } from "../../src/ui/shortcuts"
import { laxScenario, renderPanel } from "./panel-harness"

afterEach(cleanup)

const keys = (
  key: string,
  modifiers: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>>
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers
})

describe("shortcutOf: DevTools' Network panel bindings", () => {
  it.each([
    [keys("e", { ctrlKey: true }), false, "toggle-recording"],
    [keys("l", { ctrlKey: true }), false, "clear"],
    [keys("f", { ctrlKey: true }), false, "find"],
    [keys("E", { metaKey: true }), true, "toggle-recording"],
    [keys("k", { metaKey: true }), true, "clear"],
    [keys("l", { ctrlKey: true }), true, "clear"],
    [keys("f", { metaKey: true }), true, "find"],
    // A Mac's Control chords edit text (Ctrl+E: end of line, Ctrl+K: delete to the end of it).
    [keys("e", { ctrlKey: true }), true, undefined],
    [keys("k", { ctrlKey: true }), true, undefined],
    [keys("e", { metaKey: true }), false, undefined],
    [keys("k", { ctrlKey: true }), false, undefined],
    [keys("e", {}), false, undefined],
    [keys("e", { ctrlKey: true, shiftKey: true }), false, undefined],
    [keys("l", { ctrlKey: true, altKey: true }), false, undefined]
  ])("%o on a Mac: %s → %s", (event, mac, shortcut) => {
    expect(shortcutOf(event, mac)).toBe(shortcut)
  })
})

describe("the panel's shortcuts", () => {
  it("Ctrl+E pauses and resumes recording, Ctrl+L clears, Ctrl+F goes to the filter box", () => {
    const { store } = renderPanel(laxScenario())
    expect(store.getState().recording).toBe(true)
    fireEvent.keyDown(document, { key: "e", ctrlKey: true })
    expect(store.getState().recording).toBe(false)
    expect(screen.getByTestId("record").textContent).toContain("Paused")
    fireEvent.keyDown(document, { key: "e", ctrlKey: true })
    expect(store.getState().recording).toBe(true)

    expect(document.activeElement).not.toBe(screen.getByTestId("filter"))
    fireEvent.keyDown(document, { key: "f", ctrlKey: true })
    expect(document.activeElement).toBe(screen.getByTestId("filter"))
    fireEvent.change(screen.getByTestId("filter"), { target: { value: "no-such-url" } })
    expect(screen.getByTestId("traffic-table").textContent).toContain("No exchange matches the filter.")
    fireEvent.change(screen.getByTestId("filter"), { target: { value: "" } })

    expect(store.getState().snapshot.exchanges).toHaveLength(4)
    fireEvent.keyDown(document, { key: "e" }) // no modifier: typing, not a shortcut
    expect(store.getState().recording).toBe(true)
    // Not while a text is being edited (a replay body): the capture stays.
    const textarea = document.body.appendChild(document.createElement("textarea"))
    fireEvent.keyDown(textarea, { key: "l", ctrlKey: true })
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
    textarea.remove()
    fireEvent.keyDown(document, { key: "l", ctrlKey: true })
    expect(store.getState().snapshot.exchanges).toHaveLength(0)
    expect(screen.getByTestId("record").getAttribute("title")).toMatch(/\(Ctrl\+E\)$/)
  })

  it("does nothing while a modal dialog is open: the capture behind ⚙ Settings stays, the focus too", () => {
    const { store } = renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("open-settings"))
    const field = screen.getByTestId("setting-body-fields")
    field.focus()
    fireEvent.keyDown(field, { key: "l", ctrlKey: true })
    fireEvent.keyDown(field, { key: "e", ctrlKey: true })
    fireEvent.keyDown(field, { key: "f", ctrlKey: true })
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
    expect(store.getState().recording).toBe(true)
    expect(document.activeElement).toBe(field)
  })

  it("where DevTools has its own search bar (Chrome), Ctrl+F is left to DevTools", () => {
    renderPanel(laxScenario(), { devtoolsSearch: true })
    const event = new KeyboardEvent("keydown", { key: "f", ctrlKey: true, bubbles: true, cancelable: true })
    document.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(false)
    expect(document.activeElement).not.toBe(screen.getByTestId("filter"))
  })
})
