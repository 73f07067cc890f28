/**
 * The Traffic table's columns, as DevTools' Network panel lets them be arranged: any column but #
 * and URL can be hidden from the header's menu, and any column's right edge dragged to a width.
 * URL fills the room the others leave until its own edge is dragged; then it keeps that width too,
 * the last column takes what room is left (so rows still reach the pane's edge), and the table
 * scrolls sideways when wider than the pane.
 */
import {
  clampColumnWidth,
  DEFAULT_TRAFFIC_COLUMNS,
  type TrafficColumnLayout
} from "../adapters/settings-store"

export { DEFAULT_TRAFFIC_COLUMNS, type TrafficColumnLayout }

export type TrafficColumnId =
  "#" | "Method" | "URL" | "Status" | "User" | "Version" | "Precondition" | "Tag" | "Source" | "Findings"

export interface TrafficColumn {
  readonly id: TrafficColumnId
  /** Width before any drag (px); for URL, the least it shrinks to while it fills the room. */
  readonly width: number
  /** # and URL name the row: they always show. */
  readonly required: boolean
  /** What the column tells, for its header's tooltip (learners meet these words here first). */
  readonly description: string
  /** Shown only where the capture's requests name two or more users (lineage/resource-users.ts). */
  readonly onlyWithUsers?: boolean
}

export const TRAFFIC_COLUMNS: readonly TrafficColumn[] = [
  { id: "#", width: 40, required: true, description: "Order of arrival (↻: a replay sent from this panel)" },
  { id: "Method", width: 56, required: false, description: "The request's method" },
  {
    id: "URL",
    width: 100,
    required: true,
    description: "Path and query; the full URL in each cell's tooltip"
  },
  { id: "Status", width: 48, required: false, description: "The response's status code" },
  {
    id: "User",
    width: 64,
    required: false,
    onlyWithUsers: true,
    description:
      "Who sent the request: the user its Authorization (or session cookie) names. Shown when two or more users did"
  },
  {
    id: "Version",
    width: 72,
    required: false,
    description:
      "The resource's version a read saw; for a write, the version it was based on → the one it made (✗: refused)"
  },
  {
    id: "Precondition",
    width: 114,
    required: false,
    description:
      "What the request said it was based on: If-Match, If-None-Match, If-Unmodified-Since or a version in the body, query or a header"
  },
  { id: "Tag", width: 106, required: false, description: "The entity tag (or version) the response carried" },
  {
    id: "Source",
    width: 64,
    required: false,
    description:
      "Where that tag was read: the ETag header, a body field (body:_rev), a query parameter or a header"
  },
  { id: "Findings", width: 172, required: false, description: "Concurrency findings about this exchange" }
]

const FILLING_COLUMN: TrafficColumnId = "URL"

/**
 * The columns shown: those not hidden, and the User column only where the capture names two or more
 * users (`withUsers`); its menu item keeps the user's choice either way.
 */
export function visibleColumns(layout: TrafficColumnLayout, withUsers = false): TrafficColumn[] {
  return TRAFFIC_COLUMNS.filter(
    (column) =>
      column.required || (!layout.hidden.includes(column.id) && (withUsers || !column.onlyWithUsers))
  )
}

/** The width a column takes (px); for URL while it fills the room, the least it takes. */
export function columnWidth(layout: TrafficColumnLayout, column: TrafficColumn): number {
  return layout.widths[column.id] ?? column.width
}

/**
 * The rows' `grid-template-columns`: every row is its own grid (the list is virtual), so widths
 * are fixed rather than sized by content.
 */
export function gridTemplateOf(layout: TrafficColumnLayout, withUsers = false): string {
  const columns = visibleColumns(layout, withUsers)
  const filling =
    layout.widths[FILLING_COLUMN] === undefined ? FILLING_COLUMN : columns[columns.length - 1].id
  return columns
    .map((column) => {
      const width = columnWidth(layout, column)
      return column.id === filling ? `minmax(${width}px, 1fr)` : `${width}px`
    })
    .join(" ")
}

/** The least width of a row: beyond the pane's width, the table scrolls sideways. */
export function tableMinWidth(layout: TrafficColumnLayout, withUsers = false): number {
  return visibleColumns(layout, withUsers).reduce((sum, column) => sum + columnWidth(layout, column), 0)
}

export function withColumnShown(
  layout: TrafficColumnLayout,
  columnId: string,
  shown: boolean
): TrafficColumnLayout {
  const column = TRAFFIC_COLUMNS.find((candidate) => candidate.id === columnId)
  if (!column || column.required) return layout
  const hidden = layout.hidden.filter((id) => id !== columnId)
  return { ...layout, hidden: shown ? hidden : [...hidden, columnId] }
}

export function withColumnWidth(
  layout: TrafficColumnLayout,
  columnId: string,
  width: number | undefined
): TrafficColumnLayout {
  const widths = { ...layout.widths }
  if (width === undefined) delete widths[columnId]
  else widths[columnId] = clampColumnWidth(width)
  return { ...layout, widths }
}
