/**
 * The panel's keyboard shortcuts: DevTools' own Network panel bindings, so hands that know one know
 * the other (devtools-frontend network-meta.ts: Ctrl+E / ⌘E record, Ctrl+L / ⌘K clear), and
 * Ctrl+F / ⌘F to the filter box, the panel's one search field. On a Mac the Control chords are the
 * text fields' own (Ctrl+E: end of line, Ctrl+K: delete to the end), so only ⌘ chords count there,
 * but for Ctrl+L, which DevTools binds on every platform.
 */
export type PanelShortcut = "toggle-recording" | "clear" | "find"

export type ShortcutKeys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">

export function shortcutOf(event: ShortcutKeys, mac: boolean): PanelShortcut | undefined {
  if (event.altKey || event.shiftKey) return undefined
  const key = event.key.toLowerCase()
  if (event.ctrlKey && !event.metaKey && key === "l") return "clear"
  const command = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  if (!command) return undefined
  if (key === "e") return "toggle-recording"
  if (key === "f") return "find"
  if (key === "k" && mac) return "clear"
  return undefined
}

/** A multi-line text being edited keeps its keys (a replay body): no capture is cleared under it. */
export function isTextEditor(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === "TEXTAREA" || target.isContentEditable)
}

/**
 * A modal dialog is open (⚙ Settings, a replay's confirmation): the capture behind it is neither
 * cleared nor paused, and the focus stays in the dialog (no Ctrl+F to the filter box).
 */
export function modalDialogOpen(document: Document): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null
}

/** "Ctrl+E", or "⌘E" on a Mac: for tooltips. */
export function shortcutLabel(key: string, mac: boolean): string {
  return mac ? `⌘${key}` : `Ctrl+${key}`
}

/** Running on a Mac: keys and their labels are the ⌘ ones there. */
export function onMac(): boolean {
  return typeof navigator !== "undefined" && /Macintosh|Mac OS X/.test(navigator.userAgent)
}
