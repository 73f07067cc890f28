// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { laxScenario, NOTE, renderPanel } from "./panel-harness"

afterEach(cleanup)

describe("a finding's lineage link", () => {
  it("opens the resource with that finding still selected, not the resource's first finding", () => {
    const { store } = renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-findings"))
    const lostUpdate = within(document.querySelector('[data-rule-id="lost-update"]') as HTMLElement)
    fireEvent.click(lostUpdate.getByRole("button", { name: "lineage" }))
    expect(store.getState().view).toBe("resources")
    const { selection } = store.getState()
    expect(selection.resourceKey).toBe(NOTE)
    expect(selection.findingKey).toMatch(/^lost-update:/)
    // Back in Findings, the finding followed is the one marked.
    fireEvent.click(screen.getByTestId("tab-findings"))
    const selected = document.querySelector('[data-testid="finding"].selected')
    expect(selected?.closest("[data-rule-id]")?.getAttribute("data-rule-id")).toBe("lost-update")
  })
})
