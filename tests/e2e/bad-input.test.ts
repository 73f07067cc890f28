/**
 * Bad input through the real panel: HAR files chosen with the toolbar's Import button that are
 * truncated, not HAR at all, binary, or have one broken entry among good ones. The panel names the
 * file (and the entry) in its notice, loads every valid entry, and keeps what it recorded before.
 * Run: npm run build:chrome && node --import tsx --test tests/e2e/bad-input.test.ts
 */
import assert from "node:assert/strict"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { after, before, describe, it } from "node:test"

import { openPanel, waitFor, type PanelHandle } from "./support/chromium"
import { useLabAndChromium } from "./support/lab-and-browser"
import { resetLab } from "./support/lab-scenario"
import { importThroughPanel, readStatusBar, waitForNotice } from "./support/panel-metrics"

const LAX_FIXTURE = "tests/fixtures/lab-lax.har"
const BROKEN_POSITION = 5

interface HarDocument {
  log: { entries: unknown[] }
}

const env = useLabAndChromium()
let panel: PanelHandle
let folder: string

/** Writes a file for the import under test; returns its absolute path. */
function writeInput(name: string, content: string | Buffer): string {
  const file = path.join(folder, name)
  writeFileSync(file, content)
  return file
}

async function recordedResources(): Promise<string[]> {
  await panel.clickInPanel('[data-testid="tab-resources"]')
  return panel.frame.$$eval('[data-testid="resource-row"]', (rows) =>
    rows.map((row) => row.getAttribute("data-resource-key") ?? "")
  )
}

describe("bad HAR files imported through the panel", () => {
  let recordedBefore = 0

  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), "etag-lens-bad-input-"))
    await resetLab(env.lab.url)
    await env.chromium.page.goto(`${env.lab.url}/scenario.html?policy=strict`)
    panel = await openPanel(env.chromium.page)
    await env.chromium.page.click("#run")
    await env.chromium.page.waitForFunction(() => document.body.dataset.done === "1")
    // The panel takes live traffic in batches: wait for all four requests (not just the first PUT),
    // and for the count to settle.
    let previous = -1
    recordedBefore = await waitFor(async () => {
      const { exchanges } = await readStatusBar(panel.frame)
      const settled = exchanges >= 4 && exchanges === previous
      previous = exchanges
      if (!settled) await new Promise((resolve) => setTimeout(resolve, 300))
      return settled ? exchanges : undefined
    }, "the scenario's GET and three PUTs recorded")
  })
  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  async function assertRecordingKept() {
    assert.equal((await readStatusBar(panel.frame)).exchanges, recordedBefore, "no exchange added or lost")
    assert.ok(
      (await recordedResources()).some((key) => key.endsWith("/api/strict/notes/1")),
      "the recorded resource is still listed"
    )
  }

  it("a truncated HAR: an error naming the file and saying it looks truncated", async () => {
    const text = readFileSync(LAX_FIXTURE, "utf8")
    await importThroughPanel(panel, writeInput("cut-short.har", text.slice(0, Math.floor(text.length / 2))))
    const notice = await waitForNotice(panel, /cut-short\.har/)
    assert.match(notice, /^Could not import cut-short\.har: invalid JSON at the end .*looks truncated/)
    assert.equal(await panel.frame.$eval('[data-testid="notice"]', (element) => element.role), "alert")
    await assertRecordingKept()
  })

  it("JSON that is not a HAR: an error naming the file and what is missing", async () => {
    await importThroughPanel(panel, writeInput("package.json", JSON.stringify({ name: "not-a-har" })))
    const notice = await waitForNotice(panel, /package\.json/)
    assert.match(notice, /^Could not import package\.json: not a HAR file: no "log" at the top level/)
    await assertRecordingKept()
  })

  it("a binary file: an error naming the file, and the panel keeps working", async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe
    ])
    await importThroughPanel(panel, writeInput("photo.har", png))
    const notice = await waitForNotice(panel, /photo\.har/)
    assert.match(notice, /^Could not import photo\.har: invalid JSON at line 1, column 1/)
    await assertRecordingKept()
  })

  it("one broken entry among good ones: the good ones are loaded, the broken one is named", async () => {
    const har = JSON.parse(readFileSync(LAX_FIXTURE, "utf8")) as HarDocument
    const good = har.log.entries.length - 1
    const broken = har.log.entries[BROKEN_POSITION] as { response?: unknown }
    delete broken.response
    await importThroughPanel(panel, writeInput("one-broken.har", JSON.stringify(har)))
    const notice = await waitForNotice(panel, /one-broken\.har/)
    assert.equal(
      notice.replace(/✕$/, ""),
      `Imported ${good} entries from one-broken.har · 1 problem: ` +
        `log.entries[${BROKEN_POSITION}]: entry has no response`
    )
    const counts = await readStatusBar(panel.frame)
    assert.equal(counts.exchanges, recordedBefore + good, counts.text)
    assert.equal(counts.skipped, 1, counts.text)
    const resources = await recordedResources()
    assert.ok(
      resources.some((key) => key.endsWith("/api/lax/notes/1")),
      "the imported resource is listed"
    )
    assert.ok(
      resources.some((key) => key.endsWith("/api/strict/notes/1")),
      "the recorded one is kept"
    )
  })
})
