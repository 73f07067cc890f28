/** Capabilities on the inspected page that the UI may call (injected, never imported by components). */
export interface InspectedWindowApi {
  readonly tabId: number
  reload(options?: { ignoreCache?: boolean }): void
}

export interface InspectedPage {
  readonly tabId: number
  /** Reload the inspected page so DevTools records its traffic from the start. */
  reload(): void
}

export function createInspectedPage(inspectedWindow: InspectedWindowApi): InspectedPage {
  return {
    tabId: inspectedWindow.tabId,
    reload: () => inspectedWindow.reload({})
  }
}
