/**
 * Traffic | Resources (n) | Findings (total ✖ errors ⚠ warnings) | Servers — an ARIA tab list.
 * The Findings label follows DESIGN.md: `Findings (5 ✖ 2 ⚠ 3)` = 5 in all, 2 errors, 3 warnings.
 */
import type { KeyboardEvent } from "react"

import type { ViewTab } from "../store/panel-state"
import { selectListedResources, selectSeverityCounts } from "../store/selectors"
import { usePanel } from "./panel-context"
import { plural } from "../core/plural"
import { tabAfterKey } from "./tab-keys"

const ORDER: readonly ViewTab[] = ["traffic", "resources", "findings", "servers"]

/** The views' names: the tabs show them (with counts), and each view's heading for screen readers. */
export const VIEW_NAMES: Readonly<Record<ViewTab, string>> = {
  traffic: "Traffic",
  resources: "Resources",
  findings: "Findings",
  servers: "Servers"
}

export function ViewTabs() {
  const view = usePanel((state) => state.view)
  const setView = usePanel((state) => state.setView)
  const resourceCount = usePanel((state) => selectListedResources(state.snapshot.resources).length)
  const counts = usePanel(selectSeverityCounts)
  const findingCount = usePanel((state) => state.snapshot.findings.length)
  const labels: Record<ViewTab, string> = {
    traffic: VIEW_NAMES.traffic,
    resources: `${VIEW_NAMES.resources} (${resourceCount})`,
    findings: `${VIEW_NAMES.findings} (${findingCount} ✖ ${counts.error} ⚠ ${counts.warning})`,
    servers: VIEW_NAMES.servers
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const next = tabAfterKey(event, ORDER, view)
    if (next === undefined) return
    event.preventDefault()
    setView(next)
    document.getElementById(`tab-${next}`)?.focus()
  }
  return (
    <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {ORDER.map((tab) => (
        <button
          key={tab}
          id={`tab-${tab}`}
          type="button"
          role="tab"
          aria-selected={view === tab}
          aria-controls="view"
          tabIndex={view === tab ? 0 : -1}
          className={view === tab ? "tab active" : "tab"}
          data-testid={`tab-${tab}`}
          title={
            tab === "findings"
              ? `${plural(findingCount, "finding")}: ${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info`
              : undefined
          }
          onClick={() => setView(tab)}
        >
          {labels[tab]}
        </button>
      ))}
    </div>
  )
}
