/**
 * How the panel shows the capture (the filter, the Traffic table's order, the view), kept with the
 * saved session of the inspected tab: reopening DevTools shows the capture the way it was left, as
 * DevTools' Network panel keeps its filter. The stored value is read back field by field; anything
 * unexpected keeps the default.
 */
import type { SessionMeta } from "../adapters/session-store"
import {
  EMPTY_FILTER,
  type PanelState,
  type StatusClass,
  type TrafficFilter,
  type ViewTab
} from "./panel-state"
import { SORTABLE_COLUMNS, type SortColumn, type TrafficSort } from "./traffic-sort"

export type SavedView = Pick<PanelState, "filter" | "trafficSort" | "view">

const VIEWS: ReadonlySet<string> = new Set<ViewTab>(["traffic", "resources", "findings", "servers"])
const STATUS_CLASSES: ReadonlySet<string> = new Set<StatusClass>(["2xx", "3xx", "4xx", "5xx", "failed"])

/** What the session store keeps besides the entries: the capture's state and how it is shown. */
export function sessionMetaOf(
  state: Pick<PanelState, "recording" | "preserveLog" | "captureStartedAt" | "pageUrl"> & SavedView
): SessionMeta {
  const { recording, preserveLog, captureStartedAt, pageUrl, filter, trafficSort, view } = state
  const viewState: SavedView = { filter, trafficSort, view }
  return { recording, preserveLog, captureStartedAt, pageUrl, viewState }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function stringsIn(value: unknown, allowed?: ReadonlySet<string>): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const strings = value.filter((item): item is string => typeof item === "string")
  return allowed === undefined ? strings : strings.filter((item) => allowed.has(item))
}

function readFilter(value: unknown): TrafficFilter | undefined {
  if (!isRecord(value)) return undefined
  return {
    text: typeof value.text === "string" ? value.text : EMPTY_FILTER.text,
    methods: stringsIn(value.methods) ?? EMPTY_FILTER.methods,
    statuses:
      (stringsIn(value.statuses, STATUS_CLASSES) as StatusClass[] | undefined) ?? EMPTY_FILTER.statuses,
    onlyWithTags: value.onlyWithTags === true,
    showNoise: value.showNoise === true
  }
}

function readSort(value: unknown): TrafficSort | undefined {
  if (!isRecord(value) || typeof value.column !== "string" || !SORTABLE_COLUMNS.has(value.column))
    return undefined
  return { column: value.column as SortColumn, descending: value.descending === true }
}

/** The parts of a stored view that are sound; the others are left out (the store keeps its own). */
export function readSavedView(value: unknown): Partial<SavedView> {
  if (!isRecord(value)) return {}
  const filter = readFilter(value.filter)
  const trafficSort = readSort(value.trafficSort)
  const view = typeof value.view === "string" && VIEWS.has(value.view) ? (value.view as ViewTab) : undefined
  return {
    ...(filter ? { filter } : {}),
    ...(trafficSort ? { trafficSort } : {}),
    ...(view ? { view } : {})
  }
}
