/**
 * The toolbar button's popup: ETag Lens lives in DevTools, so the button says how to get there
 * (a button that did nothing when clicked would leave users guessing).
 */
export interface ToolbarPopupProps {
  readonly panelTitle: string
  /** Name the Mac's keys. */
  readonly mac: boolean
}

export function ToolbarPopup({ panelTitle, mac }: ToolbarPopupProps) {
  const devtoolsKeys = mac ? "⌥⌘I" : "F12 or Ctrl+Shift+I"
  return (
    <main className="toolbar-popup" data-testid="toolbar-popup">
      <h1>ETag Lens</h1>
      <p>Does this API protect you from lost updates? The answer is in DevTools:</p>
      <ol>
        <li>
          On the page that talks to your API, open DevTools: <kbd>{devtoolsKeys}</kbd>.
        </li>
        <li>
          Pick the <strong>{panelTitle}</strong> panel (under <strong>»</strong> when the tab strip is full).
        </li>
        <li>
          Use the page. Recording starts when the panel opens; to capture what the page did before, reload it.
        </li>
      </ol>
      <p className="muted">
        Or import a HAR file there. No data leaves your browser: ETag Lens sends a request only when you
        confirm a replay.
      </p>
    </main>
  )
}
