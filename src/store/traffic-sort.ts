/**
 * The Traffic table's order: arrival (#) unless a column header was clicked, as in DevTools' Network
 * panel. Ties keep arrival order, so live rows do not shuffle among equals.
 */
import { isContextEvidence } from "../core/findings/finding-evidence"
import { SEVERITY_RANK, type Exchange, type Finding } from "../core/model"

const SORT_COLUMNS = ["#", "Method", "URL", "Status", "Findings"] as const
export type SortColumn = (typeof SORT_COLUMNS)[number]
export const SORTABLE_COLUMNS: ReadonlySet<string> = new Set<string>(SORT_COLUMNS)

export interface TrafficSort {
  readonly column: SortColumn
  readonly descending: boolean
}

export const ARRIVAL_ORDER: TrafficSort = { column: "#", descending: false }

/**
 * How much a finding weighs on an exchange, lower first: by severity, and after all of those when
 * the exchange is only context for it (the write a lost update overwrote is not at fault).
 */
export function findingRank(finding: Finding, exchangeId: number): number {
  return (isContextEvidence(finding, exchangeId) ? 3 : 0) + SEVERITY_RANK[finding.severity]
}

/** The rank of an exchange's weightiest finding (none sorts last). */
function worstRank(findings: readonly Finding[] | undefined, exchangeId: number): number {
  if (!findings || findings.length === 0) return Number.MAX_SAFE_INTEGER
  return Math.min(...findings.map((finding) => findingRank(finding, exchangeId)))
}

function keyOf(
  column: SortColumn,
  findingsOf: (id: number) => readonly Finding[] | undefined
): (exchange: Exchange) => number | string {
  if (column === "Method") return (exchange) => exchange.method
  if (column === "URL") return (exchange) => exchange.url
  if (column === "Status") return (exchange) => exchange.status
  // Findings: the worst severity first, then the most findings.
  if (column === "Findings")
    return (exchange) => {
      const findings = findingsOf(exchange.id)
      return worstRank(findings, exchange.id) * 1000 - (findings?.length ?? 0)
    }
  return (exchange) => exchange.id
}

export function sortExchanges(
  rows: readonly Exchange[],
  sort: TrafficSort,
  findingsOf: (id: number) => readonly Finding[] | undefined
): readonly Exchange[] {
  if (sort.column === "#" && !sort.descending) return rows
  const key = keyOf(sort.column, findingsOf)
  const direction = sort.descending ? -1 : 1
  const keyed = rows.map((exchange) => ({ exchange, key: key(exchange) }))
  keyed.sort((a, b) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0
    return order * direction || a.exchange.id - b.exchange.id
  })
  return keyed.map((item) => item.exchange)
}

/** A header click: the same column flips its direction, another starts ascending. */
export function nextSort(current: TrafficSort, column: SortColumn): TrafficSort {
  return current.column === column
    ? { column, descending: !current.descending }
    : { column, descending: false }
}
