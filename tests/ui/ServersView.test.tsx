// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
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
    expect(
      lines.map((line) => [
        line.querySelector<HTMLElement>('[data-testid="protection"]')?.dataset.level,
        line.textContent
      ])
    ).toEqual([
      [
        "unprotected",
        "✖ http://127.0.0.1:8787/api/lax Lost updates happen: it accepted a write based on an older version."
      ]
    ])
    fireEvent.click(within(summary).getByRole("button"))
    expect(screen.getByTestId("servers-view")).toBeTruthy()
  })

  it("offers the replay it suggests: the latest write to a resource with an older version, in the Replay tab", () => {
    const url = "http://127.0.0.1:8787/api/strict/notes/1"
    const json = [{ name: "Content-Type", value: "application/json" }]
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const put = (second: number, headers: { name: string; value: string }[], status: number, etag?: string) =>
      harEntry({
        url,
        method: "PUT",
        status,
        startedDateTime: at(second),
        requestHeaders: [...json, ...headers],
        requestBody: '{"text":"x"}',
        responseHeaders: etag === undefined ? json : [...json, { name: "ETag", value: etag }]
      })
    // Read v1, save with it (v2), and a save without If-Match refused with 428: no stale write seen.
    const { store } = renderPanel(
      [
        harEntry({
          url,
          startedDateTime: at(1),
          responseHeaders: [...json, { name: "ETag", value: '"v1"' }]
        }),
        put(2, [{ name: "If-Match", value: '"v1"' }], 200, '"v2"'),
        put(3, [], 428)
      ],
      { ReplayView: ({ exchange }) => <p data-testid="replaying">replaying #{exchange?.id}</p> }
    )
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(screen.getByTestId("protection-summary").textContent).toMatch(
      /\? .*Writes must name a version \(428\)/
    )
    expect(screen.getByTestId("replay-to-find-out").textContent).toBe("Check #3…")
    fireEvent.click(screen.getByTestId("replay-to-find-out"))
    expect(store.getState().replayIntent).toEqual({ exchangeId: 3, action: "check-protection" })
    expect(store.getState().selection.exchangeId).toBe(3)
    expect(store.getState().detailTab).toBe("replay")
    expect(screen.getByTestId("replaying").textContent).toBe("replaying #3")
  })

  it("offers no replay where the traffic already answered", () => {
    renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(screen.queryByTestId("replay-to-find-out")).toBeNull()
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
