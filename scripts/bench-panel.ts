/**
 * Panel ingestion benchmark: a generated 50k-exchange HAR (scripts/generate-har.ts) imported into
 * the real ETags panel in headless Chromium through the toolbar's Import button. Measured inside the
 * panel frame (performance.now): import start (the file input's change event) → notice shown, first
 * table rows rendered, status bar count shown, import done (the batched import's summary notice); then jumping the virtualized table to its last row;
 * and the panel frame's JS heap after GC (CDP) before and after. One fresh browser per setting of
 * "Exchanges kept" (default 20,000, and 50,000 so every exchange stays in the table).
 * Prints a Markdown table and appends it to bench-out/panel.md.
 *   npx tsx scripts/bench-panel.ts [--entries 50000] [--keep default,50000]
 * Needs the built extension (npm run build:chrome; or ETAG_LENS_CHROME_BUILD=<dir>) and /usr/bin/chromium.
 */
import { appendFileSync, statSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import path from "node:path"
import { parseArgs } from "node:util"

import type { Frame } from "puppeteer-core"

import { launchChromium, openPanel, waitFor } from "../tests/e2e/support/chromium"
import {
  importThroughPanel,
  mib,
  panelHeap,
  panelSession,
  readStatusBar,
  setMaxExchanges
} from "../tests/e2e/support/panel-metrics"
import { ensureCapture } from "./bench-capture"

const OUT_DIR = "bench-out"
const REPORT = `${OUT_DIR}/panel.md`
const WAIT_MS = 10 * 60_000

interface PanelRun {
  readonly keep: string
  readonly exchanges: number
  readonly evicted: number
  readonly noticeMs: number
  readonly firstRowsMs: number
  readonly doneMs: number
  readonly statusCountMs: number
  readonly scrollToEndMs: number
  readonly heapBeforeBytes: number
  readonly heapAfterBytes: number
}

/**
 * Marks, in the panel frame's clock: import start, notice, first rows, status bar count.
 * Sent as source text: tsx would wrap named inner functions in a helper the frame does not have.
 */
const IMPORT_PROBE = `(() => {
  const marks = {}
  window.__importMarks = marks
  addEventListener("change", () => { marks.start = performance.now() }, { capture: true })
  new MutationObserver(() => {
    if (!marks.start) return
    const now = performance.now()
    if (!marks.notice && document.querySelector('[data-testid="notice"]')) marks.notice = now
    if (!marks.firstRows && document.querySelector('[data-testid="traffic-row"]')) marks.firstRows = now
    const status = document.querySelector('[data-testid="status-bar"]')?.textContent ?? ""
    if (!marks.statusCount && !status.startsWith("0 exchanges")) marks.statusCount = now
    // Batched import: done when the progress notice gives way to the summary.
    const notice = document.querySelector('[data-testid="notice"]')?.textContent ?? ""
    if (!marks.done && notice.includes("Imported ")) marks.done = now
  }).observe(document.body, { subtree: true, childList: true, characterData: true })
})()`

/** Jumps the virtualized table to the bottom; resolves with the ms until its last row is rendered. */
const SCROLL_TO_END = `new Promise((resolve, reject) => {
  const grid = document.querySelector('[role="grid"][aria-label="Traffic"]')
  if (!grid) return reject(new Error("no traffic table"))
  const last = grid.getAttribute("aria-rowcount")
  const started = performance.now()
  grid.scrollTop = grid.scrollHeight
  const poll = () =>
    grid.querySelector('[aria-rowindex="' + last + '"]')
      ? resolve(performance.now() - started)
      : requestAnimationFrame(poll)
  poll()
})`

const READ_MARKS = `(() => {
  const marks = window.__importMarks
  return marks.notice && marks.firstRows && marks.statusCount && marks.done ? { ...marks } : undefined
})()`

async function importMarks(frame: Frame): Promise<Record<string, number>> {
  return waitFor(
    async () => (await frame.evaluate(READ_MARKS)) as Record<string, number> | undefined,
    "the import to show its notice, rows and count, and to finish",
    WAIT_MS
  )
}

async function runOnce(harFile: string, keep: string): Promise<PanelRun> {
  const chromium = await launchChromium()
  try {
    const panel = await openPanel(chromium.page)
    if (keep !== "default") await setMaxExchanges(panel, Number(keep))
    const heap = await panelSession(chromium.browser)
    const heapBefore = await panelHeap(heap)
    await panel.frame.evaluate(IMPORT_PROBE)
    await importThroughPanel(panel, path.resolve(harFile))
    const marks = await importMarks(panel.frame)
    const counts = await readStatusBar(panel.frame)
    const scrollToEndMs = Number(await panel.frame.evaluate(SCROLL_TO_END))
    const heapAfter = await panelHeap(heap)
    return {
      keep,
      exchanges: counts.exchanges,
      evicted: counts.evicted,
      noticeMs: marks.notice - marks.start,
      firstRowsMs: marks.firstRows - marks.start,
      statusCountMs: marks.statusCount - marks.start,
      doneMs: marks.done - marks.start,
      scrollToEndMs,
      heapBeforeBytes: heapBefore.usedBytes,
      heapAfterBytes: heapAfter.usedBytes
    }
  } finally {
    await chromium.close()
  }
}

function table(harFile: string, entries: number, runs: readonly PanelRun[]): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const lines = [
    `### Panel import of ${path.basename(harFile)} (${entries} entries, ${mib(statSync(harFile).size)}) — ${new Date().toISOString()}`,
    "",
    `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}; headless Chromium; times from the file input's change event, in the panel frame.`,
    "",
    "| exchanges kept | shown / evicted | notice | first rows | status count | import done | scroll to last row | heap before → after (GC) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |"
  ]
  for (const run of runs)
    lines.push(
      `| ${run.keep} | ${run.exchanges} / ${run.evicted} | ${seconds(run.noticeMs)} | ${seconds(run.firstRowsMs)} | ` +
        `${seconds(run.statusCountMs)} | ${seconds(run.doneMs)} | ${run.scrollToEndMs.toFixed(0)} ms | ${mib(run.heapBeforeBytes)} → ${mib(run.heapAfterBytes)} |`
    )
  return `${lines.join("\n")}\n`
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { entries: { type: "string" }, keep: { type: "string" } } })
  const entries = Number(values.entries ?? "50000")
  const keeps = (values.keep ?? "default,50000").split(",").map((keep) => keep.trim())
  if (!Number.isInteger(entries) || entries <= 0)
    throw new Error("usage: bench-panel.ts [--entries N] [--keep default,50000]")
  for (const keep of keeps)
    if (keep !== "default" && !(Number.isInteger(Number(keep)) && Number(keep) >= 100))
      throw new Error(`--keep: "${keep}" is neither "default" nor a number ≥ 100`)
  const harFile = `${OUT_DIR}/capture-${Math.round(entries / 1000)}k.har`
  await ensureCapture(harFile, entries)
  const runs: PanelRun[] = []
  for (const keep of keeps) {
    process.stderr.write(`importing ${harFile} with exchanges kept = ${keep}…\n`)
    runs.push(await runOnce(harFile, keep))
  }
  const report = table(harFile, entries, runs)
  process.stdout.write(report)
  appendFileSync(REPORT, `\n${report}`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
