/**
 * Records the lab fixtures the engine's tests replay: REAL Chromium captures (playwright-core,
 * Debian's /usr/bin/chromium) of the scenario page for every policy and of three two-user demo
 * sessions. Run: `npx tsx scripts/record-fixtures.ts [policy|batch|two-users|farm-two-users|per-user-two-users|strict-star-two-users|lax-blind-two-users|lax-json-patch-two-users …]` (default: everything).
 * Each capture checks the statuses it saw, so a fixture never silently records the wrong story.
 */
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"

import type { Browser, Page } from "playwright-core"
import { chromium } from "playwright-core"

import { EXPECTED_SCENARIO_STATUSES } from "./record-fixtures-expectations"
import { recordHarFile } from "./record-har"
import {
  recordFarmTwoUsers,
  recordPerUserTwoUsers,
  recordLaxBlindJsonPatches,
  recordLaxBlindSaves,
  recordLaxLostUpdate,
  recordStrictRefreshAndRetry,
  recordStrictStarOverwrite
} from "./record-fixtures-two-users"
import type { RunningLab } from "../src/lab/server"
import { startLab } from "../src/lab/server"

const FIXTURES_DIR = resolve(import.meta.dirname, "../tests/fixtures")
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

export type SessionRecorder = (page: Page, lab: RunningLab) => Promise<void>

/** Policies whose scenario is also recorded with every step in an OData `$batch`. */
const BATCHED_POLICIES = ["lax", "strict"]

/** Opens a fresh context that records a HAR with embedded bodies, runs `session`, writes the file. */
export async function recordHar(browser: Browser, lab: RunningLab, name: string, session: SessionRecorder) {
  await fetch(`${lab.url}/api/_reset`, { method: "POST" })
  await recordHarFile(browser, resolve(FIXTURES_DIR, `${name}.har`), (page) => session(page, lab))
}

/** The scenario page on `policy`; `batch`: each step inside an OData `$batch`, as a UI5 app sends it. */
function scenarioSession(policy: string, batch = false): SessionRecorder {
  return async (page, lab) => {
    await page.goto(`${lab.url}/scenario.html?policy=${policy}${batch ? "&batch=1" : ""}`)
    await page.click("#run")
    await page.waitForSelector("body[data-done]")
    const statuses = await page.evaluate(() => document.body.dataset.statuses ?? "")
    if (statuses !== EXPECTED_SCENARIO_STATUSES[policy]) {
      throw new Error(
        `scenario ${policy}: saw "${statuses}", expected "${EXPECTED_SCENARIO_STATUSES[policy]}"`
      )
    }
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const wants = (name: string) => wanted.length === 0 || wanted.includes(name)
  mkdirSync(FIXTURES_DIR, { recursive: true })
  const lab = await startLab({ port: 0 })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] })
  try {
    for (const policy of Object.keys(EXPECTED_SCENARIO_STATUSES)) {
      if (wants(policy)) await recordHar(browser, lab, `lab-${policy}`, scenarioSession(policy))
    }
    // The same stories sent in OData batches: the engine must find the same (tests/core/fixtures.test.ts).
    for (const policy of BATCHED_POLICIES) {
      if (wants(`${policy}-batch`) || wants("batch"))
        await recordHar(browser, lab, `lab-${policy}-batch`, scenarioSession(policy, true))
    }
    if (wants("two-users")) {
      await recordHar(browser, lab, "lab-lax-two-users", recordLaxLostUpdate)
      await recordHar(browser, lab, "lab-strict-two-users", recordStrictRefreshAndRetry)
    }
    if (wants("farm-two-users")) await recordHar(browser, lab, "lab-farm-two-users", recordFarmTwoUsers)
    if (wants("per-user-two-users"))
      await recordHar(browser, lab, "lab-per-user-two-users", recordPerUserTwoUsers)
    if (wants("lax-blind-two-users"))
      await recordHar(browser, lab, "lab-lax-blind-two-users", recordLaxBlindSaves)
    if (wants("lax-json-patch-two-users"))
      await recordHar(browser, lab, "lab-lax-json-patch-two-users", recordLaxBlindJsonPatches)
    if (wants("strict-star-two-users"))
      await recordHar(browser, lab, "lab-strict-star-two-users", recordStrictStarOverwrite)
  } finally {
    await browser.close()
    await lab.close()
  }
}

main().catch((error: unknown) => {
  console.error(`record-fixtures: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
