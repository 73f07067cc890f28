/**
 * Firefox chrome-scope access for the e2e harness: a raw WebDriver BiDi `script.callFunction`
 * into the browser window's privileged scope, and the functions it runs there. Those are
 * serialized with Function#toString, so they may use only what that scope has (gBrowser,
 * ChromeUtils, Services, WebExtensionPolicy) and nothing imported here.
 */
import type { Browser } from "puppeteer-core"

/** Calls `fn(argument)` in the browser window's chrome scope and resolves its string result. */
export type ChromeScopeEval = (
  fn: (argument: string) => string | Promise<string>,
  argument: string
) => Promise<string>

/** The part of puppeteer's BiDi connection we use; puppeteer does not expose it in its public types. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: BidiCommandResult }>
}
type BidiCommandResult = {
  contexts?: Array<{ context: string }>
  type?: "success" | "exception"
  result?: { value?: unknown }
  exceptionDetails?: { text: string }
}

export async function chromeScopeEvaluator(browser: Browser): Promise<ChromeScopeEval> {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection
  if (!connection) throw new Error("puppeteer did not expose its BiDi connection (puppeteer-core upgrade?)")
  const tree = await connection.send("browsingContext.getTree", { "moz:scope": "chrome" })
  const chromeContext = tree.result.contexts?.[0]?.context
  if (!chromeContext)
    throw new Error("no chrome-scope browsing context: is --remote-allow-system-access set?")
  return async (fn, argument) => {
    const { result } = await connection.send("script.callFunction", {
      target: { context: chromeContext },
      // tsx/esbuild (keepNames) may wrap inner functions in `__name(...)`: define it in that scope.
      functionDeclaration: `function (argument) { const __name = (target) => target; return (${fn.toString()})(argument) }`,
      awaitPromise: true,
      arguments: [{ type: "string", value: argument }]
    })
    if (result.type !== "success")
      throw new Error(`chrome scope: ${result.exceptionDetails?.text ?? "failed"}`)
    return String(result.result?.value)
  }
}

// The functions below run in Firefox's chrome scope (serialized with toString), so they may
// only use what that scope has: gBrowser, ChromeUtils, Services, WebExtensionPolicy.
declare const gBrowser: { selectedTab: unknown }
declare const ChromeUtils: {
  importESModule(url: string): { require(id: string): { gDevTools: DevToolsGlobal } }
}
declare const WebExtensionPolicy: {
  getByID(id: string): { extension: { views: Set<{ viewType: string; uri?: { spec: string } }> } } | null
}
declare const Services: {
  console: { getMessageArray(): unknown[] }
  prefs: { setCharPref(name: string, value: string): void }
}
declare const Ci: { nsIScriptError: new () => ScriptError; nsITextInputProcessor: unknown }
declare const Cc: Record<string, { createInstance(type: unknown): TextInputProcessor }>
/** Gecko's test keyboard (what EventUtils.synthesizeKey uses): real key events, focus routing included. */
interface TextInputProcessor {
  beginInputTransactionForTests(window: unknown): boolean
  keydown(event: unknown): void
  keyup(event: unknown): void
}
interface ScriptError {
  message: string
  sourceName?: string
  errorMessage?: string
  flags?: number
}
interface DevToolsTool {
  id: string
  extensionId?: string
  label?: string
  icon?: string
}
interface DevToolsToolbox {
  splitConsole: boolean
  win: { focus(): void; KeyboardEvent: new (type: string, init: object) => unknown }
  getAdditionalTools(): DevToolsTool[]
  selectTool(id: string): Promise<unknown>
  doc: {
    getElementById(
      id: string
    ): { contentWindow: { document: { querySelector(s: string): BrowserElement | null } } } | null
  }
}
interface BrowserElement {
  focus(): void
  messageManager: {
    addMessageListener(name: string, listener: (message: { data: unknown }) => void): void
    removeMessageListener(name: string, listener: (message: { data: unknown }) => void): void
    loadFrameScript(url: string, allowDelayedLoad: boolean): void
  }
}
interface DevToolsGlobal {
  showToolboxForTab(tab: unknown, options: { toolId: string }): Promise<DevToolsToolbox>
  getToolboxForTab(tab: unknown): DevToolsToolbox | null
  closeToolboxForTab(tab: unknown): Promise<void>
}

export async function OPEN_PANEL_IN_CHROME(addonId: string): Promise<string> {
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs")
  const { gDevTools } = require("devtools/client/framework/devtools")
  const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "webconsole" })
  let tool: DevToolsTool | undefined
  for (let attempt = 0; attempt < 200 && !tool; attempt++) {
    tool = toolbox.getAdditionalTools().find((candidate) => candidate.extensionId === addonId)
    if (!tool) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (!tool) throw new Error(`no DevTools panel registered by ${addonId} after 10 s (devtools_page failed?)`)
  await toolbox.selectTool(tool.id)
  return JSON.stringify({ id: tool.id, label: tool.label ?? "", icon: tool.icon ?? "" })
}

