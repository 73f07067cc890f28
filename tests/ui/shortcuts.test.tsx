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
    [keys("e", { ctrlKey: true }), "toggle-recording"],
    [keys("E", { metaKey: true }), "toggle-recording"],
    [keys("l", { ctrlKey: true }), "clear"],
    [keys("k", { metaKey: true }), "clear"],
    [keys("f", { ctrlKey: true }), "find"],
    [keys("k", { ctrlKey: true }), undefined],
    [keys("e", {}), undefined],
    [keys("e", { ctrlKey: true, shiftKey: true }), undefined],
    [keys("l", { ctrlKey: true, altKey: true }), undefined]
  ])("%o → %s", (event, shortcut) => {
    expect(shortcutOf(event)).toBe(shortcut)
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

    expect(store.getState().snapshot.exchanges).toHaveLength(4)
    fireEvent.keyDown(document, { key: "e" }) // no modifier: typing, not a shortcut
    expect(store.getState().recording).toBe(true)
    fireEvent.keyDown(document, { key: "l", ctrlKey: true })
    expect(store.getState().snapshot.exchanges).toHaveLength(0)
    expect(screen.getByTestId("record").getAttribute("title")).toMatch(/\(Ctrl\+E\)$/)
  })
})
