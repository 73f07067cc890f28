/**
 * The lab's polling page (/poll.html) in real Chromium: bounded runs write note 1 round after
 * round with the current, no, or the stale first tag, and the server's version shows which writes
 * the policy let through. Skipped with a reason when Chromium is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"

import type { RunningLab } from "../../src/lab/server"
import { startLab } from "../../src/lab/server"
import { hasChromium, useLabInChromium } from "./lab-chromium"

const ROUNDS = 14

/** Rounds 4 and 9 send no tag; rounds 6 and 13 send the first (by then stale) tag. */
const ROUNDS_WITHOUT_TAG = 2
const ROUNDS_WITH_STALE_TAG = 2

async function noteVersion(labUrl: string, policy: string): Promise<number> {
  const response = await fetch(`${labUrl}/api/${policy}/notes/1`)
  return Number(response.headers.get("X-Lab-Version"))
}

describe("polling page route", () => {
  let lab: RunningLab
  beforeAll(async () => {
    lab = await startLab({ port: 0 })
  })
  afterAll(async () => {
    await lab?.close()
  })

  it("serves the page and its script", async () => {
    const page = await fetch(`${lab.url}/poll.html?policy=lax`)
    expect(page.status).toBe(200)
    expect(page.headers.get("Content-Type")).toMatch(/text\/html/)
    expect(await page.text()).toContain('<script src="/poll.js"></script>')
    const script = await fetch(`${lab.url}/poll.js`)
    expect(script.status).toBe(200)
    expect(await script.text()).toContain("window.labPolling")
  })
})

describe.skipIf(!hasChromium)(
  `polling page in Chromium${hasChromium ? "" : " (skipped: no /usr/bin/chromium)"}`,
  () => {
    const lab = useLabInChromium()

    async function runBounded(policy: string) {
      const page = await lab.openPage(`/poll.html?policy=${policy}&rate=0&rounds=${ROUNDS}`)
      await page.waitForSelector("body[data-done]")
      const counters = await page.evaluate(() => ({ ...document.body.dataset }))
      await page.close()
      return counters
    }

    it("lax: every write goes through (no check), a GET and a PUT per round", async () => {
      const counters = await runBounded("lax")
      expect(counters).toMatchObject({
        rounds: String(ROUNDS),
        requests: String(ROUNDS * 2),
        errors: "0",
        running: "0"
      })
      expect(await noteVersion(lab.url(), "lax")).toBe(1 + ROUNDS)
    })

    it("strict: writes without a tag (428) and with the stale tag (412) are refused", async () => {
      const counters = await runBounded("strict")
      expect(counters.errors).toBe("0")
      expect(counters.requests).toBe(String(ROUNDS * 2))
      const accepted = ROUNDS - ROUNDS_WITHOUT_TAG - ROUNDS_WITH_STALE_TAG
      expect(await noteVersion(lab.url(), "strict")).toBe(1 + accepted)
    })

    it("waits for #start with autostart=0 and stops on #stop", async () => {
      const page = await lab.openPage("/poll.html?policy=eve&rate=5&autostart=0")
      expect(await page.evaluate(() => document.body.dataset.running)).toBe("0")
      await page.click("#start")
      await page.waitForFunction(() => Number(document.body.dataset.rounds) >= 3)
      await page.click("#stop")
      await page.waitForFunction(() => document.body.dataset.running === "0")
      const rounds = Number(await page.evaluate(() => document.body.dataset.rounds))
      expect(rounds).toBeGreaterThanOrEqual(3)
      expect(await page.evaluate(() => document.body.dataset.errors)).toBe("0")
      await page.close()
    })
  }
)
