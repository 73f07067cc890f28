/** One recorded fixture: a fresh Chromium context that records a HAR with embedded bodies. */
import { statSync } from "node:fs"
import { basename } from "node:path"

import type { Browser, Page } from "playwright-core"

/** Runs `session` in a context recording to `path` (bodies embedded), then writes the file. */
export async function recordHarFile(
  browser: Browser,
  path: string,
  session: (page: Page) => Promise<void>
): Promise<void> {
  const context = await browser.newContext({ recordHar: { path, content: "embed" } })
  try {
    await session(await context.newPage())
  } finally {
    await context.close()
  }
  console.log(`  ${basename(path)}  ${(statSync(path).size / 1024).toFixed(1)} KiB`)
}
