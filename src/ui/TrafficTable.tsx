/**
 * The Traffic table: every exchange (filtered), virtualized so 50k rows scroll smoothly.
 * Keyboard: ↑/↓ move the active row, Enter selects it, Home/End jump. The header's context menu
 * hides and shows columns; a column's right edge is dragged (or focused and moved with ←/→) to
 * resize it, as in DevTools' Network panel.
 */
import {
  Fragment,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentProps,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode
} from "react"

import { isContextEvidence } from "../core/findings/finding-evidence"
import { SEVERITY_MARK, type Exchange, type Finding } from "../core/model"
import {
  findingsByExchange,
  lineageByExchange,
  selectLostUpdateWrites,
  selectResourceByKey,
  selectCaptureHasUsers,
  selectExchangeUser,
  selectFilteredExchanges
} from "../store/selectors"
import { preconditionText, tagText, versionCell } from "./format"
import { ColumnMenu } from "./ColumnMenu"
import { usePanel, usePanelStore } from "./panel-context"
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
import {
  columnWidth,
  gridTemplateOf,
  tableMinWidth,
  visibleColumns,
  withColumnWidth,
  type TrafficColumn,
  type TrafficColumnId
} from "../store/traffic-columns"

const ROW_HEIGHT = 20

/** One ←/→ press on a column's edge moves it by this much (px). */
const RESIZE_KEY_STEP = 8

/** The rows the grid shows at once, less one, at least one: how far PageUp/PageDown move. */
function pageOfRows(grid: Element): number {
  return Math.max(1, Math.floor(grid.clientHeight / ROW_HEIGHT) - 1)
}

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

/** A data cell of the grid: `cell <kind>`, and the `gridcell` role every one of them needs. */
function GridCell({
  kind,
  ...rest
}: { readonly kind: string } & Omit<ComponentProps<"span">, "className" | "role">) {
  return <span className={`cell ${kind}`} role="gridcell" {...rest} />
}

/** The version the exchange read, or the one a write was based on and the one it made (the lineage's words). */
function VersionCellView({ exchange }: { readonly exchange: Exchange }) {
  // Select the stable lineage entry; the cell's words are derived from it on render.
  const place = usePanel((state) => lineageByExchange(state.snapshot).get(exchange.id))
  const cell = versionCell(
    place,
    exchange,
    usePanel((state) => selectLostUpdateWrites(state.snapshot.findings)),
    // What a lost update overwrote is named by the version it made: the resource's versions tell.
    usePanel((state) => selectResourceByKey(state, place?.key))
  )
  return (
    <GridCell kind={`mono version ${cell.tone}`} title={cell.title} data-testid="version-cell">
      {cell.text}
    </GridCell>
  )
}

/** Who sent the exchange, where the capture's requests name two or more users (its column shows only then). */
function UserCellView({ exchange }: { readonly exchange: Exchange }) {
  const user = usePanel((state) => selectExchangeUser(state.snapshot, exchange))
  return (
    <GridCell kind="user" title={user} data-testid="user-cell">
      {user}
    </GridCell>
  )
}

/** Each column's cell for an exchange. */
const CELLS: Record<TrafficColumnId, (exchange: Exchange) => ReactNode> = {
  "#": (exchange) =>
    exchange.origin === "replay" ? (
      // Sent by ETag Lens, not by the page: the lineage says "↻ replay" too.
      <GridCell kind="num replayed" title={`#${exchange.id}: a replay sent from this panel`}>
        <span aria-hidden="true">↻ </span>
        {exchange.id}
        <span className="visually-hidden"> (replay)</span>
      </GridCell>
    ) : (
      <GridCell kind="num">{exchange.id}</GridCell>
    ),
  Method: (exchange) =>
    // A POST standing for another method (X-HTTP-Method), or a query POST, shows the method it was
    // judged as; "via POST" gives way first when the column is narrow.
    exchange.sentMethod === undefined ? (
      <GridCell kind="method">{exchange.method}</GridCell>
    ) : (
      <GridCell kind="method sent-as" title={`sent as ${exchange.sentMethod}`}>
        <span className="judged-method">{exchange.method}</span>
        <span className="muted sent-method"> via {exchange.sentMethod}</span>
      </GridCell>
    ),
  URL: (exchange) => (
    <GridCell kind="url" title={exchange.url}>
      {pathOf(exchange.url)}
    </GridCell>
  ),
  Status: (exchange) => (
    <GridCell kind={statusClassName(exchange.status)}>{exchange.status || "(failed)"}</GridCell>
  ),
  User: (exchange) => <UserCellView exchange={exchange} />,
  Version: (exchange) => <VersionCellView exchange={exchange} />,
  Precondition: (exchange) => {
    const sent = preconditionText(exchange.precondition)
    return (
      <GridCell kind="mono" title={sent}>
        {sent}
      </GridCell>
    )
  },
  Tag: (exchange) => {
    const { tag } = tagText(exchange.responseTags)
    return (
      <GridCell kind="mono" title={tag}>
        {tag}
      </GridCell>
    )
  },
  Source: (exchange) => <GridCell kind="source">{tagText(exchange.responseTags).source}</GridCell>,
  Findings: (exchange) => (
    <GridCell kind="badges">
      <Badges exchange={exchange} />
    </GridCell>
  )
}

