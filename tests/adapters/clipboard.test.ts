// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest"

import { copyToClipboard, type ClipboardEnvironment } from "../../src/adapters/clipboard"

/** The page's document, with a copy command that records what was selected when it ran. */
function environment(clipboard: ClipboardEnvironment["clipboard"], commandWorks = true) {
  const copied: string[] = []
  const execCommand = vi.fn(() => {
    const area = document.querySelector("textarea")
    if (commandWorks && area) copied.push(area.value)
    return commandWorks
  })
  const env: ClipboardEnvironment = {
    clipboard,
    document: { createElement: document.createElement.bind(document), execCommand, body: document.body }
  }
  return { env, copied, execCommand }
}

describe("copyToClipboard", () => {
  it("uses the Clipboard API when it accepts", async () => {
    const writeText = vi.fn(() => Promise.resolve())
    const { env, execCommand } = environment({ writeText })
    expect(await copyToClipboard("report", env)).toBe(true)
    expect(writeText).toHaveBeenCalledWith("report")
    expect(execCommand).not.toHaveBeenCalled()
  })

  it("falls back to the copy command when the API refuses (a frame without focus), and cleans up", async () => {
    const writeText = vi.fn(() => Promise.reject(new DOMException("Document is not focused.")))
    const { env, copied } = environment({ writeText })
    expect(await copyToClipboard("report", env)).toBe(true)
    expect(copied).toEqual(["report"])
    expect(document.querySelector("textarea")).toBeNull()
  })

  it("says false when both ways refuse", async () => {
    const { env } = environment(undefined, false)
    expect(await copyToClipboard("report", env)).toBe(false)
    expect(document.querySelector("textarea")).toBeNull()
  })
})
