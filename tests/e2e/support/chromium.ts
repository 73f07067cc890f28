/**
 * Harness for end-to-end tests in real Chromium: the built extension loaded into headless
 * Debian Chromium (puppeteer-core), DevTools opened on a page, the ETags panel shown, and its
 * frame handed back with helpers. The recipe was proved in /work/shared/e2e-probe.
 * Used by panel*.test.ts and replay*.test.ts; waits are all on conditions, never fixed sleeps.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import os from "node:os"
import path from "node:path"

import puppeteer, { type Browser, type Frame, type Page } from "puppeteer-core"

import { extensionConfig } from "../../../plasmo.config"

export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium"
/** The built extension; ETAG_LENS_CHROME_BUILD points elsewhere (e.g. a private build while others rebuild build/). */
export const CHROME_BUILD_DIR = path.resolve(process.env.ETAG_LENS_CHROME_BUILD ?? "build/chrome-mv3-prod")

/** Fails with a clear message when the extension was not built (the test command builds first). */
export function assertChromeBuild(buildDir = CHROME_BUILD_DIR): void {
  if (!existsSync(path.join(buildDir, "manifest.json")))
    throw new Error(
      `${buildDir}/manifest.json is missing: run \`npm run build:chrome\` before the e2e tests.`
    )
  if (!existsSync(CHROMIUM_EXECUTABLE))
    throw new Error(
      `${CHROMIUM_EXECUTABLE} is missing: install Debian's chromium (apt-get install -y chromium).`
    )
}

export interface ChromiumSession {
  readonly browser: Browser
  /** The inspected page. */
  readonly page: Page
  close(): Promise<void>
}

/** Polls `probe` until it returns a truthy value. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 15_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`
      )
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export interface LaunchOptions {
  readonly buildDir?: string
  /** Headless (the tests); a window for the demo (scripts/demo-browser.ts). */
  readonly headless?: boolean
  /** Chromium's sandbox cannot run as root; the tests run without it everywhere. */
  readonly sandbox?: boolean
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumSession> {
  const buildDir = options.buildDir ?? CHROME_BUILD_DIR
  const headless = options.headless ?? true
  assertChromeBuild(buildDir)
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "etag-lens-e2e-"))
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless,
    pipe: true,
    userDataDir,
    enableExtensions: [buildDir],
    handleDevToolsAsPage: true,
    // A window fills itself (no 800×600 emulation) and has no "controlled by automated test software" bar.
    ...(headless ? {} : { defaultViewport: null, ignoreDefaultArgs: ["--enable-automation"] }),
    args: [
      ...(options.sandbox === true ? [] : ["--no-sandbox"]),
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--no-first-run",
      "--window-size=1400,900"
    ]
  })
  await waitFor(
    async () =>
      [...(await browser.extensions()).values()].some((extension) => extension.name === "ETag Lens"),
    "the ETag Lens extension to load"
  )
  const page =
    (await browser.pages()).find((candidate) => !candidate.url().startsWith("devtools://")) ??
    (await browser.newPage())
  return {
    browser,
    page,
    async close() {
      await browser.close().catch(() => undefined)
      rmSync(userDataDir, { recursive: true, force: true })
    }
  }
}

export interface PanelHandle {
  readonly devtools: Page
  readonly frame: Frame
  /** Panel's visible text. */
  text(): Promise<string>
  /** Waits until the panel's text matches `pattern`; returns the text. */
  waitForPanelText(pattern: RegExp | string, timeoutMs?: number): Promise<string>
  /** Clicks the first element matching `selector` (optionally the one whose text includes `withText`). */
  clickInPanel(selector: string, withText?: string): Promise<void>
  /** Undocks DevTools so the panel gets the whole DevTools page (for screenshots); resolves once it did. */
  undock(): Promise<void>
  closeDevtools(): Promise<void>
}

/**
 * Waits (up to 45 s: a replay's answer comes from the server) for an element of the panel, failing
 * with the panel's text when it never shows; returns its text.
 */
export async function shownText(panel: PanelHandle, selector: string): Promise<string> {
  try {
    await panel.frame.waitForSelector(selector, { timeout: 45_000 })
  } catch {
    throw new Error(`no ${selector}; panel text:\n${await panel.text()}`)
  }
  return panel.frame.$eval(selector, (element) => (element as HTMLElement).innerText)
}

