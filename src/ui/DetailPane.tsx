/** Detail of the selection: Headers · Body · Diff · Lineage · Replay (the replay view is injected). */
import type { KeyboardEvent } from "react"

import type { DetailTab } from "../store/panel-state"
import { selectExchange, selectResourceByKey } from "../store/selectors"
import { BodyDiff } from "./BodyDiff"
import { BodyView } from "./BodyView"
import { HeadersView } from "./HeadersView"
import { LineageTimeline } from "./LineageTimeline"
import { useCapabilities, usePanel } from "./panel-context"
import { Splitter } from "./Splitter"
import { tabAfterKey } from "./tab-keys"

const TABS: readonly { id: DetailTab; label: string }[] = [
  { id: "headers", label: "Headers" },
  { id: "body", label: "Body" },
  { id: "diff", label: "Diff" },
  { id: "lineage", label: "Lineage" },
  { id: "replay", label: "Replay" }
]

const TAB_IDS: readonly DetailTab[] = TABS.map((entry) => entry.id)

export function DetailPane() {
  const tab = usePanel((state) => state.detailTab)
  const setTab = usePanel((state) => state.setDetailTab)
  const exchange = usePanel((state) => selectExchange(state, state.selection.exchangeId))
  const resource = usePanel((state) => selectResourceByKey(state, state.selection.resourceKey))
  const { ReplayView } = useCapabilities()

  const onKeyDown = (event: KeyboardEvent) => {
    const next = tabAfterKey(event, TAB_IDS, tab)
    if (next === undefined) return
    event.preventDefault()
    setTab(next)
    document.getElementById(`detail-tab-${next}`)?.focus()
  }

  const nothing = (what: string) => <p className="muted empty">Select {what} to see it here.</p>
  let content
  if (tab === "headers") content = exchange ? <HeadersView exchange={exchange} /> : nothing("an exchange")
  else if (tab === "body") content = exchange ? <BodyView exchange={exchange} /> : nothing("an exchange")
  else if (tab === "diff")
    content = resource ? <BodyDiff key={resource.key} resource={resource} /> : nothing("a resource")
  else if (tab === "lineage")
    content = resource ? <LineageTimeline resource={resource} /> : nothing("a resource")
  else
    content = ReplayView ? (
      <ReplayView exchange={exchange} resource={resource} />
    ) : (
      <p className="muted empty">Replay is not available in this build.</p>
    )

  return (
    <aside className="detail" id="detail-pane" aria-label="Detail" data-testid="detail-pane">
      {/* On the pane's edge, inside it: the bar sizes this pane (and is within its landmark). */}
      <Splitter />
      <h2 className="visually-hidden">Detail</h2>
      <div className="tabs detail-tabs" role="tablist" aria-label="Detail views" onKeyDown={onKeyDown}>
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            id={`detail-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls="detail-content"
            tabIndex={tab === id ? 0 : -1}
            className={tab === id ? "tab active" : "tab"}
            data-testid={`detail-tab-${id}`}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="detail-content" id="detail-content" role="tabpanel" tabIndex={0}>
        {content}
      </div>
    </aside>
  )
}
