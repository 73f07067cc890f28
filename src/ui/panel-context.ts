/**
 * React context for the panel: the store (one per panel) and the capabilities the composition
 * root injects. Components never reach chrome/browser: they call these.
 */
import { createContext, useContext, type ComponentType } from "react"
import { useStore } from "zustand"

import type { RuleInfo } from "../core/findings/rule"
import type { Exchange, ResourceLineage } from "../core/model"
import type { PanelStore } from "../store/create-panel-store"
import { EMPTY_FILTER, type PanelState } from "../store/panel-state"
import type { CopyText } from "./copy-text"

/** A finding rule's metadata as the Findings view shows it (from the core registry). */
export type { RuleInfo }

/** What the Replay tab of the detail pane is given; the replay view brings its own replayer. */
export interface ReplaySlotProps {
  readonly exchange: Exchange | undefined
  readonly resource: ResourceLineage | undefined
}

export interface PanelCapabilities {
  /** Reload the inspected page so its traffic is captured from the start. */
  readonly reloadInspectedPage?: () => void
  /** Offer `text` to the user as a download named `fileName`. */
  readonly saveFile?: (fileName: string, text: string) => void
  /** Put `text` on the clipboard (the scenario test export's Copy). */
  readonly copyText?: CopyText
  /** Rule metadata by id. */
  readonly rules: ReadonlyMap<string, RuleInfo>
  /** The extension's version, for the reports it writes. */
  readonly version?: string
  /**
   * DevTools' own search bar (Ctrl+F) drives the filter box (Chrome): the panel then leaves Ctrl+F to
   * DevTools instead of taking it.
   */
  readonly devtoolsSearch?: boolean
  /** The replay view (undefined until the replay feature is wired in). */
  readonly ReplayView?: ComponentType<ReplaySlotProps>
}

export const PanelStoreContext = createContext<PanelStore | null>(null)
export const CapabilitiesContext = createContext<PanelCapabilities>({ rules: new Map() })

export function usePanelStore(): PanelStore {
  const store = useContext(PanelStoreContext)
  if (!store) throw new Error("usePanelStore: render inside <PanelApp> (PanelStoreContext is missing)")
  return store
}

/** Read a slice of panel state; re-renders only when the slice changes. */
export function usePanel<Slice>(selector: (state: PanelState) => Slice): Slice {
  return useStore(usePanelStore(), selector)
}

export function useCapabilities(): PanelCapabilities {
  return useContext(CapabilitiesContext)
}

/** Opens Traffic filtered by a query of the filter box (`rule:…`, `tag:…`; store/filter-query.ts). */
export function useShowInTraffic(): (query: string) => void {
  const store = usePanelStore()
  return (query) => {
    // The query alone: a method, status or "with tags" filter left from before could hide every
    // exchange it names. Whether noise is shown stays the user's choice.
    const { showNoise } = store.getState().filter
    store.getState().setFilter({ ...EMPTY_FILTER, showNoise, text: query })
    store.getState().setView("traffic")
  }
}
