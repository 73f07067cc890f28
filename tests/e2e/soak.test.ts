/**
 * Soak: the real ETags panel under continuous traffic stays bounded. Chromium inspects the lab's
 * polling page (GET + PUT on note 1, with current, missing and stale tags) for SOAK_MS (default 20 s, ≈ 45 s in all)
 * with "Exchanges kept" set to 300 in ⚙ Settings. Checked from the panel: the status bar never shows
 * more than 300 exchanges, evictions grow, nothing is lost (kept + evicted ≥ requests the page made),
 * the resource's lineage and findings are still there, and the panel frame's JS heap (after GC)
 * stays under 2 × its warm-up size + 16 MiB.
 * Run: npm run build:chrome && node --import tsx --test tests/e2e/soak.test.ts
 */
import assert from "node:assert/strict"
import { describe, it } from "node:test"

import { openPanel, waitFor, type ChromiumSession, type PanelHandle } from "./support/chromium"
import { useLabAndChromium } from "./support/lab-and-browser"
import { resetLab } from "./support/lab-scenario"
import {
  mib,
  MiB,
  panelHeap,
  panelSession,
  readStatusBar,
  setMaxExchanges,
  type StatusCounts
} from "./support/panel-metrics"

const MAX_EXCHANGES = 300
const SOAK_MS = Number(process.env.SOAK_MS ?? 20_000)
const POLL_RATE_MS = 10
const NOTE_PATH = "/api/strict/notes/1"
/** Generous but meaningful: a leak proportional to traffic (thousands of exchanges) breaks it. */
const heapCeiling = (warmUpBytes: number) => 2 * warmUpBytes + 16 * MiB

const env = useLabAndChromium()

const pageRequests = async (page: ChromiumSession["page"]) =>
  Number(await page.evaluate(() => document.body.dataset.requests ?? "0"))

/** Waits until the panel has taken in every request the page made so far (kept + evicted). */
async function waitUntilCaughtUp(panel: PanelHandle, requests: number): Promise<StatusCounts> {
  return waitFor(
    async () => {
      const counts = await readStatusBar(panel.frame)
      return counts.exchanges + counts.evicted >= requests ? counts : undefined
    },
    `the panel to record ${requests} requests`,
    30_000
  )
}

describe("soak: the panel under continuous polling traffic", () => {
  it(
    `stays within ${MAX_EXCHANGES} exchanges and a bounded heap for ${SOAK_MS / 1000} s`,
    { timeout: SOAK_MS + 120_000 },
    async () => {
      await resetLab(env.lab.url)
      const { page, browser } = env.chromium
      await page.goto(`${env.lab.url}/poll.html?policy=strict&rate=${POLL_RATE_MS}&autostart=0`)
      const panel = await openPanel(page)
      await setMaxExchanges(panel, MAX_EXCHANGES)
      const heapSession = await panelSession(browser)

      await page.click("#start")
      // Warm-up: the bound has been reached and eviction has started.
      const warm = await waitFor(
        async () => {
          const counts = await readStatusBar(panel.frame)
          return counts.evicted > 0 ? counts : undefined
        },
        "the first evictions",
        60_000
      )
      const warmHeap = await panelHeap(heapSession)
      const started = Date.now()

      const samples: StatusCounts[] = [warm]
      while (Date.now() - started < SOAK_MS) {
        const seen = await pageRequests(page)
        await waitFor(async () => (await pageRequests(page)) >= seen + 100, "100 more requests", 30_000)
        const counts = await readStatusBar(panel.frame)
        assert.ok(counts.exchanges <= MAX_EXCHANGES, `status bar shows ${counts.text}`)
        samples.push(counts)
      }
      await page.click("#stop")
      await page.waitForFunction(() => document.body.dataset.running === "0")
      const requests = await pageRequests(page)
      const final = await waitUntilCaughtUp(panel, requests)
      const finalHeap = await panelHeap(heapSession)

      assert.equal(final.exchanges, MAX_EXCHANGES, `kept exactly the bound: ${final.text}`)
      assert.ok(final.evicted > warm.evicted, `evictions grew from ${warm.evicted} to ${final.evicted}`)
      for (let index = 1; index < samples.length; index++)
        assert.ok(samples[index].evicted >= samples[index - 1].evicted, "the evicted counter never goes back")
      assert.ok(samples.length >= 4, `sampled the status bar ${samples.length} times`)

      await panel.clickInPanel('[data-testid="tab-resources"]')
      await panel.clickInPanel('[data-testid="resource-row"]', NOTE_PATH)
      const lineage = await panel.waitForPanelText("428 precondition required")
      assert.match(lineage, /412 conflict detected/)
      assert.match(lineage, /v\d+\s/)
      await panel.clickInPanel('[data-testid="tab-findings"]')
      const findings = await panel.waitForPanelText("missing-if-match")
      assert.match(findings, /precondition-required/)

      const ceiling = heapCeiling(warmHeap.usedBytes)
      // Lineage versions are kept after their exchanges are evicted (one per accepted write), so
      // some growth per request remains; see docs/hardening.md.
      const warmRequests = warm.exchanges + warm.evicted
      const growthPerRequest =
        (finalHeap.usedBytes - warmHeap.usedBytes) / Math.max(1, requests - warmRequests)
      console.log(
        `soak: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `status "${final.text}"; heap after GC: warm-up ${mib(warmHeap.usedBytes)}, ` +
          `after soak ${mib(finalHeap.usedBytes)} (ceiling ${mib(ceiling)}); ` +
          `${growthPerRequest.toFixed(0)} bytes kept per request after warm-up`
      )
      assert.ok(
        finalHeap.usedBytes < ceiling,
        `panel heap ${mib(finalHeap.usedBytes)} ≥ ceiling ${mib(ceiling)} (warm-up ${mib(warmHeap.usedBytes)})`
      )
      await heapSession.detach()
      await panel.closeDevtools()
    }
  )
})
