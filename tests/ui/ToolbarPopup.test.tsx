// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { ToolbarPopup } from "../../src/ui/ToolbarPopup"

afterEach(cleanup)

describe("ToolbarPopup", () => {
  it("says where the panel is, with this platform's DevTools keys", () => {
    render(<ToolbarPopup panelTitle="ETags" mac={false} />)
    const text = screen.getByTestId("toolbar-popup").textContent ?? ""
    expect(text).toContain("open DevTools: F12 or Ctrl+Shift+I")
    expect(text).toContain("Pick the ETags panel")
    cleanup()
    render(<ToolbarPopup panelTitle="ETags" mac />)
    expect(screen.getByTestId("toolbar-popup").textContent).toContain("open DevTools: ⌥⌘I")
  })
})
