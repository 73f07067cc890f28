/** What the virtualized lists (Traffic, Resources) share. */
import { observeElementRect, type Virtualizer } from "@tanstack/react-virtual"

/** Viewport height assumed until the browser measures one (and in DOM-less test environments). */
const FALLBACK_HEIGHT = 600

export function observeWithFallback(
  instance: Virtualizer<HTMLDivElement, Element>,
  callback: (rect: { width: number; height: number }) => void
) {
  return observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 800, height: FALLBACK_HEIGHT })
  )
}
