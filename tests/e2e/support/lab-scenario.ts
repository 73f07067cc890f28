/** The lab's scenario page as the end-to-end tests drive it (contract in docs/lab.md). */
import assert from "node:assert/strict"

import type { ChromiumSession } from "./chromium"

/** Restores the lab's initial notes (note 1 at v1 in every policy). */
export async function resetLab(labUrl: string): Promise<void> {
  const response = await fetch(`${labUrl}/api/_reset`, { method: "POST" })
  assert.ok(response.ok, `lab reset answered ${response.status}`)
}

/** Clicks `#run` on `/scenario.html` and waits for its four steps; returns the statuses it printed. */
export async function runScenario(page: ChromiumSession["page"]): Promise<string> {
  await page.evaluate(() => delete document.body.dataset.done)
  await page.click("#run")
  await page.waitForFunction(() => document.body.dataset.done === "1", { timeout: 15_000 })
  return page.$eval("#out", (element) => element.textContent ?? "")
}
