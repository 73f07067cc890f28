import { useEffect, useRef } from "react"

/**
 * Brings an answer into view when it arrives: the Replay tab's form is taller than the pane, so a
 * verdict would otherwise land below the fold. Keyed on the answer, so a re-render of the same
 * answer does not move the user's scroll position.
 */
export function useRevealed<Element extends HTMLElement>(answer: unknown) {
  const ref = useRef<Element>(null)
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: "nearest" })
  }, [answer])
  return ref
}