function Row({
  exchange,
  columns
}: {
  readonly exchange: Exchange
  readonly columns: readonly TrafficColumn[]
}) {
  return (
    <>
      {columns.map((column) => (
        <Fragment key={column.id}>{CELLS[column.id](exchange)}</Fragment>
      ))}
    </>
  )
}

/**
 * A column's right edge: drag it (or focus it and use ←/→) to resize the column; a double click
 * puts its width back. Saved with the settings when a drag ends.
 */
function ColumnResizer({ column }: { readonly column: TrafficColumn }) {
  const store = usePanelStore()
  const width = usePanel((state) => columnWidth(state.settings.trafficColumns, column))
  const drag = useRef<{ readonly startX: number; readonly startWidth: number }>()
  const resize = (next: number | undefined, save: boolean) => {
    const { settings, arrangeTrafficColumns } = store.getState()
    void arrangeTrafficColumns(withColumnWidth(settings.trafficColumns, column.id, next), save)
  }
  /** The width the column has on screen (URL may fill more than its least width). */
  const shownWidth = (element: Element) => element.parentElement?.getBoundingClientRect().width || width
  const follow = (event: PointerEvent<HTMLSpanElement>, save: boolean) => {
    if (drag.current) resize(drag.current.startWidth + event.clientX - drag.current.startX, save)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLSpanElement>) => {
    const step = { ArrowLeft: -RESIZE_KEY_STEP, ArrowRight: RESIZE_KEY_STEP }[event.key]
    if (step !== undefined) resize(shownWidth(event.currentTarget) + step, true)
    else if (event.key === "Enter") resize(undefined, true)
    else return
    // The grid's own keys (row moves) stay out of it.
    event.preventDefault()
    event.stopPropagation()
  }
  return (
    <span
      className="column-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={`${column.id} column width`}
      aria-valuenow={Math.round(width)}
      tabIndex={0}
      title="Drag to resize; double-click to reset"
      data-testid={`resize-${column.id === "#" ? "id" : column.id.toLowerCase()}`}
      onPointerDown={(event) => {
        drag.current = { startX: event.clientX, startWidth: shownWidth(event.currentTarget) }
        event.currentTarget.setPointerCapture?.(event.pointerId)
        event.preventDefault() // no text selection while dragging
      }}
      onPointerMove={(event) => follow(event, false)}
      onPointerUp={(event) => {
        if (!drag.current) return
        follow(event, true)
        drag.current = undefined
        event.currentTarget.releasePointerCapture?.(event.pointerId)
      }}
      // As the splitter: a drag the browser cancelled ends where it was last shown, saved.
      onPointerCancel={() => {
        if (!drag.current) return
        drag.current = undefined
        resize(width, true)
      }}
      onDoubleClick={() => resize(undefined, true)}
      onKeyDown={onKeyDown}
    />
  )
}

