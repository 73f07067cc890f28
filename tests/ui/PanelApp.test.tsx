// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, NOTE, renderPanel } from "./panel-harness"

afterEach(cleanup)

const rows = () => screen.queryAllByTestId("traffic-row")

describe("PanelApp", () => {
  it("lists API traffic with the precondition sent, the tag received and finding badges", () => {
    renderPanel(laxScenario())
    expect(rows()).toHaveLength(4)
    const staleWrite = rows()[3]
    expect(staleWrite.textContent).toContain('If-Match: "v1"')
    expect(staleWrite.textContent).toContain('"v4"')
    expect(staleWrite.textContent).toContain("lost-update")
    expect(rows()[2].textContent).toContain("missing-if-match")
  })

  it("marks the write a lost update overwrote as evidence, not as at fault", () => {
    renderPanel(laxScenario())
    const badgeTexts = (row: HTMLElement, selector: string) =>
      [...row.querySelectorAll(selector)].map((badge) => badge.textContent)
    // #3 (no If-Match) was overwritten by the stale #4: its own finding is missing-if-match.
    expect(badgeTexts(rows()[2], ".badge.error")).toEqual([])
    expect(badgeTexts(rows()[2], ".badge.warning")).toContain("⚠ missing-if-match")
    expect(badgeTexts(rows()[2], ".badge.context")).toEqual(["evidence: lost-update"])
    expect(rows()[2].querySelector(".badge.context")?.getAttribute("title")).toMatch(/^Evidence for #4: /)
    expect(badgeTexts(rows()[3], ".badge.error")).toContain("✖ lost-update")
    expect(badgeTexts(rows()[3], ".badge.context")).toEqual([])
  })

  it("hides non-API traffic unless asked, and filters by text", () => {
    renderPanel([
      ...laxScenario(),
      harEntry({ url: "http://127.0.0.1:8787/logo.png", mimeType: "image/png", resourceType: "image" })
    ])
    expect(rows()).toHaveLength(4)
    fireEvent.click(screen.getByTestId("show-noise"))
    expect(rows()).toHaveLength(5)
    fireEvent.change(screen.getByTestId("filter"), { target: { value: "logo" } })
    expect(rows()).toHaveLength(1)
  })

  it("moves with ↓ and selects with Enter; the detail highlights conditional headers", () => {
    renderPanel(laxScenario())
    const grid = screen.getByRole("grid", { name: "Traffic" })
    fireEvent.keyDown(grid, { key: "ArrowDown" })
    fireEvent.keyDown(grid, { key: "ArrowDown" })
    fireEvent.keyDown(grid, { key: "Enter" })
    expect(rows()[1].getAttribute("aria-selected")).toBe("true")
    const conditional = screen.getAllByTestId("conditional-header").map((header) => header.textContent)
    expect(conditional).toContain('If-Match:"v1"')
    expect(conditional).toContain('ETag:"v2"')
  })

  it("shows the lineage with the lost update standing out", () => {
    renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-resources"))
    expect(screen.getByTestId("tab-resources").textContent).toBe("Resources (1)")
    fireEvent.click(screen.getByTestId("resource-row"))
    const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
    expect(within(lineage).getAllByTestId("version")).toHaveLength(4)
    const lost = lineage.querySelectorAll(".lineage-event.lost-update")
    expect(lost).toHaveLength(1)
    expect(lost[0].textContent).toMatch(/If-Match v1 \(STALE, current was v3\).*lost update: overwrote v3/)
    expect(lineage.querySelector(".lineage-event.missing")?.textContent).toContain("no precondition")
  })

  it("groups findings by rule with the rule's explanation and RFC link; a link selects the exchange", () => {
    const { store } = renderPanel(laxScenario())
    fireEvent.click(screen.getByTestId("tab-findings"))
    const group = screen
      .getAllByTestId("rule-group")
      .find((element) => element.dataset.ruleId === "lost-update")
    expect(group).toBeDefined()
    expect(group?.querySelector("a")?.getAttribute("href")).toMatch(/rfc9110/)
    fireEvent.click(within(group as HTMLElement).getAllByRole("button", { name: "#4" })[0])
    expect(store.getState().selection).toMatchObject({ exchangeId: 4, resourceKey: NOTE })
  })

  it("counts findings by severity in the tab label", () => {
    renderPanel(laxScenario())
    expect(screen.getByTestId("tab-findings").textContent).toMatch(
      /Findings \([1-9]\d* ✖ [1-9]\d* ⚠ [1-9]\d*\)/
    )
  })

  it("exports redacted by default and with secrets only when opted in", () => {
    const saveFile = vi.fn()
    const secret = harEntry({
      url: NOTE,
      requestHeaders: [{ name: "Authorization", value: "Bearer s3cret" }]
    })
    renderPanel([secret], { saveFile })
    fireEvent.click(screen.getByTestId("export"))
    expect(saveFile.mock.calls[0][1]).not.toContain("s3cret")
    fireEvent.click(screen.getByLabelText("include secrets"))
    fireEvent.click(screen.getByTestId("export"))
    expect(saveFile.mock.calls[1][1]).toContain("s3cret")
  })

  it("offers a reload when earlier traffic may be missing", () => {
    const reloadInspectedPage = vi.fn()
    renderPanel(laxScenario(), { reloadInspectedPage })
    expect(screen.getByTestId("status-bar").textContent).toMatch(/4 exchanges · 0 evicted · capture started/)
    fireEvent.click(screen.getByTestId("reload-page"))
    expect(reloadInspectedPage).toHaveBeenCalledOnce()
  })

  it("renders the injected replay view with the selection", () => {
    const { store } = renderPanel(laxScenario(), {
      ReplayView: ({ exchange }) => <p>replaying #{exchange?.id}</p>
    })
    act(() => store.getState().selectExchange(4))
    fireEvent.click(screen.getByTestId("detail-tab-replay"))
    expect(screen.getByText("replaying #4")).toBeDefined()
  })

  it("diffs the body between two versions", () => {
    const { store } = renderPanel(laxScenario())
    act(() => store.getState().selectResource(NOTE))
    fireEvent.click(screen.getByTestId("detail-tab-diff"))
    const diff = screen.getByTestId("diff-view")
    expect(diff.querySelector(".removed")?.textContent).toContain('"text": "b"')
    expect(diff.querySelector(".added")?.textContent).toContain('"text": "c"')
    // Every line of the diff is marked, one line each: "  {", "-   \"text\": \"b\"", "+ …", "  }".
    const lines = (diff.querySelector("pre")?.textContent ?? "").split("\n").filter(Boolean)
    expect(lines).toEqual(["  {", '-   "text": "b"', '+   "text": "c"', "  }"])
  })

  it("keeps the DOM small with 20k exchanges (virtualized)", () => {
    const entries = Array.from({ length: 20_000 }, (_, n) =>
      harEntry({ url: `http://127.0.0.1/api/items/${n}` })
    )
    renderPanel(entries)
    expect(screen.getByTestId("status-bar").textContent).toContain("20,000 exchanges")
    expect(rows().length).toBeGreaterThan(10)
    expect(rows().length).toBeLessThan(100)
  })
})
