/**
 * The traffic row's context menu, as DevTools' Network panel has one: copy the request as curl or
 * fetch (secrets redacted), copy its URL, open its lineage, replay it or check protection (writes).
 * Opened by a right click, or from the keyboard (the ContextMenu key, Shift+F10) on the active row.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from "react"

import { redactUrl } from "../core/export/redact"
import { snippetRequestOf, toCurl, toFetch } from "../core/export/snippets"
import { isStateChangingMethod } from "../core/http/methods"
import type { Exchange } from "../core/model"
import { useCapabilities, usePanel, usePanelStore } from "./panel-context"

export interface RowMenuProps {
  readonly exchange: Exchange
  /** Where to open, in the panel's viewport. */
  readonly x: number
  readonly y: number
  readonly onClose: () => void
}

interface MenuItem {
  readonly id: string
  readonly label: string
  readonly run: () => void
}

export function RowMenu({ exchange, x, y, onClose }: RowMenuProps) {
  const store = usePanelStore()
  const { copyText } = useCapabilities()
  const resourceKey = usePanel((state) => state.selection.resourceKey)
  const menu = useRef<HTMLDivElement>(null)

  const request = snippetRequestOf(exchange)
  const items: MenuItem[] = []
  if (copyText) {
    items.push(
      { id: "copy-curl", label: "Copy as curl", run: () => void copyText(toCurl(request)) },
      { id: "copy-fetch", label: "Copy as fetch", run: () => void copyText(toFetch(request)) },
      // The opt-in the export rules ask for, per copy: a curl that runs as the page's user.
      {
        id: "copy-curl-secrets",
        label: "Copy as curl, with secrets",
        run: () => void copyText(toCurl(request, { includeSecrets: true }))
      },
      { id: "copy-url", label: "Copy URL", run: () => void copyText(redactUrl(exchange.url)) }
    )
  }
  if (resourceKey !== undefined) {
    items.push({
      id: "show-lineage",
      label: "Show lineage",
      run: () => {
        store.getState().selectResource(resourceKey)
        store.getState().setView("resources")
      }
    })
  }
  if (isStateChangingMethod(exchange.method)) {
    items.push(
      { id: "replay", label: "Replay…", run: () => store.getState().openReplay(exchange.id) },
      {
        id: "check-protection",
        label: "Check protection…",
        run: () => store.getState().openReplay(exchange.id, "check-protection")
      }
    )
  }

  // Near the panel's right or bottom edge, open towards the inside so that every item shows.
  useLayoutEffect(() => {
    const element = menu.current
    if (!element) return
    const box = element.getBoundingClientRect()
    element.style.left = `${Math.max(0, Math.min(x, innerWidth - box.width - 4))}px`
    element.style.top = `${Math.max(0, Math.min(y, innerHeight - box.height - 4))}px`
  }, [x, y])

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const closeOutside = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose()
    }
    document.addEventListener("mousedown", closeOutside)
    return () => document.removeEventListener("mousedown", closeOutside)
  }, [onClose])

  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = buttons.indexOf(document.activeElement as HTMLElement)
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: buttons.length - 1
    }
    if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault()
      onClose()
    } else if (event.key in moves) {
      event.preventDefault()
      buttons[(moves[event.key] + buttons.length) % buttons.length]?.focus()
    }
  }

  return (
    <div
      ref={menu}
      className="row-menu"
      role="menu"
      aria-label={`#${exchange.id} ${exchange.method}`}
      data-testid="row-menu"
      style={{ left: x, top: y }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          data-testid={`row-menu-${item.id}`}
          onClick={() => {
            item.run()
            onClose()
          }}
        >
          {item.label}
        </button>
      ))}
      {copyText && (
        <p className="muted row-menu-note">Other copies redact credentials and signed-URL secrets.</p>
      )}
    </div>
  )
}
