/**
 * Harness for end-to-end tests in real Firefox ESR: headless Firefox over WebDriver BiDi
 * (puppeteer-core), the built add-on installed as a temporary add-on, real DevTools opened
 * for the tab from Firefox's privileged (chrome) scope, our panel selected, and the panel
 * document read through a message-manager frame script (BiDi cannot target that frame).
 * The recipe was proved in /work/shared/ff-probe.
 */
import { existsSync, readFileSync } from "node:fs"
import path from "node:path"

import puppeteer, { type Browser, type Page } from "puppeteer-core"

import { extensionConfig } from "../../../plasmo.config"
import {
  chromeScopeEvaluator,
  CLOSE_DEVTOOLS_IN_CHROME,
  CONSOLE_MESSAGES_IN_CHROME,
  LIST_VIEWS_IN_CHROME,
  OPEN_PANEL_IN_CHROME,
  PANEL_EVAL_IN_CHROME,
  PRESS_KEY_IN_CHROME,
  SET_DEVTOOLS_THEME_IN_CHROME,
  type ChromeScopeEval
} from "./firefox-chrome-scope"

export const FIREFOX_EXECUTABLE = process.env.FIREFOX_BIN ?? "/usr/bin/firefox-esr"
export const FIREFOX_BUILD_DIR = path.resolve("build/firefox-mv3-prod")
/** Pinned moz-extension:// UUID so extension URLs are predictable in tests. */
export const EXTENSION_UUID = "5e7a9c1d-e7a6-4c3e-9a11-0e7a6e7a6e7a"
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`

export interface PanelEvalOutcome<T> {
  readonly ok: boolean
  readonly value?: T
  readonly error?: string
}

/** The toolbox tool Firefox made from `devtools.panels.create(title, icon, page)`. */
/** The keys the tests press, with what Gecko's keyboard needs besides the key's name. */
const KEYS = {
  Escape: { code: "Escape", keyCode: 27 },
  Enter: { code: "Enter", keyCode: 13 },
  ArrowLeft: { code: "ArrowLeft", keyCode: 37 },
  ArrowRight: { code: "ArrowRight", keyCode: 39 },
  ArrowDown: { code: "ArrowDown", keyCode: 40 },
  e: { code: "KeyE", keyCode: 69 },
  l: { code: "KeyL", keyCode: 76 },
  f: { code: "KeyF", keyCode: 70 }
} as const
export type KeyName = keyof typeof KEYS

export interface DevToolsPanelTool {
  readonly id: string
  /** The title the devtools page gave the panel. */
  readonly label: string
  readonly icon: string
}

export interface WaitOptions {
  /** What we are waiting for, used in the failure message. */
  readonly description: string
  readonly timeoutMs?: number
}

/** A message reported by an extension page (uncaught error, console.error/warn). */
export interface ExtensionConsoleMessage {
  readonly level: string
  readonly source: string
  readonly text: string
}

export interface FirefoxSession {
  readonly browser: Browser
  /** The content tab DevTools inspects. */
  readonly page: Page
  /** Opens DevTools for the tab (console first) and selects our extension's panel. */
  openDevToolsPanel(): Promise<DevToolsPanelTool>
  /** Evaluates an expression inside the panel document (`content` is the panel window). */
  panelEval<T>(expression: string): Promise<PanelEvalOutcome<T>>
  /** Polls `expression` in the panel until `predicate` holds; throws with the last value otherwise. */
  waitForPanel<T>(expression: string, predicate: (value: T) => boolean, options: WaitOptions): Promise<T>
  /** Polls the panel's `document.body.innerText` until `predicate` holds. */
  waitForPanelText(predicate: (text: string) => boolean, options: WaitOptions): Promise<string>
  /** Extension views alive now, as "viewType url" strings (e.g. "devtools_page …/devtools.html"). */
  extensionViews(): Promise<string[]>
  /**
   * Uncaught errors and warnings whose source is our extension (Firefox's console service), and
   * console.error/warn calls made by our pages (the extension process's console API store;
   * read through the panel, so it needs openDevToolsPanel() first to see them).
   */
  consoleProblems(): Promise<ExtensionConsoleMessage[]>
  /** Closes DevTools for the tab; openDevToolsPanel() opens it again. */
  closeDevTools(): Promise<void>
  /** Sets Firefox's DevTools theme preference (what Settings → Themes changes). */
  setDevtoolsTheme(themeName: "light" | "dark"): Promise<void>
  /**
   * Presses a key with Gecko's test keyboard (real key events: focus routing and the toolbox's own
   * shortcuts included), Control held when asked, in our panel's focused element or in the toolbox
   * itself; resolves whether the split console is open afterwards.
   */
  pressKey(where: "panel" | "toolbox", key: KeyName, options?: { control?: boolean }): Promise<boolean>
  close(): Promise<void>
}

/**
 * Throws a message that says what to run when the browser or the add-on is missing.
 * `addonPath` is an unpacked build folder or a packaged .xpi.
 */
export function assertFirefoxPrerequisites(addonPath: string = FIREFOX_BUILD_DIR): void {
  if (!existsSync(FIREFOX_EXECUTABLE)) {
    throw new Error(
      `${FIREFOX_EXECUTABLE} not found: run scripts/ensure-system-deps.sh firefox-esr (or set FIREFOX_BIN)`
    )
  }
  const isPackage = addonPath.endsWith(".xpi")
  if (!existsSync(isPackage ? addonPath : path.join(addonPath, "manifest.json"))) {
    const fix = isPackage ? "node scripts/package-firefox.mjs" : "npm run build:firefox"
    throw new Error(`${isPackage ? addonPath : addonPath + "/manifest.json"} not found: run \`${fix}\` first`)
  }
}

