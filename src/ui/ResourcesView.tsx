/** One row per resource (current tag, version count, lost updates); the selected one's lineage below. */
import { useEffect, useState, type CSSProperties, type KeyboardEvent } from "react"

import type { ResourceLineage } from "../core/model"
import { isLostUpdate } from "./format"
import { LineageTimeline } from "./LineageTimeline"
import { selectFilteredResources, selectListedResources, selectLostUpdateWrites } from "../store/selectors"
import { usePanel } from "./panel-context"
import { useVirtualRows } from "./virtual-list"
import { plural } from "../core/plural"

function ResourceRow({
  resource,
  selected,
  style
}: {
  readonly resource: ResourceLineage
  readonly selected: boolean
  readonly style: CSSProperties
}) {
  const selectResource = usePanel((state) => state.selectResource)
  const current = resource.versions[resource.versions.length - 1]
  const lostWrites = usePanel((state) => selectLostUpdateWrites(state.snapshot.findings))
  const lostUpdates = resource.events.filter((event) => isLostUpdate(event, lostWrites)).length
  return (
    <li style={style}>
      <button
        type="button"
        className={selected ? "resource-row selected" : "resource-row"}
        aria-pressed={selected}
        data-testid="resource-row"
        data-resource-key={resource.key}
        onClick={() => selectResource(resource.key)}
      >
        <span className="mono url">{resource.key}</span>
        <span className="mono tag">{current ? current.tag.tag.raw : "—"}</span>
        <span className="count">{plural(resource.versions.length, "version")}</span>
        {lostUpdates > 0 && <span className="badge error">✖ {plural(lostUpdates, "lost update")}</span>}
      </button>
    </li>
  )
}

/** Rows are one line: a fixed height lets the list render only what is in view. */
const ROW_HEIGHT = 22

export function ResourcesView() {
  const allResources = usePanel((state) => state.snapshot.resources)
  const resources = usePanel(selectFilteredResources)
  const listedCount = usePanel((state) => selectListedResources(state.snapshot.resources).length)
  const selectedKey = usePanel((state) => state.selection.resourceKey)
  // The selected resource keeps its lineage shown while the filter hides its row.
  const selected = allResources.find((resource) => resource.key === selectedKey)
  // Thousands of resources in a busy capture: only the rows in view are rendered, in a box of their
  // own, so the selected resource's lineage stays in sight below it.
  const { scrollRef, virtualizer } = useVirtualRows(resources.length, ROW_HEIGHT)
  // A resource selected elsewhere (a finding's lineage link, the row menu) scrolls into view.
  useEffect(() => {
    const index = resources.findIndex((resource) => resource.key === selectedKey)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" })
    // Depends on the selection only: re-running on every new resource would yank the scroll position.
  }, [selectedKey])
  const selectResource = usePanel((state) => state.selectResource)
  // ↑/↓, Home/End move the selection through the list, as in DevTools' lists; the focus follows
  // once the row is rendered (the list is virtual).
  const [focusKey, setFocusKey] = useState<string>()
  useEffect(() => {
    if (focusKey === undefined) return
    scrollRef.current?.querySelector<HTMLElement>(`[data-resource-key="${CSS.escape(focusKey)}"]`)?.focus()
  })
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (resources.length === 0) return
    const at = resources.findIndex((resource) => resource.key === selectedKey)
    const target = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: resources.length - 1 }[event.key]
    if (target === undefined) return
    event.preventDefault()
    const key = resources[Math.max(0, Math.min(resources.length - 1, target))].key
    selectResource(key)
    setFocusKey(key)
  }
  return (
    <div className="resources" data-testid="resources-view">
      {listedCount === 0 && <div className="empty">No resource with a tag or a write yet.</div>}
      {listedCount > 0 && resources.length === 0 && (
        <div className="empty">No resource matches the filter.</div>
      )}
      <div
        ref={scrollRef}
        className={selected ? "resource-scroll with-lineage" : "resource-scroll"}
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          // Focus gone elsewhere: stop following the selection with it.
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusKey(undefined)
        }}
      >
        <ul className="resource-list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const resource = resources[item.index]
            return (
              <ResourceRow
                key={resource.key}
                resource={resource}
                selected={resource.key === selectedKey}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              />
            )
          })}
        </ul>
      </div>
      {selected ? (
        <LineageTimeline resource={selected} />
      ) : (
        resources.length > 0 && (
          <p className="muted empty" data-testid="lineage-hint">
            Select a resource to see its lineage: each version, who read it, and what each write sent.
          </p>
        )
      )}
    </div>
  )
}
