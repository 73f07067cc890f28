/**
 * The Traffic table: every exchange (filtered), virtualized so 50k rows scroll smoothly.
 * Keyboard: ↑/↓ move the active row, Enter selects it, Home/End jump.
 */
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from "react"

import { isContextEvidence } from "../core/findings/finding-evidence"
import { SEVERITY_MARK, type Exchange, type Finding } from "../core/model"
import { findingsByExchange, lineageByExchange, selectFilteredExchanges } from "../store/selectors"
import { preconditionText, tagText, versionCell } from "./format"
import { usePanel } from "./panel-context"
import { RowMenu } from "./RowMenu"
import { useVirtualRows } from "./virtual-list"
import {
  findingRank,
  nextSort,
  SORTABLE_COLUMNS,
  sortExchanges,
  type SortColumn,
  type TrafficSort
} from "../store/traffic-sort"

const ROW_HEIGHT = 20
const COLUMNS = ["#", "Method", "URL", "Status", "Version", "Precondition", "Tag", "Source", "Findings"]

/** Path and query, as DevTools' Network panel shows names; the full URL is in the tooltip. */
function pathOf(url: string): string {
  const afterScheme = url.indexOf("//")
  const pathStart = afterScheme < 0 ? -1 : url.indexOf("/", afterScheme + 2)
  return pathStart < 0 ? url : url.slice(pathStart)
}

function statusClassName(status: number): string {
  if (status === 0) return "status failed"
  if (status >= 400) return "status client-error"
  if (status >= 300) return "status redirect"
  return "status"
}

/** What a badge says: the rule with its severity mark, or, for context evidence, that it is evidence. */
function badgeLabel(finding: Finding, exchangeId: number): string {
  return isContextEvidence(finding, exchangeId)
    ? `evidence: ${finding.ruleId}`
    : `${SEVERITY_MARK[finding.severity]} ${finding.ruleId}`
}

/** The exchange's own findings first, most severe first; findings it is only context for last. */
function byImportance(exchangeId: number) {
  return (a: Finding, b: Finding) => findingRank(a, exchangeId) - findingRank(b, exchangeId)
}

/**
 * The most important finding as a badge and "+n" for the rest (the column fits one); the cell's
 * tooltip lists them all. An exchange named for context (the write a lost update overwrote) is not
 * at fault: its badge is muted, without the rule's severity mark.
 */
function Badges({ exchange }: { readonly exchange: Exchange }) {
  const findings = usePanel((state) => findingsByExchange(state.snapshot).get(exchange.id))
  if (!findings) return null
  const [first, ...rest] = [...findings].sort(byImportance(exchange.id))
  const context = isContextEvidence(first, exchange.id)
  return (
    <span
      data-testid="finding-badges"
      title={findings.map((finding) => `${badgeLabel(finding, exchange.id)} — ${finding.message}`).join("\n")}
    >
      <span className={context ? "badge context" : `badge ${first.severity}`}>
        {badgeLabel(first, exchange.id)}
      </span>
      {rest.length > 0 && (
        <>
          <span className="badge more" aria-hidden="true">
            +{rest.length}
          </span>
          {/* What the tooltip shows, for screen readers. */}
          <span className="visually-hidden">
            , also {rest.map((finding) => badgeLabel(finding, exchange.id)).join(", ")}
          </span>
        </>
      )}
    </span>
  )
}

/** The version the exchange read, or the one a write was based on and the one it made (the lineage's words). */
function VersionCellView({ exchange }: { readonly exchange: Exchange }) {
  // Select the stable lineage entry; the cell's words are derived from it on render.
  const cell = versionCell(
    usePanel((state) => lineageByExchange(state.snapshot).get(exchange.id)),
    exchange
  )
  return (
    <span className={`cell mono version ${cell.tone}`} title={cell.title} data-testid="version-cell">
      {cell.text}
    </span>
  )
}

function Row({ exchange }: { readonly exchange: Exchange }) {
  const sent = preconditionText(exchange.precondition)
  const received = tagText(exchange.responseTags)
  return (
    <>
      <span className="cell num">{exchange.id}</span>
      <span className="cell method">{exchange.method}</span>
      <span className="cell url" title={exchange.url}>
        {pathOf(exchange.url)}
      </span>
      <span className={`cell ${statusClassName(exchange.status)}`}>{exchange.status || "(failed)"}</span>
      <VersionCellView exchange={exchange} />
      <span className="cell mono" title={sent}>
        {sent}
      </span>
      <span className="cell mono" title={received.tag}>
        {received.tag}
      </span>
      <span className="cell source">{received.source}</span>
      <span className="cell badges">
        <Badges exchange={exchange} />
      </span>
    </>
  )
}