/** Check protection's answer at the wanted level (`protected`, `partial`, …); returns its text. */
export function probeVerdictText(panel: PanelHandle, level: string): Promise<string> {
  return shownText(panel, `[data-testid="probe-verdict"][data-level="${level}"]`)
}

/** Opens DevTools for `page` and returns it once the extension's panel view is registered (not yet shown). */
export async function openDevtools(page: Page): Promise<{ devtools: Page; viewId: string }> {
  const devtools = await page.openDevTools()
  // A DevTools window reopened on the same tab (headless) does not boot until it is brought to front.
  await devtools.bringToFront()
  const viewId = await waitFor(
    () =>
      devtools.evaluate(async (title: string) => {
        const UI = await import(new URL("./ui/legacy/legacy.js", location.href).href)
        // ViewManager throws before the frontend has booted; InspectorView exists only after boot.
        if (!UI.InspectorView.InspectorView.maybeGetInspectorViewInstance()) return null
        const ids: string[] = [...UI.ViewManager.ViewManager.instance().views.keys()]
        return ids.find((id) => id.startsWith("chrome-extension://") && id.endsWith(title)) ?? null
      }, extensionConfig.panelTitle),
    "DevTools to register the ETags panel"
  )
  return { devtools, viewId }
}

/** Shows the ETags panel in an open DevTools and returns a handle on its frame. */
export async function showPanel(devtools: Page, viewId: string): Promise<PanelHandle> {
  await devtools.evaluate(async (id: string) => {
    const UI = await import(new URL("./ui/legacy/legacy.js", location.href).href)
    await UI.ViewManager.ViewManager.instance().showView(id)
  }, viewId)
  const frame = await waitFor(
    async () => devtools.frames().find((candidate) => candidate.url().endsWith("/tabs/panel.html")),
    "the panel frame"
  )
  await frame.waitForSelector('[data-testid="panel"]', { timeout: 15_000 })
  const text = () => frame.evaluate(() => document.body.innerText)
  return {
    devtools,
    frame,
    text,
    async waitForPanelText(pattern, timeoutMs = 15_000) {
      const matcher =
        typeof pattern === "string"
          ? (value: string) => value.includes(pattern)
          : (value: string) => pattern.test(value)
      let last = ""
      try {
        return await waitFor(
          async () => {
            last = await text()
            return matcher(last) ? last : undefined
          },
          `panel text ${String(pattern)}`,
          timeoutMs
        )
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- panel text was:\n${last}`)
      }
    },
    async clickInPanel(selector, withText) {
      const clicked = await waitFor(
        () =>
          frame.evaluate(
            (css: string, wanted: string | null) => {
              const element = [...document.querySelectorAll<HTMLElement>(css)].find(
                (candidate) => wanted === null || candidate.innerText.includes(wanted)
              )
              element?.click()
              return element !== undefined
            },
            selector,
            withText ?? null
          ),
        `${selector}${withText ? ` with text "${withText}"` : ""} in the panel`
      )
      if (!clicked) throw new Error(`could not click ${selector}`)
    },
    async undock() {
      const widthBefore = await frame.evaluate(() => innerWidth)
      await devtools.evaluate(async () => {
        const UI = await import(new URL("./ui/legacy/legacy.js", location.href).href)
        UI.DockController.DockController.instance().setDockSide("undocked")
      })
      const pageWidth = await devtools.evaluate(() => innerWidth)
      if (widthBefore < pageWidth)
        await waitFor(
          async () => (await frame.evaluate(() => innerWidth)) > widthBefore,
          "the undocked panel to widen"
        )
    },
    async closeDevtools() {
      const target = devtools.target()
      await devtools.close()
      await waitFor(async () => !devtools.browser().targets().includes(target), "DevTools to close")
    }
  }
}

/** Opens DevTools on `page` and shows the ETags panel. */
export async function openPanel(page: Page): Promise<PanelHandle> {
  const { devtools, viewId } = await openDevtools(page)
  return showPanel(devtools, viewId)
}
