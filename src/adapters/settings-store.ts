/**
 * Port: the user's panel settings (body tag fields, limits, policy overrides, switched-off rules),
 * kept across sessions. Values are validated on load: a corrupt stored value falls back to the default.
 */
import { POLICY_SUMMARIES, type EngineOptions, type PolicySummary } from "../core/model"

export type ThemePreference = "auto" | "light" | "dark"

export interface PanelSettings {
  readonly bodyTagFields: readonly string[]
  readonly queryVersionParams: readonly string[]
  /**
   * Query parameters that name the resource (`/document?id=7`), kept in its identity; `*` keeps
   * every one. Others are dropped, so `?id=1` and `?id=2` would be one resource.
   */
  readonly identityQueryParams: readonly string[]
  readonly versionHeaders: readonly string[]
  /** Body fields a write sends as the version it makes (Confluence's `version.number`). */
  readonly nextVersionFields: readonly string[]
  readonly maxExchanges: number
  readonly maxBodyBytes: number
  readonly disabledRules: readonly string[]
  readonly policyOverrides: Readonly<Record<string, PolicySummary>>
  /** "auto" follows the DevTools theme. */
  readonly theme: ThemePreference
  /** The detail pane's share of the panel's width (its height when DevTools is narrow). */
  readonly detailPaneShare: number
  /** The Traffic table's columns as the user arranged them (header menu, dragged edges). */
  readonly trafficColumns: TrafficColumnLayout
}

/**
 * The Traffic table's columns as arranged: the ids of those hidden, and the widths (px) of those
 * whose edge was dragged. The table knows the columns; ids it does not know are ignored there.
 */
export interface TrafficColumnLayout {
  readonly hidden: readonly string[]
  readonly widths: Readonly<Record<string, number>>
}

export const DEFAULT_TRAFFIC_COLUMNS: TrafficColumnLayout = { hidden: [], widths: {} }

/** A dragged column keeps at least a letter's room and never outgrows a wide screen. */
const COLUMN_WIDTH = { min: 24, max: 1600 } as const

export function clampColumnWidth(width: number): number {
  return Math.round(Math.min(COLUMN_WIDTH.max, Math.max(COLUMN_WIDTH.min, width)))
}

/** The detail pane's share when never resized, and the bounds a drag or a stored value is kept in. */
export const DETAIL_PANE_SHARE = { initial: 0.4, min: 0.2, max: 0.8 } as const

export function clampDetailPaneShare(share: number): number {
  if (!Number.isFinite(share)) return DETAIL_PANE_SHARE.initial
  return Math.min(DETAIL_PANE_SHARE.max, Math.max(DETAIL_PANE_SHARE.min, share))
}

export interface SettingsStore {
  load(): Promise<PanelSettings>
  save(settings: PanelSettings): Promise<void>
}

export const SETTINGS_KEY = "etagLens.settings.v1"

function stringList(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : fallback
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : fallback
}

function overrides(value: unknown): Record<string, PolicySummary> {
  if (typeof value !== "object" || value === null) return {}
  const result: Record<string, PolicySummary> = {}
  for (const [scope, summary] of Object.entries(value)) {
    if (POLICY_SUMMARIES.includes(summary as PolicySummary)) result[scope] = summary as PolicySummary
  }
  return result
}

/**
 * Default body tag fields of earlier versions. A stored list equal to one of them was never edited
 * by the user: it follows the current default (which added Kubernetes' metadata.resourceVersion).
 */
const EARLIER_DEFAULT_BODY_TAG_FIELDS: readonly (readonly string[])[] = [
  ["@odata.etag", "odata.etag", "_etag", "_rev"]
]

function bodyTagFields(value: unknown, defaults: readonly string[]): readonly string[] {
  const stored = stringList(value, defaults)
  const untouched = EARLIER_DEFAULT_BODY_TAG_FIELDS.some(
    (earlier) => earlier.length === stored.length && earlier.every((field, at) => stored[at] === field)
  )
  return untouched ? defaults : stored
}

function trafficColumns(value: unknown, defaults: TrafficColumnLayout): TrafficColumnLayout {
  if (typeof value !== "object" || value === null) return defaults
  const { hidden, widths } = value as Record<string, unknown>
  const keptWidths: Record<string, number> = {}
  if (typeof widths === "object" && widths !== null) {
    for (const [column, width] of Object.entries(widths)) {
      if (typeof width === "number" && Number.isFinite(width)) keptWidths[column] = clampColumnWidth(width)
    }
  }
  return { hidden: stringList(hidden, defaults.hidden), widths: keptWidths }
}

/** Stored value (any shape) → settings; every field that is missing or wrong takes the default. */
export function readSettings(stored: unknown, defaults: PanelSettings): PanelSettings {
  const value = (typeof stored === "object" && stored !== null ? stored : {}) as Record<string, unknown>
  const theme = value.theme === "light" || value.theme === "dark" ? value.theme : defaults.theme
  return {
    bodyTagFields: bodyTagFields(value.bodyTagFields, defaults.bodyTagFields),
    queryVersionParams: stringList(value.queryVersionParams, defaults.queryVersionParams),
    identityQueryParams: stringList(value.identityQueryParams, defaults.identityQueryParams),
    versionHeaders: stringList(value.versionHeaders, defaults.versionHeaders),
    nextVersionFields: stringList(value.nextVersionFields, defaults.nextVersionFields),
    maxExchanges: positiveInteger(value.maxExchanges, defaults.maxExchanges),
    maxBodyBytes: positiveInteger(value.maxBodyBytes, defaults.maxBodyBytes),
    disabledRules: stringList(value.disabledRules, defaults.disabledRules),
    policyOverrides:
      value.policyOverrides === undefined ? defaults.policyOverrides : overrides(value.policyOverrides),
    theme,
    detailPaneShare:
      typeof value.detailPaneShare === "number"
        ? clampDetailPaneShare(value.detailPaneShare)
        : defaults.detailPaneShare,
    trafficColumns: trafficColumns(value.trafficColumns, defaults.trafficColumns)
  }
}

/** The part of the settings the engine takes. */
export function engineOptionsFrom(settings: PanelSettings): Partial<EngineOptions> {
  return {
    bodyTagFields: settings.bodyTagFields,
    queryVersionParams: settings.queryVersionParams,
    identityQueryParams: settings.identityQueryParams.includes("*") ? "all" : settings.identityQueryParams,
    versionHeaders: settings.versionHeaders,
    nextVersionFields: settings.nextVersionFields,
    maxExchanges: settings.maxExchanges,
    maxBodyBytes: settings.maxBodyBytes,
    disabledRules: settings.disabledRules,
    policyOverrides: settings.policyOverrides
  }
}
