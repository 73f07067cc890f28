/** The panel store's state and actions: what every view reads and the only way to change it. */
import type { RecordedEntry } from "../adapters/session-store"
import type { PanelSettings, TrafficColumnLayout } from "../adapters/settings-store"
import type { EngineSnapshot, IngestResult } from "../core/engine"
import type { RuleInfo } from "../core/findings/rule"
import type { Exchange, ExchangeOrigin } from "../core/model"
import type { TrafficSort } from "./traffic-sort"

export type StatusClass = "2xx" | "3xx" | "4xx" | "5xx" | "failed"

export interface TrafficFilter {
  /** Case-insensitive substring of method, URL or status. */
  readonly text: string
  /** Empty = every method. */
  readonly methods: readonly string[]
  /** Empty = every status. */
  readonly statuses: readonly StatusClass[]
  /** Only exchanges that carried a precondition or revealed a tag. */
  readonly onlyWithTags: boolean
  /** Show capture noise (documents, scripts, images, preflights, 304s). */
  readonly showNoise: boolean
}

export type ViewTab = "traffic" | "resources" | "findings" | "servers"
export type DetailTab = "headers" | "body" | "diff" | "lineage" | "replay"

/** Selection is shared: choosing an exchange, a resource or a finding selects the matching others. */
export interface Selection {
  readonly exchangeId?: number
  readonly resourceKey?: string
  /** `findingKey(finding)`. */
  readonly findingKey?: string
}

export interface Notice {
  readonly kind: "info" | "error"
  readonly text: string
  /** What the notice offers to do about what it says: a button beside it. */
  readonly offer?: "merge-by-start-time"
}

/** A file chosen for an import: its text, or why it could not be read. */
export type ImportedFile =
  { readonly fileName: string; readonly text: string } | { readonly fileName: string; readonly error: string }

export interface PanelState {
  readonly snapshot: EngineSnapshot
  readonly recording: boolean
  readonly preserveLog: boolean
  readonly filter: TrafficFilter
  /** The Traffic table's order (a column header click); kept while other views are shown. */
  readonly trafficSort: TrafficSort
  readonly selection: Selection
  readonly view: ViewTab
  readonly detailTab: DetailTab
  readonly settings: PanelSettings
  /** ISO time this capture started (panel opened, or last clear). */
  readonly captureStartedAt: string
  /** How many times the capture was restarted (a clear, or a navigation without Preserve log). */
  readonly captureNumber: number
  /** True while traffic from before DevTools opened may be missing (until a reload or navigation). */
  readonly mayMissEarlierTraffic: boolean
  /** The inspected page's URL as last known (navigation or start). */
  readonly pageUrl?: string
  readonly notice?: Notice
  /**
   * A replay the user asked for from elsewhere (the protection answer's Check #n…): the Replay tab
   * opens on that write and asks its confirmation; it is cleared once the tab has taken it.
   */
  readonly replayIntent?: { readonly exchangeId: number; readonly action: "check-protection" }
  /**
   * Traffic's active row (the keyboard's ↑/↓/Enter), an exchange rather than a position: it stays on
   * its exchange as rows arrive or filters change, follows it to its new number after a merge by
   * start time, and goes with the capture.
   */
  readonly trafficActiveId?: number
  /** A batched HAR import under way (the notice shows its progress and a Cancel). */
  readonly importing?: { readonly fileName: string; readonly done: number; readonly total: number }

  /** Feed HAR entries to the engine; one result per entry (an exchange, or why it was skipped). */
  ingest(
    entries: readonly unknown[],
    origin: ExchangeOrigin,
    options?: { persist?: boolean }
  ): readonly IngestResult[]
  /** Put back the saved session (entries with our extras come back exactly, replay links included); not saved again. */
  restoreSaved(items: readonly RecordedEntry[]): void
  /** Add a replayed request's HAR entry, linked to the exchange it replayed; returns its exchange id. */
  recordReplay(entry: unknown, replay: NonNullable<Exchange["replay"]>): number | undefined
  /** Empty the capture and the saved session; a running import stops (none of the rest comes in). */
  clear(): void
  setRecording(recording: boolean): void
  setPreserveLog(preserveLog: boolean): void
  setFilter(filter: Partial<TrafficFilter>): void
  setTrafficSort(sort: TrafficSort): void
  selectExchange(exchangeId: number | undefined): void
  selectResource(resourceKey: string | undefined): void
  selectFinding(findingKey: string | undefined): void
  setView(view: ViewTab): void
  setDetailTab(tab: DetailTab): void
  /** Select the write and open its Replay tab; with an action, the tab starts it (still to be confirmed). */
  openReplay(exchangeId: number, action?: "check-protection"): void
  /** The Replay tab took the intent. */
  clearReplayIntent(): void
  setTrafficActive(exchangeId: number | undefined): void
  setSettings(settings: PanelSettings): Promise<void>
  /**
   * The detail pane's share of the panel (kept between 0.2 and 0.8); saved with the settings when
   * `save` (a drag saves once, when released). The engine is not touched.
   */
  resizeDetailPane(share: number, save: boolean): Promise<void>
  /**
   * The Traffic table's columns as arranged (shown, widths); saved with the settings when `save`
   * (a drag saves once, when released).
   */
  arrangeTrafficColumns(layout: TrafficColumnLayout, save: boolean): Promise<void>
  /** The inspected page navigated: clears (as `clear`) unless "Preserve log" is on. */
  navigated(url: string): void
  /**
   * Import a HAR file's text in batches (yielding between them through the store's scheduler);
   * resolves when done or cancelled. Our own exports come back exactly (extras, replay links).
   */
  importHar(text: string, fileName?: string): Promise<void>
  /**
   * Import several HAR files as one timeline, their entries merged by `startedDateTime` (a session
   * saved in pieces, or two people's browsers), as `etag-audit a.har b.har` reads them. A file that
   * could not be read is one of the import's problems.
   */
  importHars(files: readonly ImportedFile[]): Promise<void>
  /**
   * The capture read again as one timeline by `startedDateTime` (stable): after a file imported into
   * a capture it overlaps in time, which the engine judged in arrival order. Exchanges get new
   * numbers in that order; replay links follow them. The timeline is built apart, and replaces the
   * capture only when complete (traffic captured meanwhile follows it): a merge cancelled, cleared or
   * stopped by another import changes nothing. Resolves when the merge ends.
   */
  mergeByStartTime(): Promise<void>
  /** Stop the running import before its next batch (what was imported stays; a merge changes nothing). */
  cancelImport(): void
  /** A file that could not be read (FileReader error, too large for a string): say so. */
  importFailed(fileName: string, reason: string): void
  showNotice(notice: Notice): void
  /** The current exchanges as HAR JSON text; secrets redacted unless `includeSecrets`. */
  exportHar(options: { includeSecrets: boolean }): string
  /**
   * The capture's audit report as Markdown, as `etag-audit --markdown` writes it (findings with their
   * evidence and fixes, servers, each resource's lineage); secrets redacted unless asked.
   */
  exportReport(options: { includeSecrets: boolean; rules: readonly RuleInfo[]; version: string }): string
  dismissNotice(): void
}

export const EMPTY_FILTER: TrafficFilter = {
  text: "",
  methods: [],
  statuses: [],
  onlyWithTags: false,
  showNoise: false
}
