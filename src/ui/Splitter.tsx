/**
 * The bar between the view and the detail pane: drag it (or focus it and use the arrow keys) to
 * give the detail pane more or less room, as in DevTools' own panels; a double click (or Enter)
 * puts it back. The share is saved with the settings when a drag ends.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react"

import { DETAIL_PANE_SHARE } from "../store/layout"
import { usePanel } from "./panel-context"

/** One arrow key press moves the bar by this share of the panel. */
const KEY_STEP = 0.05

/** When the detail pane goes below the view: the same query as panel.css's narrow layout. */
const STACKED_QUERY = "(max-width: 760px)"

function useStacked(): boolean {
  const [stacked, setStacked] = useState(() => window.matchMedia?.(STACKED_QUERY).matches ?? false)
  useEffect(() => {
    const query = window.matchMedia?.(STACKED_QUERY)
    if (!query) return
    const update = () => setStacked(query.matches)
    query.addEventListener("change", update)
    // The width may have crossed the query between the first render and now (DevTools still
    // sizing a panel just shown), with no change event left to say so.
    update()
    return () => query.removeEventListener("change", update)
  }, [])
  return stacked
}

export function Splitter() {
  const share = usePanel((state) => state.settings.detailPaneShare)
  const resize = usePanel((state) => state.resizeDetailPane)
  const bar = useRef<HTMLDivElement>(null)
  const dragging = useRef(false)
  const stacked = useStacked()

  /** The detail pane's share if the bar were at the pointer: the room from there to the far edge. */
  const shareAt = (event: PointerEvent<HTMLDivElement>): number | undefined => {
    const body = bar.current?.closest(".panel-body")
    if (!body) return undefined
    const rect = body.getBoundingClientRect()
    if (stacked) return rect.height > 0 ? (rect.bottom - event.clientY) / rect.height : undefined
    return rect.width > 0 ? (rect.right - event.clientX) / rect.width : undefined
  }
  const follow = (event: PointerEvent<HTMLDivElement>, save: boolean) => {
    const next = shareAt(event)
    if (next !== undefined) void resize(next, save)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The bar moves with the key: left (or up) gives the detail pane more room.
    const step = { ArrowLeft: KEY_STEP, ArrowUp: KEY_STEP, ArrowRight: -KEY_STEP, ArrowDown: -KEY_STEP }[
      event.key
    ]
    if (step !== undefined) void resize(share + step, true)
    else if (event.key === "Enter") void resize(DETAIL_PANE_SHARE.initial, true)
    else return
    event.preventDefault()
  }

  return (
    <div
      ref={bar}
      className="splitter"
      role="separator"
      aria-orientation={stacked ? "horizontal" : "vertical"}
      aria-label="Detail pane size"
      aria-controls="detail-pane"
      aria-valuemin={DETAIL_PANE_SHARE.min * 100}
      aria-valuemax={DETAIL_PANE_SHARE.max * 100}
      aria-valuenow={Math.round(share * 100)}
      tabIndex={0}
      title="Drag to resize the detail pane; double-click to reset"
      data-testid="splitter"
      onPointerDown={(event) => {
        dragging.current = true
        event.currentTarget.setPointerCapture?.(event.pointerId)
        event.preventDefault() // no text selection while dragging
      }}
      onPointerMove={(event) => dragging.current && follow(event, false)}
      onPointerUp={(event) => {
        if (!dragging.current) return
        dragging.current = false
        event.currentTarget.releasePointerCapture?.(event.pointerId)
        follow(event, true)
      }}
      // The browser took the pointer (a touch turned into a scroll, the window lost it): the drag
      // ends where it was last shown, saved, instead of following the next move without a press.
      onPointerCancel={() => {
        if (!dragging.current) return
        dragging.current = false
        void resize(share, true)
      }}
      onDoubleClick={() => void resize(DETAIL_PANE_SHARE.initial, true)}
      onKeyDown={onKeyDown}
    />
  )
}
