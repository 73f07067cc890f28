/** The traffic row menu of a write, as the user reads it (component test, Chromium and Firefox e2e). */
export const WRITE_ROW_MENU_ITEMS: readonly string[] = [
  "Copy as curl",
  "Copy as fetch",
  "Copy as curl, with secrets",
  "Copy URL",
  "Copy response",
  "Show lineage",
  "Replay…",
  "Check protection…"
]
