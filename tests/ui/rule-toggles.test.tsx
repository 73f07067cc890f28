// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { createMemorySettingsStore } from "../../src/adapters/memory-settings-store"
import { createEngine } from "../../src/core/engine"
import { allRules } from "../../src/core/findings"
import { createPanelStore } from "../../src/store/create-panel-store"
import { PanelApp } from "../../src/ui/PanelApp"
import { laxScenario, settings } from "./panel-harness"

afterEach(cleanup)

function renderWithSettingsStore() {
  const settingsStore = createMemorySettingsStore(settings)
  const store = createPanelStore({ engine: createEngine(), settings, settingsStore })
  store.getState().ingest(laxScenario(), "live")
  const rules = new Map(allRules.map((rule) => [rule.id, rule]))
  render(<PanelApp store={store} capabilities={{ rules }} theme="light" />)
  return { store, settingsStore }
}

const ruleIds = (store: ReturnType<typeof renderWithSettingsStore>["store"]) =>
  store.getState().snapshot.findings.map((finding) => finding.ruleId)

describe("⚙ Settings → rules reported", () => {
  it("disables a rule: stored, the engine stops reporting it, and it can be enabled again", async () => {
    const { store, settingsStore } = renderWithSettingsStore()
    expect(ruleIds(store)).toContain("missing-if-match")

    fireEvent.click(screen.getByTestId("open-settings"))
    expect(screen.getAllByRole("checkbox", { checked: true }).length).toBeGreaterThanOrEqual(allRules.length)
    fireEvent.click(screen.getByTestId("rule-toggle-missing-if-match"))
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())

    expect(store.getState().settings.disabledRules).toEqual(["missing-if-match"])
    expect((settingsStore.stored as { disabledRules: string[] }).disabledRules).toEqual(["missing-if-match"])
    expect(ruleIds(store)).not.toContain("missing-if-match")
    expect(ruleIds(store)).toContain("lost-update")
    expect(screen.getByTestId("tab-findings").textContent).toBe(
      `Findings (${store.getState().snapshot.findings.length} ✖ ${
        store.getState().snapshot.findings.filter((finding) => finding.severity === "error").length
      } ⚠ ${store.getState().snapshot.findings.filter((finding) => finding.severity === "warning").length})`
    )

    fireEvent.click(screen.getByTestId("open-settings"))
    const toggle = screen.getByTestId("rule-toggle-missing-if-match") as HTMLInputElement
    expect(toggle.checked).toBe(false)
    fireEvent.click(toggle)
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings.disabledRules).toEqual([])
    expect(ruleIds(store)).toContain("missing-if-match")
  })
})
