// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react"
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

  it("marks a replay sent from the panel in the # column, for eyes and screen readers", () => {
    const { store } = renderPanel(laxScenario())
    const [, , , stale] = laxScenario()
    act(() => void store.getState().ingest([stale], "replay"))
    const numbers = rows().map((row) => row.querySelector(".cell.num") as HTMLElement)
    expect(numbers.map((cell) => cell.textContent)).toEqual(["1", "2", "3", "4", "↻ 5 (replay)"])
    expect(numbers[4].title).toBe("#5: a replay sent from this panel")
    expect(numbers[3].classList.contains("replayed")).toBe(false)
  })

  it("tells each row's version: what a read saw, what a write was based on and made, a lost update in red", () => {
    renderPanel(laxScenario())
    const cells = rows().map((row) => row.querySelector('[data-testid="version-cell"]') as HTMLElement)
    expect(cells.map((cell) => cell.textContent)).toEqual(["v1", "v1 → v2", "— → v3", "v1 → v4"])
    expect(cells.map((cell) => cell.className.replace("cell mono version ", ""))).toEqual([
      "read",
      "write",
      "unguarded",
      "lost"
    ])
    expect(cells[3].title).toBe("If-Match v1 (STALE, current was v3) → made v4 — lost update: overwrote v3")
    expect(cells[2].title).toBe("(no precondition) → made v3")
    expect(screen.getAllByRole("columnheader").map((header) => header.textContent)).toContain("Version")
  })

  it("shows each row's most important finding, +n for the rest, and all of them in the tooltip", () => {
    renderPanel(laxScenario())
    const badges = (row: HTMLElement) => [...row.querySelectorAll(".badge")].map((badge) => badge.textContent)
    const tooltip = (row: HTMLElement) =>
      row.querySelector('[data-testid="finding-badges"]')?.getAttribute("title")
    // #3 (no If-Match) was overwritten by the stale #4: its own warnings come first, the lost update
    // it is only evidence for comes last.
    expect(badges(rows()[2])).toEqual(["⚠ missing-if-match", "+2"])
    // Screen readers get the rest as text.
    expect(rows()[2].querySelector(".visually-hidden")?.textContent).toMatch(
      /^, also ⚠ precondition-optional, evidence: lost-update$/
    )
    expect(tooltip(rows()[2])).toMatch(/evidence: lost-update — #4 PUT based on v1/)
    expect(badges(rows()[3])[0]).toBe("✖ lost-update")
    expect(tooltip(rows()[3])).not.toMatch(/evidence:/)
  })

  it("marks a write that a lost update overwrote, and did nothing wrong itself, as evidence only", () => {
    const url = NOTE
    const json = [{ name: "Content-Type", value: "application/json" }]
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const put = (second: number, ifMatch: string, etag: string) =>
      harEntry({
        url,
        method: "PUT",
        startedDateTime: at(second),
        requestHeaders: [...json, { name: "If-Match", value: ifMatch }],
        requestBody: '{"text":"x"}',
        responseHeaders: [...json, { name: "ETag", value: etag }],
        text: '{"text":"x"}'
      })
    renderPanel([
      harEntry({ url, startedDateTime: at(1), responseHeaders: [...json, { name: "ETag", value: '"v1"' }] }),
      put(2, '"v1"', '"v2"'), // current: fine on its own
      put(3, '"v1"', '"v3"') // stale, accepted: the lost update
    ])
    const overwritten = rows()[1].querySelector(".badge")
    expect(overwritten?.className).toBe("badge context")
    expect(overwritten?.textContent).toBe("evidence: lost-update")
    expect(rows()[2].querySelector(".badge")?.className).toBe("badge error")
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

  it("the filter box takes DevTools' query words: method:, status-code:, -word, and rule: for this panel", () => {
    renderPanel(laxScenario())
    const filterBy = (text: string) =>
      fireEvent.change(screen.getByTestId("filter"), { target: { value: text } })
    const methods = () => rows().map((row) => row.querySelector(".cell.method")?.textContent)
    expect(screen.getByTestId("filter").getAttribute("title")).toContain("has:if-match")
    filterBy("method:PUT")
    expect(methods()).toEqual(["PUT", "PUT", "PUT"])
    expect(screen.getByTestId("status-bar").textContent).toMatch(/^3 of 4 exchanges shown · /)
    filterBy("-method:put")
    expect(methods()).toEqual(["GET"])
    filterBy("rule:lost-update")
    expect(rows().map((row) => row.getAttribute("data-exchange-id"))).toContain("4")
    filterBy("has:if-match -rule:lost")
    expect(rows().map((row) => row.getAttribute("data-exchange-id"))).toEqual(["2"])
    filterBy("")
    expect(screen.getByTestId("status-bar").textContent).toMatch(/^4 exchanges · /)

    // A rule's group in Findings opens Traffic filtered by that rule.
    filterBy("")
    fireEvent.click(screen.getByTestId("tab-findings"))
    const group = screen
      .getAllByTestId("rule-group")
      .find((candidate) => candidate.getAttribute("data-rule-id") === "missing-if-match")
    fireEvent.click(within(group as HTMLElement).getByTestId("rule-in-traffic"))
    expect((screen.getByTestId("filter") as HTMLInputElement).value).toBe("rule:missing-if-match")
    expect(rows().map((row) => row.getAttribute("data-exchange-id"))).toEqual(["3"])
  })

  it("'in Traffic' shows the rule's exchanges whatever method, status or tag filter was left set", () => {
    const { store } = renderPanel(laxScenario())
    act(() => store.getState().setFilter({ methods: ["GET"], statuses: ["4xx"], onlyWithTags: true }))
    fireEvent.click(screen.getByTestId("tab-findings"))
    const group = screen
      .getAllByTestId("rule-group")
      .find((candidate) => candidate.getAttribute("data-rule-id") === "missing-if-match")
    fireEvent.click(within(group as HTMLElement).getByTestId("rule-in-traffic"))
    expect(store.getState().filter).toMatchObject({ methods: [], statuses: [], onlyWithTags: false })
    expect(rows().map((row) => row.getAttribute("data-exchange-id"))).toEqual(["3"])
  })

  it("the toolbar's filter narrows the Resources and Findings views too", () => {
    const other = "http://127.0.0.1:8787/api/lax/notes/2"
    renderPanel([
      ...laxScenario(),
      harEntry({ url: other, responseHeaders: [{ name: "ETag", value: '"o1"' }] })
    ])
    const filterBy = (text: string) =>
      fireEvent.change(screen.getByTestId("filter"), { target: { value: text } })
    const resourceKeys = () =>
      screen.queryAllByTestId("resource-row").map((row) => row.getAttribute("data-resource-key"))
    const ruleIds = () =>
      screen.queryAllByTestId("rule-group").map((group) => group.getAttribute("data-rule-id"))

    fireEvent.click(screen.getByTestId("tab-resources"))
    expect(resourceKeys()).toEqual([NOTE, other])
    filterBy("NOTES/2")
    expect(resourceKeys()).toEqual([other])
    filterBy("nowhere")
    expect(resourceKeys()).toEqual([])
    expect(screen.getByTestId("resources-view").textContent).toContain("No resource matches the filter.")

    filterBy("")
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(ruleIds()).toContain("missing-if-match")
    expect(ruleIds().length).toBeGreaterThan(1)
    filterBy("lost-update")
    expect(ruleIds()).toEqual(["lost-update"])
    filterBy("overwrote #3") // a finding's message
    expect(ruleIds()).toEqual(["lost-update"])
    filterBy("nowhere")
    expect(ruleIds()).toEqual([])
    expect(screen.getByTestId("findings-view").textContent).toContain("No finding matches the filter.")
    // The tab keeps counting every finding.
    expect(screen.getByTestId("tab-findings").textContent).toMatch(/^Findings \([1-9]/)
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
    // The opt-in held for that export only: the next one is redacted again.
    expect((screen.getByLabelText("include secrets") as HTMLInputElement).checked).toBe(false)
    fireEvent.click(screen.getByTestId("export"))
    expect(saveFile.mock.calls[2][1]).not.toContain("s3cret")
  })

  it("saves and copies the capture's findings report as Markdown, as etag-audit --markdown writes it", async () => {
    const saveFile = vi.fn()
    const copyText = vi.fn()
    renderPanel(laxScenario(`${NOTE}?sig=s3cret`), { saveFile, copyText, version: "9.9.9" })
    fireEvent.click(screen.getByTestId("export-report"))
    const [fileName, markdown] = saveFile.mock.calls[0] as [string, string]
    expect(fileName).toBe("etag-lens-report.md")
    expect(markdown).toMatch(/^## ETag Lens report\n\nETag Lens 9\.9\.9, ETag Lens capture: 4 exchanges/)
    expect(markdown).toContain("`lost-update`")
    expect(markdown).toContain("✖ lost update: overwrote #3")
    expect(markdown).not.toContain("s3cret")
    fireEvent.click(screen.getByTestId("copy-report"))
    expect(copyText).toHaveBeenCalledWith(markdown)
    await waitFor(() => expect(screen.getByTestId("copy-report").textContent).toBe("Copied"))
    fireEvent.click(screen.getByLabelText("include secrets"))
    fireEvent.click(screen.getByTestId("export-report"))
    expect(saveFile.mock.calls[1][1]).toContain("sig=s3cret")
  })

  it("copies one finding as a bug report: its evidence, lineage and request as curl, secrets redacted", async () => {
    const copyText = vi.fn()
    renderPanel(laxScenario(`${NOTE}?sig=s3cret`), { copyText })
    fireEvent.click(screen.getByTestId("tab-findings"))
    const lost = screen
      .getAllByTestId("rule-group")
      .find((element) => element.dataset.ruleId === "lost-update") as HTMLElement
    fireEvent.click(within(lost).getByTestId("copy-finding"))
    const [text] = copyText.mock.calls[0] as [string]
    expect(text).toMatch(
      /^### ✖ `lost-update`: Lost update: a write replaced a version its client never saw\n/
    )
    expect(text).toContain("✖ lost update: overwrote #3")
    expect(text).toMatch(/curl --globoff '[^']*\/api\/lax\/notes\/1\?sig=[^']*' \\\n {2}-X 'PUT'/)
    expect(text).not.toContain("s3cret")
    await waitFor(() => expect(within(lost).getByTestId("copy-finding").textContent).toBe("copied"))
  })

  it("says Copied only while the capture is the one copied: a capture cleared and refilled to the same count is not", async () => {
    const copyText = vi.fn(() => Promise.resolve(true))
    const { store } = renderPanel(laxScenario(), { copyText })
    fireEvent.click(screen.getByTestId("copy-report"))
    await waitFor(() => expect(screen.getByTestId("copy-report").textContent).toBe("Copied"))
    const count = store.getState().snapshot.exchanges.length
    act(() => {
      store.getState().clear()
      store.getState().ingest(laxScenario(), "live")
    })
    expect(store.getState().snapshot.exchanges).toHaveLength(count)
    expect(screen.getByTestId("copy-report").textContent).toBe("Copy report")
  })

  it("does not say Copied when the browser refused to copy", async () => {
    const copyText = vi.fn(() => Promise.resolve(false))
    renderPanel(laxScenario(), { copyText })
    fireEvent.click(screen.getByTestId("copy-report"))
    await waitFor(() => expect(copyText).toHaveBeenCalledOnce())
    await act(async () => {
      await Promise.resolve()
    })
    expect(screen.getByTestId("copy-report").textContent).toBe("Copy report")
  })

  it("offers a reload when earlier traffic may be missing", () => {
    const reloadInspectedPage = vi.fn()
    renderPanel(laxScenario(), { reloadInspectedPage })
    expect(screen.getByTestId("status-bar").textContent).toMatch(/^4 exchanges · capture started/)
    fireEvent.click(screen.getByTestId("reload-page"))
    expect(reloadInspectedPage).toHaveBeenCalledOnce()
  })

  it("says in the status bar how many calls named no resource (GraphQL), so an empty Resources view is explained", () => {
    const graphql = (body: string) =>
      harEntry({
        method: "POST",
        url: "http://127.0.0.1:8787/graphql",
        requestHeaders: [{ name: "Content-Type", value: "application/json" }],
        requestBody: body
      })
    renderPanel([
      ...laxScenario(),
      graphql('{"query":"{ notes { id } }"}'),
      graphql('{"query":"mutation { a }"}')
    ])
    expect(screen.getByTestId("status-bar").textContent).toMatch(
      /^6 exchanges \(2 of them RPC or batch calls: GraphQL, OData \$batch, …, no resource of their own\) · capture started/
    )
  })

  it("counts evicted exchanges in the status bar once there are some", async () => {
    const { store } = renderPanel(laxScenario())
    expect(screen.getByTestId("status-bar").textContent).not.toContain("evicted")
    await act(() => store.getState().setSettings({ ...store.getState().settings, maxExchanges: 3 }))
    expect(screen.getByTestId("status-bar").textContent).toMatch(/^3 exchanges · 1 evicted · capture started/)
  })

  it("shows a POST standing for MERGE as MERGE via POST, and the request line as sent", () => {
    const item = "https://contoso.example/_api/web/lists/getbytitle('Tasks')/items(1)"
    const { store } = renderPanel([
      harEntry({
        method: "POST",
        url: item,
        status: 204,
        requestHeaders: [
          { name: "X-HTTP-Method", value: "MERGE" },
          { name: "IF-MATCH", value: '"1"' }
        ]
      })
    ])
    const [row] = rows()
    expect(row?.querySelector(".cell.method")?.textContent).toBe("MERGE via POST")
    // The judged method is a part of its own, which a narrow column keeps whole (panel.css).
    expect(row?.querySelector(".cell.method .judged-method")?.textContent).toBe("MERGE")
    act(() => store.getState().selectExchange(1))
    fireEvent.click(screen.getByTestId("detail-tab-headers"))
    const view = screen.getByTestId("headers-view")
    expect(view.querySelector(".summary")?.textContent).toMatch(/^POST https:\/\/contoso\.example\//)
    expect(
      within(view)
        .getAllByTestId("conditional-header")
        .map((line) => line.textContent)
    ).toEqual(["X-HTTP-Method:MERGE", 'IF-MATCH:"1"'])
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

  it("diffs a version a PATCH made without answering a body: the patch applied to the version before", () => {
    const etag = (tag: string) => [
      { name: "content-type", value: "application/json" },
      { name: "ETag", value: tag }
    ]
    const { store } = renderPanel([
      harEntry({ url: NOTE, responseHeaders: etag('"v1"'), text: '{"text":"milk","done":false}' }),
      harEntry({
        method: "PATCH",
        url: NOTE,
        status: 204,
        requestHeaders: [
          { name: "Content-Type", value: "application/json-patch+json" },
          { name: "If-Match", value: '"v1"' }
        ],
        requestBody: '[{"op":"replace","path":"/done","value":true}]',
        responseHeaders: [{ name: "ETag", value: '"v2"' }]
      })
    ])
    act(() => store.getState().selectResource(NOTE))
    fireEvent.click(screen.getByTestId("detail-tab-diff"))
    const diff = screen.getByTestId("diff-view")
    expect(within(diff).getByTestId("diff-body-source").textContent).toBe(
      "v2: v1 with the PATCH applied (its answer had no body)"
    )
    const lines = (diff.querySelector("pre")?.textContent ?? "").split("\n").filter(Boolean)
    expect(lines).toEqual(["  {", '    "text": "milk",', '-   "done": false', '+   "done": true', "  }"])
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
