/**
 * DevTools' own search bar (Ctrl+F / ⌘F in Chrome's DevTools) on the ETags panel: Chrome hands an
 * extension panel's searches to the devtools page (`ExtensionPanel.onSearch`), which relays them to
 * the panel's window; the panel puts the query in its filter box. Firefox's DevTools offer no search
 * to extension panels (no `onSearch`): there the panel's own Ctrl+F goes to the filter box.
 */

/** What the devtools page posts to the panel's window. */
export interface SearchMessage {
  readonly etagLensSearch: string
}

/** `ExtensionPanel` as far as this relay uses it (Chrome; Firefox has no onSearch). */
export interface SearchablePanel {
  readonly onShown: { addListener(listener: (panelWindow: Window) => void): void }
  readonly onSearch?: { addListener(listener: (action: string, query?: string) => void): void }
}

/** In the devtools page: relay the panel's searches to its window; false where there are none. */
export function relayPanelSearch(panel: SearchablePanel, origin: string): boolean {
  if (!panel.onSearch) return false
  let panelWindow: Window | undefined
  panel.onShown.addListener((shown) => (panelWindow = shown))
  panel.onSearch.addListener((action, query) => {
    // performSearch carries the query; cancelSearch (Escape, or the bar closed) empties the filter.
    if (action !== "performSearch" && action !== "cancelSearch") return
    const message: SearchMessage = { etagLensSearch: action === "performSearch" ? (query ?? "") : "" }
    panelWindow?.postMessage(message, origin)
  })
  return true
}

/** In the panel: call `onQuery` with each relayed search; returns the unsubscribe. */
export function watchPanelSearch(
  target: Pick<Window, "addEventListener" | "removeEventListener">,
  origin: string,
  onQuery: (query: string) => void
): () => void {
  const listener = (event: MessageEvent) => {
    const data: unknown = event.data
    if (event.origin !== origin || typeof data !== "object" || data === null) return
    const query = (data as Partial<SearchMessage>).etagLensSearch
    if (typeof query === "string") onQuery(query)
  }
  target.addEventListener("message", listener as EventListener)
  return () => target.removeEventListener("message", listener as EventListener)
}