export function readBuiltManifest(buildDir: string = FIREFOX_BUILD_DIR): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(buildDir, "manifest.json"), "utf8")) as Record<string, unknown>
}

/** Launches headless Firefox ESR with the add-on (build folder or .xpi) installed as a temporary add-on. */
export async function launchFirefoxWithExtension(
  addonPath: string = FIREFOX_BUILD_DIR
): Promise<FirefoxSession> {
  assertFirefoxPrerequisites(addonPath)
  const addonId = extensionConfig.gecko.id
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX_EXECUTABLE,
    headless: true,
    // Without it the add-on installs but neither moz-extension:// pages nor chrome scope are reachable.
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [addonId]: EXTENSION_UUID })
    }
  })
  try {
    const installedId = await browser.installExtension(path.resolve(addonPath))
    if (installedId !== addonId) throw new Error(`installed add-on id ${installedId}, expected ${addonId}`)
    const [page] = await browser.pages()
    if (!page) throw new Error("Firefox started without a tab")
    const chromeEval = await chromeScopeEvaluator(browser)
    return createSession(browser, page, chromeEval, addonId)
  } catch (error) {
    await browser.close()
    throw error
  }
}

function createSession(
  browser: Browser,
  page: Page,
  chromeEval: ChromeScopeEval,
  addonId: string
): FirefoxSession {
  let toolId: string | undefined
  let messageSequence = 0

  const panelEval = async <T>(expression: string): Promise<PanelEvalOutcome<T>> => {
    if (!toolId) return { ok: false, error: "openDevToolsPanel() has not run" }
    const raw = await chromeEval(
      PANEL_EVAL_IN_CHROME,
      JSON.stringify({ toolId, expression, messageName: `etag-lens-e2e:${++messageSequence}` })
    )
    return JSON.parse(raw) as PanelEvalOutcome<T>
  }

  const waitForPanel = async <T>(
    expression: string,
    predicate: (value: T) => boolean,
    { description, timeoutMs = 15_000 }: WaitOptions
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs
    let last: PanelEvalOutcome<T> | undefined
    while (Date.now() < deadline) {
      last = await panelEval<T>(expression)
      if (last.ok && predicate(last.value as T)) return last.value as T
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${description}; last: ${JSON.stringify(last)}`
    )
  }

  return {
    browser,
    page,
    async openDevToolsPanel() {
      const tool = JSON.parse(await chromeEval(OPEN_PANEL_IN_CHROME, addonId)) as DevToolsPanelTool
      toolId = tool.id
      return tool
    },
    panelEval,
    waitForPanel,
    waitForPanelText: (predicate, options) =>
      waitForPanel<string>("content.document.body.innerText", predicate, options),
    async extensionViews() {
      return JSON.parse(await chromeEval(LIST_VIEWS_IN_CHROME, addonId)) as string[]
    },
    async consoleProblems() {
      const scriptErrors = JSON.parse(
        await chromeEval(CONSOLE_MESSAGES_IN_CHROME, EXTENSION_ORIGIN)
      ) as ExtensionConsoleMessage[]
      // console.* calls are kept per process: read the extension process's store from the panel.
      const consoleCalls = toolId
        ? await panelEval<ExtensionConsoleMessage[]>(consoleCallsInExtensionProcess(EXTENSION_ORIGIN))
        : { ok: true, value: [] }
      if (!consoleCalls.ok) throw new Error(`reading console calls: ${consoleCalls.error}`)
      return [...scriptErrors, ...(consoleCalls.value ?? [])]
    },
    async closeDevTools() {
      await chromeEval(CLOSE_DEVTOOLS_IN_CHROME, "")
      toolId = undefined
    },
    async setDevtoolsTheme(themeName) {
      await chromeEval(SET_DEVTOOLS_THEME_IN_CHROME, themeName)
    },
    async pressKey(where, key, options = {}) {
      if (where === "panel" && !toolId) throw new Error("openDevToolsPanel() has not run")
      const { code, keyCode } = KEYS[key]
      const request = {
        toolId: where === "panel" ? toolId : "",
        key,
        code,
        keyCode,
        control: !!options.control
      }
      return JSON.parse(await chromeEval(PRESS_KEY_IN_CHROME, JSON.stringify(request))) as boolean
    },
    close: () => browser.close()
  }
}

/** Frame-script expression: console.error/warn calls whose file is under `origin`. */
function consoleCallsInExtensionProcess(origin: string): string {
  return `(() => {
    const storage = Components.classes["@mozilla.org/consoleAPI-storage;1"]
      .getService(Components.interfaces.nsIConsoleAPIStorage)
    return storage.getEvents()
      .filter((event) => (event.filename ?? "").startsWith(${JSON.stringify(origin)}))
      .filter((event) => event.level === "error" || event.level === "warn")
      .map((event) => ({ level: event.level, source: event.filename,
        text: Array.from(event.arguments ?? [], String).join(" ") }))
  })()`
}
