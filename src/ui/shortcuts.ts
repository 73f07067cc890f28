/**
 * The panel's keyboard shortcuts: DevTools' own Network panel bindings, so hands that know one know
 * the other (devtools-frontend network-meta.ts: Ctrl+E / ⌘E record, Ctrl+L / ⌘K clear), and
 * Ctrl+F / ⌘F to the filter box, the panel's one search field.
 */
export type PanelShortcut = "toggle-recording" | "clear" | "find"

export type ShortcutKeys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">

export function shortcutOf(event: ShortcutKeys): PanelShortcut | undefined {
  if (event.altKey || event.shiftKey || !(event.ctrlKey || event.metaKey)) return undefined
  switch (event.key.toLowerCase()) {
    case "e":
      return "toggle-recording"
    case "l":
      return "clear"
    case "k":
      return event.metaKey ? "clear" : undefined
    case "f":
      return "find"
    default:
      return undefined
  }
}

/** "Ctrl+E", or "⌘E" on a Mac: for tooltips. */
export function shortcutLabel(key: string, mac: boolean): string {
  return mac ? `⌘${key}` : `Ctrl+${key}`
}
