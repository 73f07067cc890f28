/**
 * The traffic row's context menu, as DevTools' Network panel has one: copy the request as curl or
 * fetch (secrets redacted), copy its URL or its response, open its lineage, replay it or check
 * protection (writes).
 * Opened by a right click, or from the keyboard (the ContextMenu key, Shift+F10) on the active row.
 */
import { redactBodyText, redactUrl } from "../core/export/redact"
import { snippetRequestOf, toCurl, toFetch } from "../core/export/snippets"
import { isStateChangingMethod } from "../core/http/methods"
import type { Exchange } from "../core/model"
import { ContextMenu, type MenuPlace } from "./ContextMenu"
import { useCapabilities, usePanel, usePanelStore } from "./panel-context"

export interface RowMenuProps extends MenuPlace {
  readonly exchange: Exchange
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
    // The answer's body as recorded (secret fields such as access_token redacted), as DevTools'
    // "Copy response"; none when the body was not kept (binary, over the size limit).
    const response = exchange.responseBody
    if (response?.text !== undefined && response.text !== "") {
      const text = response.text
      items.push({
        id: "copy-response",
        label: "Copy response",
        run: () => void copyText(redactBodyText(text, response.mimeType))
      })
    }
  }
  if (resourceKey !== undefined) {
    items.push({
      id: "show-lineage",
      label: "Show lineage",
      run: () => {
        // The exchange's resource, with this exchange (not the resource's last) still selected.
        store.getState().selectExchange(exchange.id)
        store.getState().setView("resources")
      }
    })
  }
  // An RPC call (GraphQL, …) writes to no resource with versions: nothing to replay with a tag.
  if (isStateChangingMethod(exchange.method) && exchange.kind !== "rpc") {
    items.push(
      { id: "replay", label: "Replay…", run: () => store.getState().openReplay(exchange.id) },
      {
        id: "check-protection",
        label: "Check protection…",
        run: () => store.getState().openReplay(exchange.id, "check-protection")
      }
    )
  }

  return (
    <ContextMenu x={x} y={y} onClose={onClose} label={`#${exchange.id} ${exchange.method}`} testId="row-menu">
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
    </ContextMenu>
  )
}
