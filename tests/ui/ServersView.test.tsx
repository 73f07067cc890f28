// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { laxScenario, renderPanel } from "./panel-harness"

afterEach(cleanup)

describe("ServersView", () => {
  it("says in plain words what each learned trait means, beside its id and evidence", () => {
    renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-servers"))
    const row = within(screen.getByTestId("servers-view")).getByTestId("policy-row")
    expect(within(row).getByText("lax")).toBeTruthy()
    const traits = [...row.querySelectorAll(".traits li")].map((item) => item.textContent ?? "")
    expect(traits).toEqual([
      expect.stringMatching(/^accepts-without-precondition accepted a write that named no version #3$/),
      expect.stringMatching(/^accepts-stale accepted a write based on an older version #4$/)
    ])
  })

  it("answers the question users come with: does this server protect them from lost updates?", () => {
    renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-servers"))
    const protection = screen.getByTestId("protection")
    expect(protection.dataset.level).toBe("unprotected")
    expect(protection.textContent).toBe(
      "✖ Lost updates happen: it accepted a write based on an older version."
    )
  })

  it("answers it above the findings too, a line per server that opens the Servers view", () => {
    renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-findings"))
    const summary = screen.getByTestId("protection-summary")
    const lines = [...summary.querySelectorAll("li")]
    expect(lines.map((line) => [line.dataset.level, line.textContent])).toEqual([
      [
        "unprotected",
        "✖ http://127.0.0.1:8787/api/lax Lost updates happen: it accepted a write based on an older version."
      ]
    ])
    fireEvent.click(within(summary).getByRole("button"))
    expect(screen.getByTestId("servers-view")).toBeTruthy()
  })

  it("an override replaces the learned summary and is marked as set by the user", async () => {
    const { store } = renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-servers"))
    const scope = store.getState().snapshot.policies[0]?.scope ?? ""
    fireEvent.change(screen.getByLabelText(`Override policy for ${scope}`), { target: { value: "strict" } })
    expect(store.getState().settings.policyOverrides).toEqual({ [scope]: "strict" })
    const row = screen.getByTestId("policy-row")
    await waitFor(() => expect(row.textContent).toContain("strict (set by you)"))
  })
})
