/**
 * A context menu as DevTools draws one: at the pointer (moved inside near the panel's edges), the
 * first item focused, ↑/↓/Home/End between items, Escape or Tab or a click elsewhere closes it.
 * The items are the children: buttons with role menuitem or menuitemcheckbox.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from "react"

export interface MenuPlace {
  /** Where to open, in the panel's viewport. */
  readonly x: number
  readonly y: number
  readonly onClose: () => void
}

const ITEMS = '[role="menuitem"]:not(:disabled), [role="menuitemcheckbox"]:not(:disabled)'

export function ContextMenu({
  x,
  y,
  onClose,
  label,
  testId,
  children
}: MenuPlace & { readonly label: string; readonly testId: string; readonly children: ReactNode }) {
  const menu = useRef<HTMLDivElement>(null)

  // Near the panel's right or bottom edge, open towards the inside so that every item shows.
  useLayoutEffect(() => {
    const element = menu.current
    if (!element) return
    const box = element.getBoundingClientRect()
    element.style.left = `${Math.max(0, Math.min(x, innerWidth - box.width - 4))}px`
    element.style.top = `${Math.max(0, Math.min(y, innerHeight - box.height - 4))}px`
  }, [x, y])

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>(ITEMS)?.focus()
    const closeOutside = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose()
    }
    document.addEventListener("mousedown", closeOutside)
    return () => document.removeEventListener("mousedown", closeOutside)
  }, [onClose])

  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])]
    const at = buttons.indexOf(document.activeElement as HTMLElement)
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: buttons.length - 1
    }
    if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault()
      // Not on to DevTools, which would also open or close its Console drawer on Escape.
      event.stopPropagation()
      onClose()
    } else if (event.key in moves) {
      event.preventDefault()
      buttons[(moves[event.key] + buttons.length) % buttons.length]?.focus()
    }
  }

  return (
    <div
      ref={menu}
      className="context-menu"
      role="menu"
      aria-label={label}
      data-testid={testId}
      style={{ left: x, top: y }}
      onKeyDown={onKeyDown}
    >
      {children}
    </div>
  )
}
