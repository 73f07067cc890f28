/**
 * axe-core (the accessibility engine behind Lighthouse and DevTools' own audits) over the ETags
 * panel in real Chromium, in the light and the dark theme: every view, every detail tab, the
 * settings dialog, the context menus, a replay's verdict, Show the fix's three-way view, and the
 * toolbar popup. Any violation (WCAG 2.x A/AA and axe's best practices) fails the test, listed.
 *
 * axe is evaluated through the DevTools protocol, which the extension pages' CSP (script-src 'self')
 * does not apply to; nothing of it is in the build.
 *
 * Run: npm run build:chrome && node --import tsx --test tests/e2e/accessibility.test.ts
 */
import assert from "node:assert/strict"
import { describe, it } from "node:test"

import type { Frame, Page } from "puppeteer-core"

import { AXE_SOURCE } from "./support/axe"
import { openPanel, waitFor, type PanelHandle } from "./support/chromium"
import { useLabAndChromium } from "./support/lab-and-browser"
import { resetLab, runScenario } from "./support/lab-scenario"

const env = useLabAndChromium()

interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly string[]
}

/** axe's violations on the page or frame as it is now, each with the elements and why. */
async function violations(target: Frame | Page): Promise<Violation[]> {
  const loaded = await target.evaluate(() => "axe" in window)
  if (!loaded) await target.evaluate(AXE_SOURCE)
  return target.evaluate(async () => {
    // No named helper inside: the evaluated function is serialized as it is.
    const { axe } = window as unknown as {
      axe: {
        run: (
          context: Document,
          options: object
        ) => Promise<{
          violations: {
            id: string
            impact: string | null
            help: string
            nodes: { target: string[]; failureSummary?: string }[]
          }[]
        }>
      }
    }
    const result = await axe.run(document, { resultTypes: ["violations"] })
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map(
        (node) => `${node.target.join(" ")}: ${(node.failureSummary ?? "").replace(/\s+/g, " ")}`
      )
    }))
  })
}

/** Checks the panel as shown, and says where (`what`) when it fails. */
async function assertAccessible(target: Frame | Page, what: string): Promise<void> {
  const found = await violations(target)
  assert.deepEqual(
    found.map((violation) => violation.id),
    [],
    `${what}:\n${found.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.join("\n  ")}`).join("\n")}`
  )
}

/** A fresh tab (no saved session of an earlier test) on the scenario page, run, with the panel open. */
async function scenarioWithPanel(
  policy: string
): Promise<PanelHandle & { readonly done: () => Promise<void> }> {
  await resetLab(env.lab.url)
  const page = await env.chromium.browser.newPage()
  await page.goto(`${env.lab.url}/scenario.html?policy=${policy}`)
  const panel = await openPanel(page)
  await runScenario(page)
  await panel.waitForPanelText(/\b4 exchanges/)
  return Object.assign(panel, { done: () => page.close() })
}

/** Every view and detail tab, with the last write selected (the lineage, the replay form). */
async function everyView(panel: PanelHandle, theme: string): Promise<void> {
  await panel.clickInPanel('[data-testid="tab-traffic"]')
  await panel.frame.click('[data-testid="traffic-row"]:last-child')
  await assertAccessible(panel.frame, `${theme}: Traffic`)
  for (const tab of ["headers", "body", "diff", "lineage", "replay"]) {
    await panel.clickInPanel(`[data-testid="detail-tab-${tab}"]`)
    await assertAccessible(panel.frame, `${theme}: the detail's ${tab} tab`)
  }
  for (const view of ["resources", "findings", "servers"]) {
    await panel.clickInPanel(`[data-testid="tab-${view}"]`)
    await assertAccessible(panel.frame, `${theme}: ${view}`)
  }
  await panel.clickInPanel('[data-testid="open-settings"]')
  await assertAccessible(panel.frame, `${theme}: the settings dialog`)
  await panel.clickInPanel(".dialog-buttons button", "Cancel")
}

