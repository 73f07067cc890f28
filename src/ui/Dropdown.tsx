/**
 * A toolbar dropdown (Method, Status, Export): a `<details>` that also closes as DevTools' menus do,
 * on a click elsewhere and on Escape (which then goes no further: DevTools would open or close its
 * Console drawer on it). Choices inside do not close it, so several filters can be ticked at once.
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react"

export function Dropdown({
  summary,
  className,
  testId,
  children
}: {
  readonly summary: ReactNode
  readonly className?: string
  readonly testId?: string
  readonly children: ReactNode
}) {
  const details = useRef<HTMLDetailsElement>(null)
  useEffect(() => {
    const closeOutside = (event: MouseEvent) => {
      const element = details.current
      if (element?.open && !element.contains(event.target as Node)) element.open = false
    }
    document.addEventListener("mousedown", closeOutside)
    return () => document.removeEventListener("mousedown", closeOutside)
  }, [])
  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    const element = details.current
    if (event.key !== "Escape" || !element?.open) return
    event.preventDefault()
    event.stopPropagation()
    element.open = false
    element.querySelector("summary")?.focus()
  }
  return (
    <details
      ref={details}
      className={className === undefined ? "dropdown" : `dropdown ${className}`}
      data-testid={testId}
      onKeyDown={onKeyDown}
    >
      <summary>{summary}</summary>
      <div className="dropdown-menu">{children}</div>
    </details>
  )
}
