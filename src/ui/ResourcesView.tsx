/** One row per resource (current tag, version count, lost updates); the selected one's lineage below. */
import type { ResourceLineage } from "../core/model"
import { isLostUpdate } from "./format"
import { LineageTimeline } from "./LineageTimeline"
import { selectFilteredResources } from "../store/selectors"
import { usePanel } from "./panel-context"

function ResourceRow({
  resource,
  selected
}: {
  readonly resource: ResourceLineage
  readonly selected: boolean
}) {
  const selectResource = usePanel((state) => state.selectResource)
  const current = resource.versions[resource.versions.length - 1]
  const lostUpdates = resource.events.filter(isLostUpdate).length
  return (
    <li>
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
        <span className="count">{resource.versions.length} versions</span>
        {lostUpdates > 0 && <span className="badge error">✖ {lostUpdates} lost update</span>}
      </button>
    </li>
  )
}

export function ResourcesView() {
  const allResources = usePanel((state) => state.snapshot.resources)
  const resources = usePanel(selectFilteredResources)
  const selectedKey = usePanel((state) => state.selection.resourceKey)
  // The selected resource keeps its lineage shown while the filter hides its row.
  const selected = allResources.find((resource) => resource.key === selectedKey)
  return (
    <div className="resources" data-testid="resources-view">
      {allResources.length === 0 && <div className="empty">No resource with a tag or a write yet.</div>}
      {allResources.length > 0 && resources.length === 0 && (
        <div className="empty">No resource matches the filter.</div>
      )}
      <ul className="resource-list">
        {resources.map((resource) => (
          <ResourceRow key={resource.key} resource={resource} selected={resource.key === selectedKey} />
        ))}
      </ul>
      {selected && <LineageTimeline resource={selected} />}
    </div>
  )
}
