/**
 * The keys of an ARIA tab list (WAI-ARIA Authoring Practices, "Tabs"): ← and → move to the tab before
 * and after (wrapping), Home and End to the first and last.
 */
import type { KeyboardEvent } from "react"

/** The tab a key moves to from `current`, or undefined for any other key. */
export function tabAfterKey<T>(event: KeyboardEvent, order: readonly T[], current: T): T | undefined {
  const at = order.indexOf(current)
  if (event.key === "ArrowRight") return order[(at + 1) % order.length]
  if (event.key === "ArrowLeft") return order[(at - 1 + order.length) % order.length]
  if (event.key === "Home") return order[0]
  if (event.key === "End") return order[order.length - 1]
  return undefined
}
