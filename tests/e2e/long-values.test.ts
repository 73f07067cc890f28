/**
 * Long values in the real panel (docked, a narrow pane): a resource whose current tag is longer
 * than the row still shows its URL in the Resources list; a replay's long header value (a bearer
 * token) wraps inside the detail pane; nothing widens the panel's page.
 * Run: npm run build:chrome && node --import tsx --test tests/e2e/long-values.test.ts
 */
import assert from "node:assert/strict"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { after, before, describe, it } from "node:test"

import { openPanel, waitFor, type PanelHandle } from "./support/chromium"
import { useLabAndChromium } from "./support/lab-and-browser"
import { importThroughPanel, waitForNotice } from "./support/panel-metrics"

const env = useLabAndChromium()
let panel: PanelHandle
let folder: string

const LONG_TAG = `"${"0123456789abcdef".repeat(40)}"`
const NOTE = "http://127.0.0.1:8787/api/notes/long-tag"

function read(second: number, etag: string, method = "GET", requestHeaders: object[] = []) {
  return {
    startedDateTime: `2026-11-25T12:00:0${second}.000Z`,
    time: 5,
    request: {
      method,
      url: NOTE,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: requestHeaders,
      queryString: []
    },
    response: {
      status: 200,
      statusText: "OK",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [
        { name: "Content-Type", value: "application/json" },
        { name: "ETag", value: etag }
      ],
      content: { size: 2, mimeType: "application/json", text: "{}" },
      redirectURL: ""
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
    _resourceType: "fetch"
  }
}

describe("long values in a narrow panel", () => {
  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), "etag-lens-long-values-"))
    await env.chromium.page.goto(`${env.lab.url}/scenario.html?policy=strict`)
    panel = await openPanel(env.chromium.page)
  })
  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  /** Imports `entries` as a HAR file through the panel's Import, and waits for its notice. */
  async function importEntries(name: string, entries: readonly object[], notice: RegExp): Promise<void> {
    const file = path.join(folder, name)
    const har = { log: { version: "1.2", creator: { name: "test", version: "1" }, entries } }
    writeFileSync(file, JSON.stringify(har))
    await importThroughPanel(panel, file)
    await waitForNotice(panel, notice)
  }

  it("a resource's long current tag leaves its URL room in the Resources list", async () => {
    await importEntries("long-tag.har", [read(1, LONG_TAG)], /^Imported 1 entry/)
    await panel.clickInPanel('[data-testid="tab-resources"]')
    await panel.frame.waitForSelector('[data-testid="resource-row"]')
    const widths = await waitFor(
      () =>
        panel.frame.evaluate(() => {
          const row = document.querySelector<HTMLElement>('[data-testid="resource-row"]')
          const url = row?.querySelector<HTMLElement>(".url")
          if (!row || !url) return undefined
          return {
            row: row.getBoundingClientRect().width,
            url: url.getBoundingClientRect().width,
            page: document.documentElement.scrollWidth,
            viewport: innerWidth
          }
        }),
      "the resource row laid out"
    )
    assert.ok(widths.url >= widths.row * 0.2, `URL ${widths.url}px of a ${widths.row}px row`)
    assert.ok(widths.page <= widths.viewport, "the page does not scroll sideways")
  })

  it("a replay's long header value (a bearer token) wraps inside the detail pane", async () => {
    const token = { name: "Authorization", value: `Bearer ${"eyJhbGciOiJub25lIn0".repeat(30)}` }
    const save = read(3, '"b"', "PUT", [token, { name: "If-Match", value: '"a"' }])
    await importEntries("long-token.har", [read(2, '"a"'), save], /^Imported 2 entries/)
    await panel.clickInPanel('[data-testid="tab-traffic"]')
    await panel.clickInPanel('[data-testid="traffic-row"]', "PUT")
    await panel.clickInPanel('[data-testid="detail-tab-replay"]')
    await panel.frame.waitForSelector(".replay-headers")
    const widths = await waitFor(
      () =>
        panel.frame.evaluate(() => {
          const pane = document.querySelector<HTMLElement>('[data-testid="detail-pane"]')
          const table = document.querySelector<HTMLElement>(".replay-headers")
          if (!pane || !table) return undefined
          return {
            pane: pane.getBoundingClientRect().right,
            table: table.getBoundingClientRect().right,
            page: document.documentElement.scrollWidth,
            viewport: innerWidth
          }
        }),
      "the replay plan laid out"
    )
    assert.ok(
      widths.table <= widths.pane,
      `the headers end at ${widths.table}px, the pane at ${widths.pane}px`
    )
    assert.ok(widths.page <= widths.viewport, "the page does not scroll sideways")
  })
})
