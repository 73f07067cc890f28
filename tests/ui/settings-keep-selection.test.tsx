// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { documentUrl, queryAddressedSaves } from "../builders/query-addressed"
import { renderPanel } from "./panel-harness"

afterEach(cleanup)

async function saveSettings(change: () => void) {
  fireEvent.click(screen.getByTestId("open-settings"))
  change()
  fireEvent.click(screen.getByTestId("save-settings"))
  await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
}

describe("the selection after a settings change re-reads the capture", () => {
  it("follows the selected exchange to the resource it now belongs to", async () => {
    const { store } = renderPanel(queryAddressedSaves())
    act(() => store.getState().selectExchange(3)) // PUT /api/document?id=1
    expect(store.getState().selection.findingKey).toMatch(/^lost-update:/)
    fireEvent.click(screen.getByTestId("detail-tab-lineage"))
    await saveSettings(() =>
      fireEvent.change(screen.getByTestId("setting-identity-params"), { target: { value: "id" } })
    )
    // One resource per id now, and no lost update: the lineage shows the exchange's own resource.
    expect(store.getState().selection).toEqual({ exchangeId: 3, resourceKey: documentUrl(1) })
    expect(within(screen.getByTestId("detail-pane")).getByTestId("lineage").textContent).toContain(
      documentUrl(1)
    )
  })
})
