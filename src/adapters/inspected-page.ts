/** Capabilities on the inspected page that the UI may call (injected, never imported by components). */
export interface InspectedWindowApi {
  readonly tabId: number
  reload(options?: { ignoreCache?: boolean }): void
  /** Firefox resolves `[result, exceptionInfo]`; webextension-polyfill in Chrome `result` alone when all went well. */
  eval(expression: string): Promise<unknown>
}

export interface InspectedPage {
  readonly tabId: number
  /** Reload the inspected page so DevTools records its traffic from the start. */
  reload(): void
  /** The inspected page's current URL, or undefined when it cannot be read. */
  currentUrl(): Promise<string | undefined>
}

export function createInspectedPage(inspectedWindow: InspectedWindowApi): InspectedPage {
  return {
    tabId: inspectedWindow.tabId,
    reload: () => inspectedWindow.reload({}),
    async currentUrl() {
      try {
        const answer = await inspectedWindow.eval("location.href")
        // Firefox resolves [result, exceptionInfo]; the polyfill in Chrome resolves the result alone
        // when there was no exception (the callback got one argument).
        const result = Array.isArray(answer) ? answer[0] : answer
        return typeof result === "string" ? result : undefined
      } catch {
        return undefined
      }
    }
  }
}
