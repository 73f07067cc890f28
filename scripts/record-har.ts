/** Recorded fixtures: fresh Chromium contexts that record HARs with embedded bodies. */
import { statSync } from "node:fs"
import { basename } from "node:path"

import type { Browser, BrowserContext, Page } from "playwright-core"

/** Runs `session` in a context recording to `path` (bodies embedded), then writes the file. */
export async function recordHarFile(
  browser: Browser,
  path: string,
  session: (page: Page) => Promise<void>
): Promise<void> {
  await recordHarFiles(browser, [path], ([page]) => session(page))
}

/**
 * Runs `session` with one page per path, each in a context of its own (its own cookies: one
 * person's browser each) recording to that path, then writes the files.
 */
export async function recordHarFiles(
  browser: Browser,
  paths: readonly string[],
  session: (pages: readonly Page[]) => Promise<void>
): Promise<void> {
  const contexts: BrowserContext[] = []
  try {
    for (const path of paths)
      contexts.push(await browser.newContext({ recordHar: { path, content: "embed" } }))
    await session(await Promise.all(contexts.map((context) => context.newPage())))
  } finally {
    await Promise.all(contexts.map((context) => context.close()))
  }
  for (const path of paths) console.log(`  ${basename(path)}  ${(statSync(path).size / 1024).toFixed(1)} KiB`)
}
