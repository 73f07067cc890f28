/** The ETags panel: toolbar, view tabs, the active view beside the detail pane, status bar. */
import { useState, type CSSProperties } from "react"

import type { PanelStore } from "../store/create-panel-store"
import { DetailPane } from "./DetailPane"
import { FindingsView } from "./FindingsView"
import { HarDropZone } from "./HarDropZone"
import { CapabilitiesContext, PanelStoreContext, usePanel, type PanelCapabilities } from "./panel-context"
import { ResourcesView } from "./ResourcesView"
import { ServersView } from "./ServersView"
import { SettingsDialog } from "./SettingsDialog"
import { StatusBar } from "./StatusBar"
import { Toolbar } from "./Toolbar"
import { TrafficTable } from "./TrafficTable"
import { VIEW_NAMES, ViewTabs } from "./ViewTabs"

export interface PanelAppProps {
  readonly store: PanelStore
  readonly capabilities: PanelCapabilities
  /** "light" or "dark", from the DevTools theme or the user's setting. */
  readonly theme: "light" | "dark"
}

function ActiveView() {
  const view = usePanel((state) => state.view)
  if (view === "resources") return <ResourcesView />
  if (view === "findings") return <FindingsView />
  if (view === "servers") return <ServersView />
  return <TrafficTable />
}

function Notice() {
  const notice = usePanel((state) => state.notice)
  const importing = usePanel((state) => state.importing !== undefined)
  const dismiss = usePanel((state) => state.dismissNotice)
  const cancelImport = usePanel((state) => state.cancelImport)
  const mergeByStartTime = usePanel((state) => state.mergeByStartTime)
  if (!notice) return null
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === "error" ? "alert" : "status"}
      data-testid="notice"
    >
      <span>{notice.text}</span>
      {notice.offer === "merge-by-start-time" && !importing && (
        <button type="button" onClick={() => void mergeByStartTime()} data-testid="merge-by-start-time">
          Merge by start time
        </button>
      )}
      {importing ? (
        <button type="button" onClick={cancelImport} data-testid="cancel-import">
          Cancel
        </button>
      ) : (
        <button type="button" onClick={dismiss} aria-label="Dismiss">
          ✕
        </button>
      )}
    </div>
  )
}

/** The view's name for screen readers (the tab shows it on screen): the headings inside come under it. */
function ViewHeading() {
  const view = usePanel((state) => state.view)
  return <h2 className="visually-hidden">{VIEW_NAMES[view]}</h2>
}

/** The view and the detail pane, in the proportion the splitter on the detail pane's edge sets. */
function PanelBody() {
  const share = usePanel((state) => state.settings.detailPaneShare)
  return (
    <div className="panel-body" style={{ "--detail-share": share } as CSSProperties}>
      <main className="view" id="view">
        <ViewHeading />
        <ActiveView />
      </main>
      <DetailPane />
    </div>
  )
}

export function PanelApp({ store, capabilities, theme }: PanelAppProps) {
  const [settingsOpen, setSettingsOpen] = useState(false)
  return (
    <PanelStoreContext.Provider value={store}>
      <CapabilitiesContext.Provider value={capabilities}>
        <HarDropZone className="panel" data-theme={theme} data-testid="panel">
          {/* Landmarks and a title for screen readers: the panel is a page of its own. */}
          <header>
            <h1 className="visually-hidden">ETag Lens</h1>
            <Toolbar onOpenSettings={() => setSettingsOpen(true)} />
            <Notice />
            <ViewTabs />
          </header>
          <PanelBody />
          <StatusBar />
          {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
        </HarDropZone>
      </CapabilitiesContext.Provider>
    </PanelStoreContext.Provider>
  )
}