/** A column title; the sortable ones are buttons that sort by them (aria-sort says how). */
function ColumnHeader({
  title,
  sort,
  onSort
}: {
  readonly title: string
  readonly sort: TrafficSort
  readonly onSort: (column: SortColumn) => void
}) {
  if (!SORTABLE_COLUMNS.has(title))
    return (
      <span className="cell" role="columnheader">
        {title}
      </span>
    )
  const column = title as SortColumn
  const active = sort.column === column
  const direction = sort.descending ? "descending" : "ascending"
  return (
    <span className="cell" role="columnheader" aria-sort={active ? direction : "none"}>
      <button
        type="button"
        className="sort-button"
        title={`Sort by ${title}`}
        data-testid={`sort-${title === "#" ? "id" : title.toLowerCase()}`}
        onClick={() => onSort(column)}
      >
        {title}
        {active && (sort.column !== "#" || sort.descending) ? (sort.descending ? " ▾" : " ▴") : ""}
      </button>
    </span>
  )
}

export function TrafficTable() {
  const filtered = usePanel(selectFilteredExchanges)
  const findings = usePanel((state) => findingsByExchange(state.snapshot))
  const sort = usePanel((state) => state.trafficSort)
  const setSort = usePanel((state) => state.setTrafficSort)
  const rows = useMemo(
    () => sortExchanges(filtered, sort, (id) => findings.get(id)),
    [filtered, sort, findings]
  )
  // Empty because of the user's filter, or because nothing was recorded (noise is hidden by default).
  const narrowed = usePanel(({ filter }) => {
    const { text, methods, statuses, onlyWithTags } = filter
    return text.trim() !== "" || methods.length > 0 || statuses.length > 0 || onlyWithTags
  })
  const selectedId = usePanel((state) => state.selection.exchangeId)
  const selectExchange = usePanel((state) => state.selectExchange)
  const { scrollRef, virtualizer } = useVirtualRows(rows.length, ROW_HEIGHT)
  const [activeIndex, setActiveIndex] = useState(-1)
  const [menu, setMenu] = useState<{ exchange: Exchange; x: number; y: number }>()
  const openMenu = (exchange: Exchange, x: number, y: number) => {
    selectExchange(exchange.id)
    setMenu({ exchange, x, y })
  }
  const closeMenu = useCallback(() => {
    setMenu(undefined)
    scrollRef.current?.focus()
  }, [])

  // Keep the active row on the selected exchange when selection comes from another view.
  useEffect(() => {
    if (selectedId === undefined) return
    const index = rows.findIndex((exchange) => exchange.id === selectedId)
    if (index >= 0) {
      setActiveIndex(index)
      virtualizer.scrollToIndex(index, { align: "auto" })
    }
    // Depends on the selection only: re-running on every new row would yank the scroll position.
  }, [selectedId])

  const moveTo = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index))
    setActiveIndex(clamped)
    virtualizer.scrollToIndex(clamped, { align: "auto" })
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (rows.length === 0) return
    if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      const exchange = rows[activeIndex]
      const row = exchange && document.getElementById(`row-${exchange.id}`)
      if (!exchange || !row) return
      event.preventDefault()
      const box = row.getBoundingClientRect()
      openMenu(exchange, box.left + 24, box.bottom)
      return
    }
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => activeIndex >= 0 && selectExchange(rows[activeIndex].id)
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  const activeId = rows[activeIndex]?.id
  return (
    <div className="traffic" data-testid="traffic-table">
      <div
        ref={scrollRef}
        className="traffic-scroll"
        role="grid"
        aria-label="Traffic"
        aria-rowcount={rows.length}
        aria-activedescendant={activeId === undefined ? undefined : `row-${activeId}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="traffic-row header" role="row">
          {COLUMNS.map((title) => (
            <ColumnHeader
              key={title}
              title={title}
              sort={sort}
              onSort={(column) => setSort(nextSort(sort, column))}
            />
          ))}
        </div>
        {rows.length === 0 && (
          <div className="empty">
            {narrowed
              ? "No exchange matches the filter."
              : "No API traffic yet. Use the page, or import a HAR file (Import, or drop it here)."}
          </div>
        )}
        <div className="traffic-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const exchange = rows[item.index]
            const selected = exchange.id === selectedId
            return (
              <div
                key={exchange.id}
                id={`row-${exchange.id}`}
                role="row"
                aria-rowindex={item.index + 1}
                aria-selected={selected}
                tabIndex={-1}
                className={`traffic-row${selected ? " selected" : ""}${item.index === activeIndex ? " active" : ""}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="traffic-row"
                data-exchange-id={exchange.id}
                onClick={() => {
                  setActiveIndex(item.index)
                  selectExchange(exchange.id)
                }}
                onContextMenu={(event) => {
                  event.preventDefault()
                  setActiveIndex(item.index)
                  openMenu(exchange, event.clientX, event.clientY)
                }}
              >
                <Row exchange={exchange} />
              </div>
            )
          })}
        </div>
      </div>
      {menu && <RowMenu exchange={menu.exchange} x={menu.x} y={menu.y} onClose={closeMenu} />}
    </div>
  )
}
