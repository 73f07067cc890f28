/** One lab and one headless Debian Chromium per test file, for the tests of the lab's pages. */
import { existsSync } from "node:fs"

import type { Browser, Page } from "playwright-core"
import { chromium } from "playwright-core"
import { afterAll, beforeAll } from "vitest"

import type { RunningLab } from "../../src/lab/server"
import { startLab } from "../../src/lab/server"

export const CHROMIUM = "/usr/bin/chromium"
export const hasChromium = existsSync(CHROMIUM)

export interface LabInChromium {
  readonly url: () => string
  /** Resets the lab's data, then opens the lab page at `path` in a new tab. */
  openPage(path: string): Promise<Page>
}

/** Call inside a `describe`: the lab and the browser start before its tests and stop after them. */
export function useLabInChromium(): LabInChromium {
  let lab: RunningLab | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    lab = await startLab({ port: 0 })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] })
  })
  afterAll(async () => {
    await browser?.close()
    await lab?.close()
  })
  const url = (): string => {
    if (!lab) throw new Error("the lab is not running")
    return lab.url
  }
  return {
    url,
    async openPage(path) {
      if (!browser) throw new Error("Chromium is not running")
      await fetch(`${url()}/api/_reset`, { method: "POST" })
      const page = await browser.newPage()
      await page.goto(`${url()}${path}`)
      return page
    }
  }
}
