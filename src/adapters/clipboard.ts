/**
 * Copy text from the panel: the asynchronous Clipboard API, else the older copy command, which a
 * DevTools panel frame still honours when the API refuses it (a frame without focus rejects
 * `writeText` with "Document is not focused").
 */
export interface ClipboardEnvironment {
  readonly clipboard?: Pick<Clipboard, "writeText">
  readonly document: Pick<Document, "createElement" | "execCommand"> & { readonly body: HTMLElement }
}

/** Resolves true when the text reached the clipboard by either way, false when both refused. */
export async function copyToClipboard(text: string, environment: ClipboardEnvironment): Promise<boolean> {
  try {
    if (environment.clipboard !== undefined) {
      await environment.clipboard.writeText(text)
      return true
    }
  } catch {
    // Refused: try the copy command below.
  }
  const area = environment.document.createElement("textarea")
  area.value = text
  area.setAttribute("readonly", "")
  area.style.position = "fixed"
  area.style.opacity = "0"
  environment.document.body.append(area)
  area.select()
  try {
    return environment.document.execCommand("copy")
  } catch {
    return false
  } finally {
    area.remove()
  }
}
