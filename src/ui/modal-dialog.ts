/**
 * What a modal dialog does from the keyboard, as DevTools' own dialogs do: focus moves into it when
 * it opens (the element marked `data-autofocus`, else the first field or button), Tab and Shift+Tab
 * stay inside it, Escape closes it, and focus goes back to what had it before.
 *
 * Escape stops at the dialog: DevTools listens for it on the panel's document (to open or close its
 * Console drawer), and the same key must not do both.
 */
import { useEffect, useRef, type KeyboardEvent } from "react"

const FOCUSABLE =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])'

export function useModalDialog<Dialog extends HTMLElement>(onClose: () => void) {
  const ref = useRef<Dialog>(null)
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    const dialog = ref.current
    const first =
      dialog?.querySelector<HTMLElement>("[data-autofocus]") ?? dialog?.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
    return () => {
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent<Dialog>) => {
    if (event.key === "Escape") {
      event.preventDefault()
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key !== "Tab") return
    const focusable = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])]
    if (focusable.length === 0) return
    const [first, last] = [focusable[0], focusable[focusable.length - 1]]
    const wrapTo = event.shiftKey
      ? document.activeElement === first && last
      : document.activeElement === last && first
    if (wrapTo) {
      event.preventDefault()
      wrapTo.focus()
    }
  }
  return { ref, onKeyDown }
}
