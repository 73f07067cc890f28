/**
 * Measuring the ETags panel from outside (soak test, bad-input test, panel benchmark): the status
 * bar's counters, the panel frame's JS heap over CDP, settings and HAR import through the real UI.
 * Built on the Chromium harness (./chromium); all waits are on conditions.
 */
import type { Browser, CDPSession, Frame } from "puppeteer-core"

import { waitFor, type PanelHandle } from "./chromium"

export interface StatusCounts {
  readonly exchanges: number
  readonly evicted: number
  readonly skipped: number
  readonly text: string
}

/** Reads "1,204 exchanges · 38 evicted · 3 skipped · …" from the status bar. */
export async function readStatusBar(frame: Frame): Promise<StatusCounts> {
  const text = await frame.$eval('[data-testid="status-bar"]', (element) => element.textContent ?? "")
  const count = (label: string) => {
    const match = new RegExp(`([\\d,.\\s]+) ${label}`).exec(text)
    return match ? Number(match[1].replace(/[^\d]/g, "")) : 0
  }
  return { exchanges: count("exchanges"), evicted: count("evicted"), skipped: count("skipped"), text }
}

/** A CDP session on the panel document's own target (the extension frame runs out of process). */
export async function panelSession(browser: Browser): Promise<CDPSession> {
  const target = await waitFor(
    async () => browser.targets().find((candidate) => candidate.url().endsWith("/tabs/panel.html")),
    "the panel's CDP target"
  )
  return target.createCDPSession()
}

export interface HeapSample {
  readonly usedBytes: number
  readonly totalBytes: number
}

/** The panel frame's JS heap, after a full garbage collection when `collectGarbage` is set. */
export async function panelHeap(session: CDPSession, collectGarbage = true): Promise<HeapSample> {
  if (collectGarbage) await session.send("HeapProfiler.collectGarbage")
  const usage = await session.send("Runtime.getHeapUsage")
  return { usedBytes: usage.usedSize, totalBytes: usage.totalSize }
}

export const MiB = 1024 * 1024

export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`
}

/** Sets a field of the settings dialog by its label text, the way React sees typing. */
export async function setDialogField(frame: Frame, labelText: string, value: number | string): Promise<void> {
  const found = await frame.evaluate(
    (wanted: string, text: string) => {
      const label = [...document.querySelectorAll('[data-testid="settings"] label')].find((candidate) =>
        (candidate.textContent ?? "").includes(wanted)
      )
      const input = label?.querySelector("input")
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set
      if (!input || !setValue) return false
      setValue.call(input, text)
      input.dispatchEvent(new Event("input", { bubbles: true }))
      return true
    },
    labelText,
    String(value)
  )
  if (!found) throw new Error(`no "${labelText}" field in the settings dialog`)
}

/** Opens ⚙ Settings, sets "Exchanges kept", saves, and waits for the dialog to close. */
export async function setMaxExchanges(panel: PanelHandle, maxExchanges: number): Promise<void> {
  await panel.clickInPanel('[data-testid="open-settings"]')
  await panel.frame.waitForSelector('[data-testid="settings"]')
  await setDialogField(panel.frame, "Exchanges kept", maxExchanges)
  await panel.clickInPanel('[data-testid="save-settings"]')
  await waitFor(
    async () => (await panel.frame.$('[data-testid="settings"]')) === null,
    "the settings dialog to close"
  )
}

/** Chooses `filePath` in the toolbar's Import file input (what the Import button opens). */
export async function importThroughPanel(panel: PanelHandle, ...filePaths: string[]): Promise<void> {
  const input = await panel.frame.waitForSelector('input[data-testid="import-file"]')
  if (!input) throw new Error("the panel has no Import file input")
  await input.uploadFile(...filePaths)
}

/** The notice's text once it matches `pattern` (import results and errors are shown there). */
export async function waitForNotice(
  panel: PanelHandle,
  pattern: RegExp,
  timeoutMs = 30_000
): Promise<string> {
  let last = ""
  try {
    return await waitFor(
      async () => {
        last = await panel.frame
          .$eval('[data-testid="notice"]', (element) => element.textContent ?? "")
          .catch(() => "")
        return pattern.test(last) ? last : undefined
      },
      `a notice matching ${String(pattern)}`,
      timeoutMs
    )
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- last notice: ${last || "(none)"}`)
  }
}
