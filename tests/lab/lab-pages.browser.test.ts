/**
 * The lab's pages in real Chromium (playwright-core, Debian's /usr/bin/chromium): the scenario
 * page's statuses for every policy, and the two-user demo's lost update (lax) and
 * refresh-and-retry (strict). Skipped with a reason when Chromium is not installed.
 */
import { existsSync } from "node:fs"

import type { Browser, Page } from "playwright-core"
import { chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

import { EXPECTED_SCENARIO_STATUSES } from "../../scripts/record-fixtures-expectations"
import type { RunningLab } from "../../src/lab/server"
import { startLab } from "../../src/lab/server"

const CHROMIUM = "/usr/bin/chromium"
const hasChromium = existsSync(CHROMIUM)

async function act(page: Page, user: string, action: string): Promise<{ code: string; message: string }> {
  const before = await page.getAttribute(`#${user}-status`, "data-seq")
  await page.click(`#${user}-${action}`)
  await page.waitForFunction(([id, previous]) => document.getElementById(id)?.dataset.seq !== previous, [
    `${user}-status`,
    before
  ] as const)
  return {
    code: (await page.getAttribute(`#${user}-status`, "data-code")) ?? "",
    message: (await page.textContent(`#${user}-message`)) ?? ""
  }
}

describe.skipIf(!hasChromium)(
  `lab pages in Chromium${hasChromium ? "" : " (skipped: no /usr/bin/chromium)"}`,
  () => {
    let lab: RunningLab
    let browser: Browser

    beforeAll(async () => {
      lab = await startLab({ port: 0 })
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] })
    })
    afterAll(async () => {
      await browser?.close()
      await lab?.close()
    })

    async function openPage(path: string): Promise<Page> {
      await fetch(`${lab.url}/api/_reset`, { method: "POST" })
      const page = await browser.newPage()
      await page.goto(`${lab.url}${path}`)
      return page
    }

    it.each(Object.entries(EXPECTED_SCENARIO_STATUSES))(
      "scenario page on %s: %s",
      async (policy, expected) => {
        const page = await openPage(`/scenario.html?policy=${policy}`)
        await page.click("#run")
        await page.waitForSelector("body[data-done]")
        expect(await page.evaluate(() => document.body.dataset.statuses)).toBe(expected)
        expect(await page.textContent("#out")).toContain("PUT (stale tag): " + expected.split(" ")[3])
        await page.close()
      }
    )

    it("demo on lax: Bob's save silently overwrites Alice's and the page says so", async () => {
      const page = await openPage("/?policy=lax")
      await page.waitForSelector("body[data-ready]")
      await act(page, "alice", "load")
      await act(page, "bob", "load")
      await page.fill("#alice-text", "Alice's edit")
      expect((await act(page, "alice", "save")).code).toBe("200")
      await page.fill("#bob-text", "Bob's edit")
      const bob = await act(page, "bob", "save")
      expect(bob.code).toBe("200")
      expect(bob.message).toBe("200: saved — but Alice's change was silently overwritten!")
      await page.close()
    })

    it("demo on strict: Bob gets 412, refreshes and retries, and the tag he holds moves on", async () => {
      const page = await openPage("/?policy=strict")
      await page.waitForSelector("body[data-ready]")
      await act(page, "alice", "load")
      await act(page, "bob", "load")
      const heldBefore = await page.textContent("#bob-tag")
      expect(heldBefore).toMatch(/^"n1-v1-/)
      expect((await act(page, "alice", "save")).code).toBe("200")
      const refused = await act(page, "bob", "save")
      expect(refused).toEqual({ code: "412", message: "412: someone changed it — refresh and retry." })
      expect(await page.isVisible("#bob-retry")).toBe(true)
      const retried = await act(page, "bob", "retry")
      expect(retried.code).toBe("200")
      expect(await page.textContent("#bob-tag")).toMatch(/^"n1-v3-/)
      await page.uncheck("#alice-ifmatch")
      expect((await act(page, "alice", "save")).code).toBe("428")
      await page.click("#reset")
      await page.waitForFunction(() => document.getElementById("notice")?.textContent?.includes("reset"))
      expect(await page.textContent("#alice-tag")).toBe("none")
      await page.close()
    })
  }
)
