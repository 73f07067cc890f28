// @vitest-environment happy-dom
import { readFileSync } from "node:fs"

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"

import { createEngine } from "../../src/core/engine"
import { allRules } from "../../src/core/findings"
import { createPanelStore } from "../../src/store/create-panel-store"
import { PanelApp } from "../../src/ui/PanelApp"
import { panelSettings } from "../builders/panel-settings"

import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, NOTE, renderPanel } from "./panel-harness"

afterEach(cleanup)

function openLineage() {
  fireEvent.click(screen.getByTestId("tab-resources"))
  fireEvent.click(screen.getByTestId("resource-row"))
}

describe("Export scenario test ▾ (issue #10)", () => {
  it("previews the Node script of the resource's lost update, with the stale write step", () => {
    renderPanel(laxScenario())
    openLineage()
    fireEvent.click(screen.getByTestId("scenario-export-toggle"))
    fireEvent.click(screen.getByTestId("scenario-export-node"))
    const preview = screen.getByTestId("scenario-preview").textContent ?? ""
    expect(preview).toMatch(/^#!\/usr\/bin\/env node/)
    expect(preview).toContain("lost-update on /api/lax/notes/1")
    expect(preview).toContain("stale write")
    expect(screen.getByTestId("scenario-export").textContent).toContain(
      "api-lax-notes-1.lost-update.test.mjs"
    )
  })

  it.each([
    ["playwright", /@playwright\/test/, ".spec.ts"],
    ["curl", /curl/, ".test.sh"]
  ])("offers the %s flavour", (flavour, marker, suffix) => {
    renderPanel(laxScenario())
    openLineage()
    fireEvent.click(screen.getByTestId("scenario-export-toggle"))
    fireEvent.click(screen.getByTestId(`scenario-export-${flavour}`))
    expect(screen.getByTestId("scenario-preview").textContent).toMatch(marker)
    expect(screen.getByTestId("scenario-export").textContent).toContain(suffix)
  })

  it("copies and downloads through the injected capabilities, never with recorded secrets", async () => {
    const saveFile = vi.fn()
    const copyText = vi.fn()
    const entries = laxScenario().map((entry, index) =>
      index === 3
        ? harEntry({
            url: `${NOTE}?sig=s3cretsig`,
            method: "PUT",
            startedDateTime: "2026-11-25T12:00:04.000Z",
            requestHeaders: [
              { name: "Content-Type", value: "application/json" },
              { name: "If-Match", value: '"v1"' },
              { name: "Authorization", value: "Bearer s3cret-token" }
            ],
            requestBody: '{"text":"c","password":"hunter2"}',
            responseHeaders: [{ name: "ETag", value: '"v4"' }],
            text: '{"text":"c"}'
          })
        : entry
    )
    renderPanel(entries, { saveFile, copyText })
    openLineage()
    fireEvent.click(screen.getByTestId("scenario-export-toggle"))
    fireEvent.click(screen.getByTestId("scenario-export-node"))
    await act(async () => {
      fireEvent.click(screen.getByTestId("scenario-copy"))
      await Promise.resolve()
    })
    fireEvent.click(screen.getByTestId("scenario-download"))
    const copied = String(copyText.mock.calls[0][0])
    const [fileName, downloaded] = saveFile.mock.calls[0] as [string, string]
    expect(fileName).toMatch(/\.test\.mjs$/)
    expect(downloaded).toBe(copied)
    expect(downloaded).toBe(screen.getByTestId("scenario-preview").textContent)
    for (const secret of ["s3cret-token", "hunter2", "s3cretsig"]) expect(downloaded).not.toContain(secret)
    expect(screen.getByTestId("scenario-copy").textContent).toBe("Copied")
  })

  it("on a Confluence-style API (⚙ Settings → Confluence), writes that send the version read plus one", () => {
    const versionPlaces = { bodyTagFields: ["version.number"], nextVersionFields: ["version.number"] }
    const store = createPanelStore({
      engine: createEngine(versionPlaces),
      settings: panelSettings(versionPlaces)
    })
    const har = JSON.parse(readFileSync("tests/fixtures/lab-confluence.har", "utf8"))
    store.getState().ingest(har.log.entries, "live")
    const rules = new Map(allRules.map((rule) => [rule.id, rule]))
    render(<PanelApp store={store} capabilities={{ rules }} theme="light" />)
    openLineage()
    fireEvent.click(screen.getByTestId("scenario-export-toggle"))
    fireEvent.click(screen.getByTestId("scenario-export-node"))
    const preview = screen.getByTestId("scenario-preview").textContent ?? ""
    expect(preview).toMatch(/"kind": "body-field",\s+"field": "version.number",\s+"next": true/)
  })

  it("says why when the resource has no write to re-create", () => {
    renderPanel([laxScenario()[0]])
    openLineage()
    fireEvent.click(screen.getByTestId("scenario-export-toggle"))
    fireEvent.click(screen.getByTestId("scenario-export-curl"))
    expect(screen.getByTestId("scenario-export-skipped").textContent).toMatch(/no PUT, PATCH or MERGE write/)
    expect(screen.queryByTestId("scenario-preview")).toBeNull()
  })
})