/** A column title; the sortable ones are buttons that sort by them (aria-sort says how). */
function ColumnHeader({
  column,
  sort,
  onSort
}: {
  readonly column: TrafficColumn
  readonly sort: TrafficSort
  readonly onSort: (column: SortColumn) => void
}) {
  const title = column.id
  if (!SORTABLE_COLUMNS.has(title))
    return (
      <span className="cell" role="columnheader" title={column.description}>
        {title}
        <ColumnResizer column={column} />
      </span>
    )
  const active = sort.column === title
  const direction = sort.descending ? "descending" : "ascending"
  return (
    <span className="cell" role="columnheader" aria-sort={active ? direction : "none"}>
      <button
        type="button"
        className="sort-button"
        title={`${column.description}. Click to sort by ${title}.`}
        data-testid={`sort-${title === "#" ? "id" : title.toLowerCase()}`}
        onClick={() => onSort(title as SortColumn)}
      >
        {title}
        {active && (sort.column !== "#" || sort.descending) ? (sort.descending ? " ▾" : " ▴") : ""}
      </button>
      <ColumnResizer column={column} />
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
  // The active row is an exchange, not a position: arriving, evicted or re-filtered rows shift positions.
  const activeId = usePanel((state) => state.trafficActiveId)
  const setActiveId = usePanel((state) => state.setTrafficActive)
  const activeIndex = useMemo(
    () => (activeId === undefined ? -1 : rows.findIndex((exchange) => exchange.id === activeId)),
    [rows, activeId]
  )
  const layout = usePanel((state) => state.settings.trafficColumns)
  const withUsers = usePanel((state) => selectCaptureHasUsers(state.snapshot))
  const columns = useMemo(() => visibleColumns(layout, withUsers), [layout, withUsers])
  const [menu, setMenu] = useState<{ exchange: Exchange; x: number; y: number }>()
  const [columnMenu, setColumnMenu] = useState<{ x: number; y: number }>()
  const openMenu = (exchange: Exchange, x: number, y: number) => {
    selectExchange(exchange.id)
    setMenu({ exchange, x, y })
  }
  const closeMenu = useCallback(() => {
    setMenu(undefined)
    scrollRef.current?.focus()
  }, [])
  const closeColumnMenu = useCallback(() => {
    setColumnMenu(undefined)
    scrollRef.current?.focus()
  }, [])
  const onHeaderKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ContextMenu" && !(event.key === "F10" && event.shiftKey)) return
    // The header's menu, not the active row's.
    event.preventDefault()
    event.stopPropagation()
    const box = (event.target as Element).getBoundingClientRect()
    setColumnMenu({ x: box.left, y: box.bottom })
  }

  // Keep the active row on the selected exchange when selection comes from another view.
  useEffect(() => {
    if (selectedId === undefined) return
    const index = rows.findIndex((exchange) => exchange.id === selectedId)
    if (index >= 0) {
      setActiveId(selectedId)
      virtualizer.scrollToIndex(index, { align: "auto" })
    }
    // Depends on the selection only: re-running on every new row would yank the scroll position.
  }, [selectedId])

  const moveTo = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index))
    setActiveId(rows[clamped].id)
    virtualizer.scrollToIndex(clamped, { align: "auto" })
  }
  const header = useRef<HTMLDivElement>(null)
  const onKeyDown = (event: KeyboardEvent) => {
    // The header's sort buttons keep their keys: Enter sorts there, it does not select a row.
    if (rows.length === 0 || header.current?.contains(event.target as Node)) return
    if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      const exchange = rows[activeIndex]
      if (!exchange) return
      event.preventDefault()
      const row = document.getElementById(`row-${exchange.id}`)
      if (row) {
        const box = row.getBoundingClientRect()
        openMenu(exchange, box.left + 24, box.bottom)
        return
      }
      // Scrolled out of view, the row is not rendered (the list is virtual): brought back, and the
      // menu opens below the header.
      virtualizer.scrollToIndex(activeIndex, { align: "auto" })
      const grid = event.currentTarget.getBoundingClientRect()
      openMenu(exchange, grid.left + 24, grid.top + 2 * ROW_HEIGHT)
      return
    }
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      // A page is the rows the list shows (less one, so the last row seen stays in view).
      PageDown: () => moveTo(activeIndex + pageOfRows(event.currentTarget)),
      PageUp: () => moveTo(activeIndex - pageOfRows(event.currentTarget)),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => activeIndex >= 0 && selectExchange(rows[activeIndex].id)
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  return (
    <div
      className="traffic"
      data-testid="traffic-table"
      style={
        {
          "--traffic-columns": gridTemplateOf(layout, withUsers),
          "--traffic-min-width": `${tableMinWidth(layout, withUsers)}px`
        } as CSSProperties
      }
    >
      <div
        ref={scrollRef}
        className="traffic-scroll"
        role="grid"
        aria-label="Traffic"
        // The header row counts (ARIA grid): data rows are numbered from 2.
        aria-rowcount={rows.length + 1}
        aria-activedescendant={activeIndex < 0 ? undefined : `row-${activeId}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div
          ref={header}
          className="traffic-row header"
          role="row"
          aria-rowindex={1}
          data-testid="traffic-header"
          onContextMenu={(event) => {
            event.preventDefault()
            setColumnMenu({ x: event.clientX, y: event.clientY })
          }}
          onKeyDown={onHeaderKeyDown}
        >
          {columns.map((column) => (
            <ColumnHeader
              key={column.id}
              column={column}
              sort={sort}
              onSort={(sortColumn) => setSort(nextSort(sort, sortColumn))}
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
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                tabIndex={-1}
                className={`traffic-row${selected ? " selected" : ""}${item.index === activeIndex ? " active" : ""}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="traffic-row"
                data-exchange-id={exchange.id}
                onClick={() => {
                  setActiveId(exchange.id)
                  selectExchange(exchange.id)
                }}
                onContextMenu={(event) => {
                  event.preventDefault()
                  setActiveId(exchange.id)
                  openMenu(exchange, event.clientX, event.clientY)
                }}
              >
                <Row exchange={exchange} columns={columns} />
              </div>
            )
          })}
        </div>
      </div>
      {menu && <RowMenu exchange={menu.exchange} x={menu.x} y={menu.y} onClose={closeMenu} />}
      {columnMenu && <ColumnMenu x={columnMenu.x} y={columnMenu.y} onClose={closeColumnMenu} />}
    </div>
  )
}