async function useTheme(panel: PanelHandle, theme: "light" | "dark"): Promise<void> {
  await panel.clickInPanel('[data-testid="open-settings"]')
  await panel.frame.select('[data-testid="setting-theme"]', theme)
  await panel.clickInPanel('[data-testid="save-settings"]')
  await waitFor(
    () =>
      panel.frame.$eval(
        '[data-testid="panel"]',
        (element, wanted) => (element as HTMLElement).dataset.theme === wanted,
        theme
      ),
    `the ${theme} theme`
  )
}

describe("accessibility (axe-core) in Chromium", () => {
  it("lax: every view and detail tab, the settings, both menus and a lost update's verdict, light and dark", async () => {
    const panel = await scenarioWithPanel("lax")
    for (const theme of ["light", "dark"] as const) {
      await useTheme(panel, theme)
      await everyView(panel, theme)
    }
    await panel.clickInPanel('[data-testid="tab-traffic"]')
    await panel.frame.click('[data-testid="traffic-row"]:last-child', { button: "right" })
    await panel.frame.waitForSelector('[data-testid="row-menu"]')
    await assertAccessible(panel.frame, "dark: the row menu")
    await panel.devtools.keyboard.press("Escape")
    await panel.frame.click('[data-testid="traffic-header"]', { button: "right" })
    await panel.frame.waitForSelector('[data-testid="column-menu"]')
    await assertAccessible(panel.frame, "dark: the column menu")
    await panel.devtools.keyboard.press("Escape")

    await panel.clickInPanel('[data-testid="detail-tab-replay"]')
    await panel.clickInPanel('input[name="replay-choice"][value="v1"]')
    await panel.clickInPanel('[data-testid="replay-send"]')
    await panel.frame.waitForSelector('[data-testid="replay-confirm-dialog"]')
    await assertAccessible(panel.frame, "dark: the replay confirmation")
    await panel.clickInPanel('[data-testid="replay-confirm"]')
    await panel.frame.waitForSelector('[data-testid="replay-verdict"][data-verdict="lost-update"]', {
      timeout: 45_000
    })
    await assertAccessible(panel.frame, "dark: a lost update's verdict")
    await useTheme(panel, "light")
    await assertAccessible(panel.frame, "light: a lost update's verdict")
    await panel.done()
  })

  it("strict: a conflict's verdict and Show the fix's three-way view", async () => {
    const panel = await scenarioWithPanel("strict")
    await panel.clickInPanel('[data-testid="tab-traffic"]')
    await panel.frame.click('[data-testid="traffic-row"]:last-child')
    await panel.clickInPanel('[data-testid="detail-tab-replay"]')
    await panel.clickInPanel('input[name="replay-choice"][value="v1"]')
    await panel.clickInPanel('[data-testid="replay-send"]')
    await panel.clickInPanel('[data-testid="replay-confirm"]')
    await panel.frame.waitForSelector('[data-testid="replay-show-fix"]', { timeout: 45_000 })
    await panel.clickInPanel('[data-testid="replay-show-fix"]')
    await panel.frame.waitForSelector('[data-testid="replay-threeway"]', { timeout: 45_000 })
    await assertAccessible(panel.frame, "light: a conflict and the three-way view")
    await panel.done()
  })

  it("the teaching lab's two-user demo page, after a lost update", async () => {
    await resetLab(env.lab.url)
    const page = await env.chromium.browser.newPage()
    await page.goto(`${env.lab.url}/`)
    await page.select("#policy", "lax")
    for (const step of ["#alice-load", "#bob-load", "#alice-save", "#bob-save"]) {
      await page.click(step)
      await page.waitForNetworkIdle()
    }
    await assertAccessible(page, "the demo page")
    await page.close()
  })

  it("the toolbar button's popup", async () => {
    const panel = await scenarioWithPanel("lax")
    // (Node's URL gives a chrome-extension: URL the origin "null".)
    const extensionOrigin = /^chrome-extension:\/\/[a-p]{32}/.exec(panel.frame.url())?.[0]
    assert.ok(extensionOrigin, panel.frame.url())
    await panel.done()
    const popup = await env.chromium.browser.newPage()
    await popup.goto(`${extensionOrigin}/popup.html`)
    await popup.waitForSelector('[data-testid="toolbar-popup"]')
    await assertAccessible(popup, "the toolbar popup")
    await popup.close()
  })
})
