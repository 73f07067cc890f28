// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { renderPanel } from "./panel-harness"

afterEach(cleanup)

const NOTE = "http://127.0.0.1:8787/api/spring/notes/1"
const json = [{ name: "Content-Type", value: "application/json" }]

/** A JPA-style API: the version travels as `version` in the body, and the client sends it back. */
function springTraffic() {
  return [
    harEntry({ url: NOTE, responseHeaders: json, text: '{"id":"1","text":"a","version":1}' }),
    harEntry({
      url: NOTE,
      method: "PUT",
      startedDateTime: "2026-11-25T12:00:01.000Z",
      requestHeaders: json,
      requestBody: '{"text":"b","version":1}',
      responseHeaders: json,
      text: '{"id":"1","text":"b","version":2}'
    })
  ]
}

const messages = () => screen.queryAllByTestId("finding").map((finding) => finding.textContent ?? "")
const ruleIds = () => screen.queryAllByTestId("rule-group").map((group) => group.getAttribute("data-rule-id"))

describe("Findings: read a body field as the API's version", () => {
  it("offers it on missing-if-match; one click adds the field to the settings and the write is judged", async () => {
    const { store } = renderPanel(springTraffic())
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(ruleIds()).toContain("missing-if-match")
    expect(messages().some((text) => text.includes("its body carries version: 1"))).toBe(true)
    await act(async () => {
      fireEvent.click(screen.getByTestId("read-body-field"))
      await Promise.resolve()
    })
    expect(store.getState().settings.bodyTagFields).toContain("version")
    // The write carried version 1, the current one: nothing to report any more, nor to offer.
    expect(messages().some((text) => text.includes("missing-if-match") || text.includes("version: 1"))).toBe(
      false
    )
    expect(screen.queryByTestId("read-body-field")).toBeNull()
    const note = store.getState().snapshot.resources.find((resource) => resource.key === NOTE)
    expect(note?.tagSources).toEqual(["body:version"])
  })
})

const ENTRY = "https://api.contentful.test/spaces/s/entries/e1"

/** Contentful-style: `sys.version` in answers, sent back in the X-Contentful-Version header. */
function contentfulTraffic() {
  return [
    harEntry({ url: ENTRY, responseHeaders: json, text: '{"sys":{"id":"e1","version":1}}' }),
    harEntry({
      url: ENTRY,
      method: "PUT",
      startedDateTime: "2026-11-25T12:00:01.000Z",
      requestHeaders: [...json, { name: "X-Contentful-Version", value: "1" }],
      requestBody: '{"fields":{"title":"b"}}',
      responseHeaders: json,
      text: '{"sys":{"id":"e1","version":2}}'
    })
  ]
}

describe("Findings: read a version header (and the answer's field) as the API's version", () => {
  it("offers both on missing-if-match; one click adds them to the settings and the write is judged current", async () => {
    const { store } = renderPanel(contentfulTraffic())
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(messages().some((text) => text.includes("it sent X-Contentful-Version: 1"))).toBe(true)
    expect(screen.getByTestId("read-body-field").textContent).toBe(
      "Read X-Contentful-Version and sys.version as the version"
    )
    await act(async () => {
      fireEvent.click(screen.getByTestId("read-body-field"))
      await Promise.resolve()
    })
    expect(store.getState().settings.versionHeaders).toEqual(["X-Contentful-Version"])
    expect(store.getState().settings.bodyTagFields).toContain("sys.version")
    expect(ruleIds()).not.toContain("missing-if-match")
    expect(screen.queryByTestId("read-body-field")).toBeNull()
    const entry = store.getState().snapshot.resources.find((resource) => resource.key === ENTRY)
    expect(entry?.events[1].precondition).toMatchObject({ mechanism: "body-version", state: "current" })
  })
})

const PAGE = "https://example.atlassian.net/wiki/rest/api/content/123"

/** Confluence-style: `version.number` in answers; a save sends the next number. */
function confluenceTraffic() {
  return [
    harEntry({ url: PAGE, responseHeaders: json, text: '{"id":"123","version":{"number":4}}' }),
    harEntry({
      url: PAGE,
      method: "PUT",
      startedDateTime: "2026-11-25T12:00:01.000Z",
      requestHeaders: json,
      requestBody: '{"title":"Plan","version":{"number":5}}',
      responseHeaders: json,
      text: '{"id":"123","version":{"number":5}}'
    })
  ]
}

describe("Findings: read a field sent as the next version (Confluence)", () => {
  it("offers version.number as the version the write makes; one click judges the save current", async () => {
    const { store } = renderPanel(confluenceTraffic())
    fireEvent.click(screen.getByTestId("tab-findings"))
    expect(messages().some((text) => text.includes("its body carries version.number: 5"))).toBe(true)
    const offer = screen.getByTestId("read-body-field")
    expect(offer.textContent).toBe("Read version.number as the version this write makes")
    await act(async () => {
      fireEvent.click(offer)
      await Promise.resolve()
    })
    expect(store.getState().settings).toMatchObject({ nextVersionFields: ["version.number"] })
    expect(store.getState().settings.bodyTagFields).toContain("version.number")
    const page = store.getState().snapshot.resources.find((resource) => resource.key === PAGE)
    const save = page?.events.find((event) => event.method === "PUT")
    expect(save?.precondition).toMatchObject({ mechanism: "body-version", state: "current", versionIndex: 1 })
    expect(screen.queryByTestId("read-body-field")).toBeNull()
  })
})
