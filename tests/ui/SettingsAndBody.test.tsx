// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { documentUrl, queryAddressedSaves } from "../builders/query-addressed"
import { renderPanel } from "./panel-harness"

afterEach(cleanup)

const EVE_NOTE = "http://127.0.0.1:8787/api/eve/notes/1"

describe("settings and body views", () => {
  it("highlights the body field that carries the tag", () => {
    const { store } = renderPanel([harEntry({ url: EVE_NOTE, text: '{"text":"hi","_etag":"abc"}' })])
    act(() => store.getState().selectExchange(1))
    fireEvent.click(screen.getByTestId("detail-tab-body"))
    const highlighted = screen.getAllByTestId("tag-field").map((line) => line.textContent?.trim())
    expect(highlighted).toEqual(['"_etag": "abc"'])
  })

  it("highlights a nested version field (Kubernetes metadata.resourceVersion) at its depth only", () => {
    const kube = {
      metadata: { name: "1", resourceVersion: "1001" },
      spec: { template: { metadata: { resourceVersion: "not it" } } }
    }
    const { store } = renderPanel([harEntry({ url: EVE_NOTE, text: JSON.stringify(kube) })])
    act(() => store.getState().selectExchange(1))
    fireEvent.click(screen.getByTestId("detail-tab-body"))
    const highlighted = screen.getAllByTestId("tag-field").map((line) => line.textContent?.trim())
    expect(highlighted).toEqual(['"resourceVersion": "1001"'])
  })

  it("saves body tag fields and re-reads the traffic with them", async () => {
    const { store } = renderPanel([harEntry({ url: EVE_NOTE, text: '{"text":"hi","version":"7"}' })])
    expect(store.getState().snapshot.exchanges[0].responseTags).toHaveLength(0)
    fireEvent.click(screen.getByTestId("open-settings"))
    fireEvent.change(screen.getByTestId("setting-body-fields"), { target: { value: "version, _etag" } })
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings.bodyTagFields).toEqual(["version", "_etag"])
    expect(store.getState().snapshot.exchanges[0].responseTags.map((tag) => tag.source)).toEqual([
      "body:version"
    ])
  })

  it("saves version query parameters and re-reads the writes with them (Elasticsearch's if_seq_no)", async () => {
    const doc = "http://127.0.0.1:9200/notes/_doc/1"
    const { store } = renderPanel([
      harEntry({ url: doc, text: '{"_id":"1","_seq_no":7,"_source":{}}' }),
      harEntry({ method: "PUT", url: `${doc}?if_seq_no=7&if_primary_term=1`, text: '{"_seq_no":8}' })
    ])
    const written = () => store.getState().snapshot.exchanges[1]
    expect(written().precondition.bodyVersion).toBeUndefined()
    fireEvent.click(screen.getByTestId("open-settings"))
    expect((screen.getByTestId("setting-query-params") as HTMLInputElement).value).toBe("rev")
    fireEvent.change(screen.getByTestId("setting-body-fields"), { target: { value: "_seq_no" } })
    fireEvent.change(screen.getByTestId("setting-query-params"), { target: { value: "rev, if_seq_no" } })
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings.queryVersionParams).toEqual(["rev", "if_seq_no"])
    const sent = written().precondition.bodyVersion
    expect([sent?.source, sent?.tag.opaque]).toEqual(["query:if_seq_no", "7"])
    // The write is then based on the version the read saw: v1 → v2, not a write without a precondition.
    const [resource] = store.getState().snapshot.resources
    expect(resource.versions.map((version) => version.tag.tag.opaque)).toEqual(["7", "8"])
    expect(resource.events[1].precondition).toMatchObject({ mechanism: "body-version", state: "current" })
  })

  it("saves the query parameters that name a resource, and re-reads the traffic as one resource per value", async () => {
    const { store } = renderPanel(queryAddressedSaves())
    // One resource by default (a query is a view of its path): each save looks stale.
    const ruleIds = () => store.getState().snapshot.findings.map((finding) => finding.ruleId)
    expect(ruleIds()).toContain("lost-update")
    fireEvent.click(screen.getByTestId("open-settings"))
    fireEvent.change(screen.getByTestId("setting-identity-params"), { target: { value: "id" } })
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings.identityQueryParams).toEqual(["id"])
    expect(store.getState().snapshot.resources.map((resource) => resource.key)).toEqual([
      documentUrl(1),
      documentUrl(2)
    ])
    expect(ruleIds()).toEqual([])
  })

  it("saves version headers and re-reads the writes with them (Contentful's X-Contentful-Version)", async () => {
    const entry = "https://api.contentful.test/spaces/s/entries/e1"
    const { store } = renderPanel([
      harEntry({ url: entry, text: '{"sys":{"id":"e1","version":4}}' }),
      harEntry({
        method: "PUT",
        url: entry,
        requestHeaders: [{ name: "X-Contentful-Version", value: "4" }],
        text: '{"sys":{"id":"e1","version":5}}'
      })
    ])
    const written = () => store.getState().snapshot.exchanges[1]
    expect(written().precondition.bodyVersion).toBeUndefined()
    fireEvent.click(screen.getByTestId("open-settings"))
    expect((screen.getByTestId("setting-version-headers") as HTMLInputElement).value).toBe("")
    fireEvent.change(screen.getByTestId("setting-body-fields"), { target: { value: "sys.version" } })
    fireEvent.change(screen.getByTestId("setting-version-headers"), {
      target: { value: "X-Contentful-Version" }
    })
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings.versionHeaders).toEqual(["X-Contentful-Version"])
    const sent = written().precondition.bodyVersion
    expect([sent?.source, sent?.tag.opaque]).toEqual(["header:X-Contentful-Version", "4"])
    const [resource] = store.getState().snapshot.resources
    expect(resource.events[1].precondition).toMatchObject({ mechanism: "body-version", state: "current" })
    // The header is highlighted in the detail pane like If-Match.
    act(() => store.getState().selectExchange(written().id))
    const highlighted = screen.getAllByTestId("conditional-header").map((header) => header.textContent)
    expect(highlighted).toContain("X-Contentful-Version:4")
  })

  it("fills in a known API's places in one choice, added to what the fields hold (Contentful)", async () => {
    const { store } = renderPanel()
    fireEvent.click(screen.getByTestId("open-settings"))
    fireEvent.change(screen.getByTestId("setting-body-fields"), { target: { value: "_etag" } })
    fireEvent.change(screen.getByTestId("setting-api"), { target: { value: "contentful" } })
    const field = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value
    expect(field("setting-body-fields")).toBe("sys.version, _etag")
    expect(field("setting-version-headers")).toBe("X-Contentful-Version")
    expect(field("setting-query-params")).toBe("rev")
    // The choice only fills the fields: nothing is saved until Save.
    expect(store.getState().settings.versionHeaders).toEqual([])
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings).toMatchObject({
      bodyTagFields: ["sys.version", "_etag"],
      versionHeaders: ["X-Contentful-Version"]
    })
  })

  it("fills in the API the list shows: arrowing through it (a change per key) adds only the last one", () => {
    renderPanel()
    fireEvent.click(screen.getByTestId("open-settings"))
    const field = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value
    const before = field("setting-body-fields")
    const api = screen.getByTestId("setting-api") as HTMLSelectElement
    // A closed select changes its value at each ↓ in Chrome: Azure DevOps, then Contentful.
    fireEvent.change(api, { target: { value: "azure-devops" } })
    fireEvent.change(api, { target: { value: "contentful" } })
    expect(api.value).toBe("contentful")
    expect(field("setting-body-fields")).toBe(`sys.version, ${before}`)
    expect(field("setting-version-headers")).toBe("X-Contentful-Version")
    // "choose one…" takes the API's places back out.
    fireEvent.change(api, { target: { value: "" } })
    expect(field("setting-body-fields")).toBe(before)
    expect(field("setting-version-headers")).toBe("")
  })

  it("fills in Confluence's next-version field, saved and handed to the engine", async () => {
    const page = "https://example.atlassian.net/wiki/rest/api/content/123"
    const version = (number: number) => JSON.stringify({ version: { number } })
    const { store } = renderPanel([
      harEntry({ url: page, text: version(4) }),
      harEntry({ method: "PUT", url: page, requestBody: version(5), text: version(5) })
    ])
    const saveState = () =>
      store.getState().snapshot.resources[0]?.events.find((event) => event.method === "PUT")?.precondition
        .state
    fireEvent.click(screen.getByTestId("open-settings"))
    fireEvent.change(screen.getByTestId("setting-api"), { target: { value: "confluence" } })
    const field = (id: string) => (screen.getByTestId(id) as HTMLInputElement).value
    expect(field("setting-next-version-fields")).toBe("version.number")
    expect(field("setting-body-fields")).toMatch(/^version\.number, /)
    fireEvent.click(screen.getByTestId("save-settings"))
    await waitFor(() => expect(screen.queryByTestId("settings")).toBeNull())
    expect(store.getState().settings.nextVersionFields).toEqual(["version.number"])
    // The save sent 5, based on version 4: current (before, 5 was a version never seen).
    expect(saveState()).toBe("current")
  })

  it("refuses a nonsensical limit with a message", () => {
    renderPanel()
    fireEvent.click(screen.getByTestId("open-settings"))
    fireEvent.change(screen.getByDisplayValue("100000"), { target: { value: "5" } })
    fireEvent.click(screen.getByTestId("save-settings"))
    expect(screen.getByRole("alert").textContent).toBe(
      "Keep from 100 to 1,000,000 exchanges (a whole number)."
    )
    for (const odd of ["1e3", "0x64", "1000.5", "2000000"]) {
      fireEvent.change(screen.getByLabelText(/Exchanges kept/), { target: { value: odd } })
      fireEvent.click(screen.getByTestId("save-settings"))
      expect(screen.getByRole("alert").textContent, odd).toMatch(/^Keep from 100/)
    }
    fireEvent.change(screen.getByLabelText(/Exchanges kept/), { target: { value: " 500 " } })
    fireEvent.change(screen.getByLabelText(/Largest body kept/), { target: { value: "1e2" } })
    fireEvent.click(screen.getByTestId("save-settings"))
    expect(screen.getByRole("alert").textContent).toBe(
      "The body limit must be from 1 to 65,536 KB (a whole number)."
    )
  })

  it("switches views with the keyboard on the tab list", () => {
    renderPanel()
    fireEvent.keyDown(screen.getByRole("tablist", { name: "Views" }), { key: "ArrowRight" })
    expect(screen.getByTestId("tab-resources").getAttribute("aria-selected")).toBe("true")
    expect(screen.getByTestId("resources-view")).toBeDefined()
    const views = screen.getByRole("tablist", { name: "Views" })
    fireEvent.keyDown(views, { key: "End" })
    expect(screen.getByTestId("tab-servers").getAttribute("aria-selected")).toBe("true")
    expect(document.activeElement).toBe(screen.getByTestId("tab-servers"))
    fireEvent.keyDown(views, { key: "Home" })
    expect(screen.getByTestId("tab-traffic").getAttribute("aria-selected")).toBe("true")
  })

  it("switches detail tabs with ←/→, Home and End, one tab in the Tab order", () => {
    const { store } = renderPanel()
    const details = screen.getByRole("tablist", { name: "Detail views" })
    const tabOf = (id: string) => screen.getByTestId(`detail-tab-${id}`)
    act(() => store.getState().setDetailTab("headers"))
    fireEvent.keyDown(details, { key: "ArrowRight" })
    expect(store.getState().detailTab).toBe("body")
    expect(document.activeElement).toBe(tabOf("body"))
    expect([tabOf("headers").tabIndex, tabOf("body").tabIndex]).toEqual([-1, 0])
    fireEvent.keyDown(details, { key: "End" })
    expect(store.getState().detailTab).toBe("replay")
    fireEvent.keyDown(details, { key: "ArrowRight" })
    expect(store.getState().detailTab).toBe("headers")
    fireEvent.keyDown(details, { key: "ArrowLeft" })
    expect(store.getState().detailTab).toBe("replay")
    fireEvent.keyDown(details, { key: "Home" })
    expect(store.getState().detailTab).toBe("headers")
  })
})
