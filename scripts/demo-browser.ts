/**
 * The demo's browser (scripts/demo.sh): Chromium with the built extension on the lab's two-user
 * demo page, DevTools open on the ETags panel, so a class sees the panel at once. Chrome does not
 * reopen an extension panel, and `ExtensionPanel.show()` from the devtools page changed nothing
 * (Chromium 156), so the panel is shown the way the e2e harness shows it, over Chromium's debugging
 * pipe (no TCP port).
 *   tsx scripts/demo-browser.ts <lab url>           a window; returns when Chromium is closed
 *   tsx scripts/demo-browser.ts <lab url> --check   headless: Alice loads the note, the panel shows the
 *                                                   GET, then it exits (the demo's smoke check)
 * The browser and the extension build come from CHROMIUM_BIN and ETAG_LENS_CHROME_BUILD;
 * DEMO_BROWSER_HEADLESS=1 runs the window's mode headless (tests/lab/demo-script.test.ts).
 */
import { parseArgs } from "node:util"

import { launchChromium, openPanel, type ChromiumSession } from "../tests/e2e/support/chromium"

const DEMO_POLICY = "lax"

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { check: { type: "boolean", default: false } }
  })
  const labUrl = positionals[0]
  if (labUrl === undefined) throw new Error("usage: tsx scripts/demo-browser.ts <lab url> [--check]")
  const check = values.check
  const session = await launchChromium({
    headless: check || process.env.DEMO_BROWSER_HEADLESS === "1",
    // Chromium's sandbox cannot run as root (a container); a desktop user keeps it.
    sandbox: process.getuid?.() !== 0
  })
  // demo.sh stops this process group on Ctrl-C: close Chromium (its own group) and drop the profile.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void session.close().finally(() => process.exit(130)))
  try {
    await showDemo(session, labUrl, check)
  } finally {
    // Also when something failed: an open browser would keep this process (and demo.sh) waiting.
    await session.close() // removes the throwaway profile too
  }
}

async function showDemo(session: ChromiumSession, labUrl: string, check: boolean): Promise<void> {
  const closed = new Promise<void>((resolve) => session.browser.once("disconnected", () => resolve()))
  const { page } = session
  // DevTools first, then the page: the panel sees the page load from its start, so it has no
  // "earlier traffic may be missing" to explain to a class.
  const panel = await openPanel(page)
  await page.goto(`${labUrl}/?policy=${DEMO_POLICY}`)
  await page.waitForSelector("body[data-ready]")
  if (!check) {
    console.log("DevTools is open on the ETags panel.")
    await closed
    return
  }
  await page.click("#alice-load")
  const shown = await panel.waitForPanelText(`/api/${DEMO_POLICY}/notes/1`)
  // What a class sees first: no warning to explain, and no browser noise among the API calls.
  if (shown.includes("earlier traffic may be missing"))
    throw new Error("the panel says earlier traffic may be missing: DevTools opened after the page")
  if (shown.includes("/favicon.ico")) throw new Error("the browser's favicon request shows as an API call")
  console.log("The ETags panel showed Alice's GET of the note, with nothing missed before it.")
}

main().catch((error: unknown) => {
  console.error(`demo browser: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
