/** The Traffic table's columns as the user reads them, all shown (unit, component and e2e tests). */
export const ALL_TRAFFIC_COLUMNS: readonly string[] = [
  "#",
  "Method",
  "URL",
  "Status",
  "Version",
  "Precondition",
  "Tag",
  "Source",
  "Findings"
]
