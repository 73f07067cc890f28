/** What the virtualized lists (Traffic, Resources) share. */
import { observeElementRect, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual"
import { useRef } from "react"

/** Viewport height assumed until the browser measures one (and in DOM-less test environments). */
const FALLBACK_HEIGHT = 600

function observeWithFallback(
  instance: Virtualizer<HTMLDivElement, Element>,
  callback: (rect: { width: number; height: number }) => void
) {
  return observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 800, height: FALLBACK_HEIGHT })
  )
}

/** Rows of one fixed height in a scroll box (`scrollRef`): only those in view (and 20 more) render. */
export function useVirtualRows(count: number, rowHeight: number) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    observeElementRect: observeWithFallback
  })
  return { scrollRef, virtualizer }
}
