/**
 * Composition root of the ETags panel: builds the adapters for this browser, the engine with the
 * defaults from plasmo.config.ts and the stored settings, the store, the recorder, and mounts <PanelApp/>.
 * Nothing else in the panel touches browser.* (components get capabilities from here).
 */
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"

import { extensionConfig } from "../../plasmo.config"
import { createBrowserSettingsStore } from "../adapters/browser-settings-store"
import { watchPanelSearch } from "../adapters/devtools-search"
import { copyToClipboard } from "../adapters/clipboard"
import { createDevtoolsTrafficSource, type DevtoolsNetworkApi } from "../adapters/devtools-traffic-source"
import { createInspectedPage } from "../adapters/inspected-page"
import { createPageReplayer, type InspectedWindowEvalApi } from "../adapters/page-replayer"
import { createSessionStore, sessionKeyForTab, type KeyValueArea } from "../adapters/session-store"
import { DEFAULT_TRAFFIC_COLUMNS, DETAIL_PANE_SHARE, type PanelSettings } from "../adapters/settings-store"
import { watchDevtoolsTheme, type PanelTheme } from "../adapters/theme"
import { createEngine } from "../core/engine"
import { allRules } from "../core/findings"
import { announcingReplays, createEchoWatch } from "../core/replay"
import { createPanelStore, type PanelStore } from "../store/create-panel-store"
import { startRecording } from "../store/traffic-recorder"
import { PanelApp } from "../ui/PanelApp"
import type { PanelCapabilities, RuleInfo } from "../ui/panel-context"
import { createReplaySlot } from "../ui/replay/ConnectedReplayView"

import "../ui/panel.css"

/** Chrome's devtools.* APIs take callbacks (the polyfill does not wrap them); Firefox returns promises. */
const CALL_STYLE = process.env.PLASMO_BROWSER === "firefox" ? "promise" : "callback"

const DEFAULT_SETTINGS: PanelSettings = {
  ...extensionConfig.defaults,
  disabledRules: [],
  policyOverrides: {},
  theme: "auto",
  detailPaneShare: DETAIL_PANE_SHARE.initial,
  trafficColumns: DEFAULT_TRAFFIC_COLUMNS
}

/** A download from the extension page: a Blob behind an object URL, clicked as `<a download>`. */
function saveFile(fileName: string, text: string) {
  const type = /\.(har|json)$/i.test(fileName) ? "application/json" : "text/plain"
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName })
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const rules: ReadonlyMap<string, RuleInfo> = new Map(allRules.map((rule) => [rule.id, rule]))

interface Panel {
  readonly store: PanelStore
  readonly capabilities: PanelCapabilities
  readonly devtoolsTheme: PanelTheme
}

async function buildPanel(onThemeChange: (theme: PanelTheme) => void): Promise<Panel> {
  const page = createInspectedPage(browser.devtools.inspectedWindow)
  const settingsStore = createBrowserSettingsStore(browser.storage.local, DEFAULT_SETTINGS)
  const settings = await settingsStore.load()
  // storage.session (Chrome MV3, recent Firefox) lives as long as the browser session; else storage.local.
  const area = (browser.storage.session ?? browser.storage.local) as unknown as KeyValueArea
  const session = createSessionStore(area, {
    key: sessionKeyForTab(page.tabId),
    maxEntries: settings.maxExchanges,
    maxBytes: 8 * 1024 * 1024,
    throttleMs: 250
  })
  const engine = createEngine()
  // A big HAR import yields to the browser between batches, so the panel stays responsive.
  const schedule = (task: () => void) => void setTimeout(task, 0)
  const store = createPanelStore({ engine, settings, settingsStore, session, schedule })
  const source = createDevtoolsTrafficSource({
    network: browser.devtools.network as unknown as DevtoolsNetworkApi,
    style: CALL_STYLE,
    maxBodyBytes: settings.maxBodyBytes
  })
  // Every replay is announced before it is sent, so its live echo is not counted again.
  const replayEchoes = createEchoWatch()
  startRecording({ store, source, session, currentPageUrl: page.currentUrl, replayEchoes })
  // Best effort for the last throttled entries: Chrome drops a storage write started here (the
  // view itself is saved as it changes).
  addEventListener("pagehide", () => void session.flush())
  const devtoolsTheme = watchDevtoolsTheme(browser.devtools.panels, onThemeChange)
  // Chrome relays DevTools' search bar to this window (devtools.tsx); Firefox has none.
  const devtoolsSearch = process.env.PLASMO_BROWSER !== "firefox"
  if (devtoolsSearch)
    watchPanelSearch(window, location.origin, (text) => store.getState().setFilter({ text }))
  // The polyfill wraps inspectedWindow.eval in both browsers: a promise of [result, exceptionInfo].
  const replayer = createPageReplayer({
    inspectedWindow: browser.devtools.inspectedWindow as unknown as InspectedWindowEvalApi,
    style: "promise"
  })
  const copyText = async (text: string) => {
    const copied = await copyToClipboard(text, { clipboard: navigator.clipboard, document })
    if (!copied)
      store.getState().showNotice({ kind: "error", text: "The browser refused to copy: use Save instead." })
    return copied
  }
  const ReplayView = createReplaySlot({
    send: announcingReplays(replayEchoes, replayer.send, () => Date.now()),
    now: () => Date.now(),
    copyText
  })
  return {
    store,
    devtoolsTheme,
    capabilities: {
      rules,
      saveFile,
      copyText,
      reloadInspectedPage: page.reload,
      ReplayView,
      devtoolsSearch,
      version: browser.runtime.getManifest().version
    }
  }
}

export default function PanelRoot() {
  const [panel, setPanel] = useState<Panel>()
  const [devtoolsTheme, setDevtoolsTheme] = useState<PanelTheme>("light")
  const [error, setError] = useState<string>()
  useEffect(() => {
    // The page plasmo generates names no language; the panel's words are English (screen readers).
    document.documentElement.lang = "en"
    buildPanel(setDevtoolsTheme).then(
      (built) => {
        setDevtoolsTheme(built.devtoolsTheme)
        setPanel(built)
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure))
    )
  }, [])
  const preference = usePreferredTheme(panel?.store)
  if (error) return <pre>ETag Lens could not start: {error}</pre>
  if (!panel) return null
  const theme = preference === "auto" ? devtoolsTheme : preference
  return <PanelApp store={panel.store} capabilities={panel.capabilities} theme={theme} />
}

function usePreferredTheme(store: PanelStore | undefined): PanelSettings["theme"] {
  const [theme, setTheme] = useState<PanelSettings["theme"]>("auto")
  useEffect(() => {
    if (!store) return
    setTheme(store.getState().settings.theme)
    return store.subscribe((state) => setTheme(state.settings.theme))
  }, [store])
  return theme
}