export async function PANEL_EVAL_IN_CHROME(json: string): Promise<string> {
  const { toolId, expression, messageName } = JSON.parse(json) as {
    toolId: string
    expression: string
    messageName: string
  }
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs")
  const { gDevTools } = require("devtools/client/framework/devtools")
  const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab)
  const panelBrowser = toolbox?.doc
    .getElementById("toolbox-panel-iframe-" + toolId)
    ?.contentWindow.document.querySelector("browser")
  if (!panelBrowser) return JSON.stringify({ ok: false, error: "panel <browser> not created yet" })
  const messageManager = panelBrowser.messageManager
  return await new Promise<string>((resolve) => {
    const listener = (message: { data: unknown }) => {
      clearTimeout(timer)
      messageManager.removeMessageListener(messageName, listener)
      resolve(JSON.stringify(message.data))
    }
    const timer = setTimeout(() => {
      messageManager.removeMessageListener(messageName, listener)
      resolve(JSON.stringify({ ok: false, error: "frame script did not answer in 5 s" }))
    }, 5000)
    messageManager.addMessageListener(messageName, listener)
    const reply = JSON.stringify(messageName)
    const source =
      `(async () => { try { const value = await (${expression}); sendAsyncMessage(${reply}, { ok: true, value }); }` +
      ` catch (e) { sendAsyncMessage(${reply}, { ok: false, error: String(e) }); } })();`
    messageManager.loadFrameScript("data:," + encodeURIComponent(source), false)
  })
}

export function LIST_VIEWS_IN_CHROME(addonId: string): string {
  const policy = WebExtensionPolicy.getByID(addonId)
  if (!policy) return "[]"
  return JSON.stringify([...policy.extension.views].map((view) => `${view.viewType} ${view.uri?.spec ?? ""}`))
}

/** Script errors and warnings (nsIScriptError) whose source is our extension. */
export function CONSOLE_MESSAGES_IN_CHROME(origin: string): string {
  const found: Array<{ level: string; source: string; text: string }> = []
  for (const entry of Services.console.getMessageArray()) {
    if (!(entry instanceof Ci.nsIScriptError)) continue
    const source = entry.sourceName ?? ""
    // nsIScriptError flags: 0 = error, 1 = warning, 4 = info.
    if (source.startsWith(origin) && entry.flags !== undefined && entry.flags <= 1) {
      found.push({
        level: entry.flags === 0 ? "error" : "warning",
        source,
        text: entry.errorMessage ?? entry.message
      })
    }
  }
  return JSON.stringify(found)
}

/** Switches the DevTools theme ("light" or "dark") the way the toolbox options do. */
export function SET_DEVTOOLS_THEME_IN_CHROME(themeName: string): string {
  Services.prefs.setCharPref("devtools.theme", themeName)
  return themeName
}

/** Closes the tab's DevTools toolbox (the devtools page and the panel page unload). */
export async function CLOSE_DEVTOOLS_IN_CHROME(): Promise<string> {
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs")
  const { gDevTools } = require("devtools/client/framework/devtools")
  await gDevTools.closeToolboxForTab(gBrowser.selectedTab)
  return "closed"
}

/**
 * Presses a key as a keyboard would (Gecko's test keyboard, as EventUtils.synthesizeKey does), with
 * Control held when asked, in the extension's panel (`toolId`, its focused element) or, with no tool
 * id, in the toolbox itself; resolves whether the split console is open half a second later.
 */
export async function PRESS_KEY_IN_CHROME(json: string): Promise<string> {
  const { toolId, key, code, keyCode, control } = JSON.parse(json) as {
    toolId: string
    key: string
    code: string
    keyCode: number
    control: boolean
  }
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs")
  const { gDevTools } = require("devtools/client/framework/devtools")
  const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab)
  if (!toolbox) throw new Error("no toolbox")
  let target: { KeyboardEvent: new (type: string, init: object) => unknown }
  if (toolId) {
    const frameWindow = toolbox.doc.getElementById("toolbox-panel-iframe-" + toolId)?.contentWindow
    const panelBrowser = frameWindow?.document.querySelector("browser")
    if (!frameWindow || !panelBrowser) throw new Error("panel <browser> not created yet")
    panelBrowser.focus()
    target = frameWindow as unknown as typeof target
  } else {
    toolbox.win.focus()
    target = toolbox.win
  }
  const keyboard = Cc["@mozilla.org/text-input-processor;1"].createInstance(Ci.nsITextInputProcessor)
  keyboard.beginInputTransactionForTests(target)
  const controlKey = new target.KeyboardEvent("", { key: "Control", code: "ControlLeft", keyCode: 17 })
  const pressed = new target.KeyboardEvent("", { key, code, keyCode })
  if (control) keyboard.keydown(controlKey)
  keyboard.keydown(pressed)
  keyboard.keyup(pressed)
  if (control) keyboard.keyup(controlKey)
  await new Promise((resolve) => setTimeout(resolve, 500))
  return JSON.stringify(Boolean(gDevTools.getToolboxForTab(gBrowser.selectedTab)?.splitConsole))
}
