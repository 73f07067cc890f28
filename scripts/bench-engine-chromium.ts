/**
 * The engine next to the `JSON.parse` that fed it, in headless Chromium: the runtime the ETags
 * panel runs the engine in (V8 of the browser, not of Node). A plain page fetches the HAR text from
 * a loopback server, times `JSON.parse` of it, then ingest + findings + snapshot of the parsed
 * entries, with performance.now() (wall time: a page has no CPU clock). One fresh browser per run.
 * Prints a Markdown section and appends it to bench-out/chromium-engine.md.
 *   npx tsx scripts/bench-engine-chromium.ts [--runs 5] [file.har …]
 * Defaults to the two captures `npm run bench` generates (lean and recorded, 100k entries).
 */
import { appendFileSync, createReadStream, existsSync, statSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { loadavg } from "node:os"
import { parseArgs } from "node:util"

import { build } from "esbuild"
import puppeteer from "puppeteer-core"

import { CHROMIUM_EXECUTABLE } from "../tests/e2e/support/chromium"

const OUT_DIR = "bench-out"
const REPORT = `${OUT_DIR}/chromium-engine.md`
const DEFAULT_FILES = [`${OUT_DIR}/capture-100k.har`, `${OUT_DIR}/capture-100k-recorded.har`]

interface PageRun {
  readonly parseMs: number
  readonly engineMs: number
  readonly entries: number
  readonly resources: number
  readonly findings: number
}

/** The page: the same measurement as `npm run bench`'s step (e), in the browser's clock. */
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { createEngine } from "/engine.js"
window.measure = async () => {
  const text = await (await fetch("/capture.har")).text()
  let started = performance.now()
  const entries = JSON.parse(text).log.entries
  const parseMs = performance.now() - started
  started = performance.now()
  const engine = createEngine({ maxExchanges: 10000000 })
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  const engineMs = performance.now() - started
  return { parseMs, engineMs, entries: entries.length, resources: snapshot.resources.length, findings: snapshot.findings.length }
}
window.ready = true
</script>`

/** The core engine as one browser module, bundled the way the extension bundles it (minified). */
async function engineBundle(): Promise<string> {
  const result = await build({
    entryPoints: ["src/core/engine.ts"],
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: true,
    write: false
  })
  return result.outputFiles[0].text
}

function serve(engineCode: string, harFile: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === "/") {
      response.setHeader("content-type", "text/html; charset=utf-8")
      response.end(PAGE)
    } else if (request.url === "/engine.js") {
      response.setHeader("content-type", "text/javascript; charset=utf-8")
      response.end(engineCode)
    } else if (request.url === "/capture.har") {
      response.setHeader("content-type", "application/json")
      createReadStream(harFile).pipe(response)
    } else {
      response.statusCode = 404
      response.end()
    }
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)))
}

async function runInFreshBrowser(origin: string): Promise<PageRun> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
  })
  try {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await page.waitForFunction("window.ready === true")
    // Sent as source text, like bench-panel.ts: tsx would wrap a function in helpers the page lacks.
    return (await page.evaluate("window.measure()")) as PageRun
  } finally {
    await browser.close()
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function measureFile(harFile: string, engineCode: string, runs: number): Promise<string> {
  const server = await serve(engineCode, harFile)
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const all: PageRun[] = []
  try {
    for (let run = 0; run < runs; run++) {
      const measured = await runInFreshBrowser(origin)
      all.push(measured)
      process.stderr.write(
        `  ${harFile}: parse ${measured.parseMs.toFixed(0)} ms, engine ${measured.engineMs.toFixed(0)} ms\n`
      )
    }
  } finally {
    server.close()
  }
  const ratios = all.map((run) => run.engineMs / run.parseMs)
  const first = all[0]
  const consistent = all.every((run) => run.resources === first.resources && run.findings === first.findings)
  return [
    `\`${harFile}\` (${(statSync(harFile).size / 2 ** 20).toFixed(1)} MiB, ${first.entries} entries), ${runs} runs:`,
    "",
    "| in one page | median | every run |",
    "| --- | ---: | --- |",
    `| JSON.parse of the text | ${median(all.map((run) => run.parseMs)).toFixed(0)} ms | ${all.map((run) => run.parseMs.toFixed(0)).join(", ")} |`,
    `| engine on the parsed entries | ${median(all.map((run) => run.engineMs)).toFixed(0)} ms | ${all.map((run) => run.engineMs.toFixed(0)).join(", ")} |`,
    `| engine ÷ JSON.parse | ${median(ratios).toFixed(2)}× | ${ratios.map((ratio) => `${ratio.toFixed(2)}×`).join(", ")} |`,
    "",
    consistent
      ? `${first.resources} resources, ${first.findings} findings in every run.`
      : `Runs disagree on resources or findings: ${all.map((run) => `${run.resources}/${run.findings}`).join(", ")}.`
  ].join("\n")
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: "string", default: "5" } }
  })
  const runs = Math.max(1, Number(values.runs))
  const files = positionals.length > 0 ? positionals : DEFAULT_FILES
  const missing = files.filter((file) => !existsSync(file))
  if (missing.length > 0) {
    throw new Error(`no such capture: ${missing.join(", ")} (npm run bench generates the defaults)`)
  }
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: ["--no-sandbox"]
  })
  const version = await browser.version()
  await browser.close()
  const engineCode = await engineBundle()
  const sections: string[] = [
    `### The engine next to JSON.parse in Chromium — ${new Date().toISOString()}`,
    "",
    `${version}, headless; load average ${loadavg()[0].toFixed(2)} at start. Wall time in the page (performance.now); one fresh browser per run.`
  ]
  for (const file of files) sections.push("", await measureFile(file, engineCode, runs))
  const report = `${sections.join("\n")}\n\n`
  appendFileSync(REPORT, report)
  process.stdout.write(report)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-engine-chromium: ${(error as Error).message}\n`)
  process.exitCode = 1
})
