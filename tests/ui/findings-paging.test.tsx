// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { findingKey } from "../../src/store/selectors"
import { harEntry } from "../adapters/har-entry-builder"
import { renderPanel } from "./panel-harness"

afterEach(cleanup)

/** 60 notes, each read and then written without If-Match: 60 missing-if-match findings. */
function unguardedWrites() {
  return Array.from({ length: 60 }, (_, index) => {
    const url = `http://127.0.0.1:8787/api/lax/notes/${index + 1}`
    return [
      harEntry({ url, responseHeaders: [{ name: "ETag", value: `"n${index}"` }] }),
      harEntry({ url, method: "PUT", requestBody: "{}" })
    ]
  }).flat()
}

const missingGroup = () =>
  screen
    .getAllByTestId("rule-group")
    .find((group) => group.getAttribute("data-rule-id") === "missing-if-match") as HTMLElement

describe("a rule with many findings", () => {
  it("lists 25, then 25 more at a click, so the view opens fast on a busy capture", () => {
    renderPanel(unguardedWrites())
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(within(missingGroup()).getAllByTestId("finding")).toHaveLength(25)
    const more = within(missingGroup()).getByTestId("more-findings")
    expect(more.textContent).toBe("Show 25 more (35 not shown)")
    fireEvent.click(more)
    expect(within(missingGroup()).getAllByTestId("finding")).toHaveLength(50)
    fireEvent.click(within(missingGroup()).getByTestId("more-findings"))
    expect(within(missingGroup()).getAllByTestId("finding")).toHaveLength(60)
    expect(within(missingGroup()).queryByTestId("more-findings")).toBeNull()
  })

  it("shows a finding selected elsewhere, however far down the list it is", () => {
    const { store } = renderPanel(unguardedWrites())
    fireEvent.click(screen.getByTestId("tab-findings"))
    const last = store
      .getState()
      .snapshot.findings.filter((finding) => finding.ruleId === "missing-if-match")
      .at(-1)
    act(() => store.getState().selectFinding(findingKey(last!)))
    const rows = within(missingGroup()).getAllByTestId("finding")
    expect(rows).toHaveLength(60)
    expect(rows.at(-1)?.className).toContain("selected")
  })
})
