/**
 * The Traffic table header's context menu, as in DevTools' Network panel: a checkbox item per
 * column (# and URL always show), and one to put the columns back as they came.
 */
import {
  DEFAULT_TRAFFIC_COLUMNS,
  TRAFFIC_COLUMNS,
  visibleColumns,
  withColumnShown
} from "../store/traffic-columns"
import { ContextMenu, type MenuPlace } from "./ContextMenu"
import { usePanel } from "./panel-context"

export function ColumnMenu({ x, y, onClose }: MenuPlace) {
  const layout = usePanel((state) => state.settings.trafficColumns)
  const arrange = usePanel((state) => state.arrangeTrafficColumns)
  // The user's choice: the User column, shown only where two or more users sent requests, is checked
  // unless hidden.
  const shown = new Set(visibleColumns(layout, true).map((column) => column.id))
  const close = (change: () => Promise<void>) => {
    void change()
    onClose()
  }
  return (
    <ContextMenu x={x} y={y} onClose={onClose} label="Columns" testId="column-menu">
      {TRAFFIC_COLUMNS.map((column) => (
        <button
          key={column.id}
          type="button"
          role="menuitemcheckbox"
          aria-checked={shown.has(column.id)}
          disabled={column.required}
          title={
            column.required
              ? "Always shown: it names the request"
              : column.onlyWithUsers
                ? "Shown where two or more users sent the capture's requests"
                : undefined
          }
          data-testid={`column-menu-${column.id}`}
          onClick={() =>
            close(() => arrange(withColumnShown(layout, column.id, !shown.has(column.id)), true))
          }
        >
          <span className="menu-check" aria-hidden="true">
            {shown.has(column.id) ? "✓" : ""}
          </span>
          {column.id}
        </button>
      ))}
      <hr className="menu-separator" />
      <button
        type="button"
        role="menuitem"
        data-testid="column-menu-reset"
        onClick={() => close(() => arrange(DEFAULT_TRAFFIC_COLUMNS, true))}
      >
        <span className="menu-check" aria-hidden="true" />
        Reset columns
      </button>
    </ContextMenu>
  )
}
