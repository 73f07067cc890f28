/**
 * `npm run bench`: how fast and how big is an audit of a ~100 MB / 100k-entry HAR, next to
 * `JSON.parse` and `jq` on the same file in the same run. Each measurement runs in a fresh child
 * process for an honest peak RSS (GNU time -v when installed, else the child's own maxRSS).
 * Writes the table to stdout and to bench-out/results.md.
 *   npm run bench [-- --entries 100000 --runs 2]
 */
import { spawnSync } from "node:child_process"
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { parseArgs } from "node:util"
import { generateHar } from "./generate-har"

interface Measurement {
  readonly name: string
  readonly wallSeconds: number
  /** user + system CPU seconds (GNU time only): less disturbed than wall time on a shared machine. */
  readonly cpuSeconds: number | undefined
  readonly peakRssMiB: number | undefined
  readonly note: string
}

const GNU_TIME = "/usr/bin/time"
const OUT_DIR = "bench-out"
const REPORT_RSS_ON_EXIT = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nMAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))`

const { values } = parseArgs({ options: { entries: { type: "string" }, runs: { type: "string" } } })
const entryCount = Number(values.entries ?? "100000")
const runs = Math.max(1, Number(values.runs ?? "2"))
const harFile = `${OUT_DIR}/capture-${Math.round(entryCount / 1000)}k.har`

async function ensureHar(): Promise<void> {
  if (existsSync(harFile)) return
  mkdirSync(OUT_DIR, { recursive: true })
  process.stderr.write(`generating ${harFile} (${entryCount} entries)…\n`)
  const out = createWriteStream(harFile)
  for (const piece of generateHar(entryCount, 1)) {
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once("drain", () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
}

/** Runs a command `runs` times; keeps the fastest wall time and the largest peak RSS. */
function measure(name: string, command: string, args: readonly string[], note = ""): Measurement {
  let best: Measurement | undefined
  for (let run = 0; run < runs; run++) {
    const useGnuTime = existsSync(GNU_TIME)
    const isNode = command === process.execPath
    const finalArgs = !useGnuTime && isNode ? ["--import", REPORT_RSS_ON_EXIT, ...args] : [...args]
    const started = performance.now()
    const result = useGnuTime
      ? spawnSync(GNU_TIME, ["-v", command, ...finalArgs], { encoding: "utf8", maxBuffer: 1 << 26 })
      : spawnSync(command, finalArgs, { encoding: "utf8", maxBuffer: 1 << 26 })
    const wallSeconds = (performance.now() - started) / 1000
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`${name} failed (${result.status}): ${result.stderr.slice(-2000)}`)
    }
    const rssMatch = /Maximum resident set size \(kbytes\): (\d+)|MAXRSS_KB=(\d+)/.exec(result.stderr)
    const peakKb = rssMatch ? Number(rssMatch[1] ?? rssMatch[2]) : undefined
    const peakRssMiB = peakKb === undefined ? undefined : peakKb / 1024
    const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr)
    const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr)
    const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : undefined
    best = {
      name,
      note,
      wallSeconds: Math.min(best?.wallSeconds ?? Infinity, wallSeconds),
      cpuSeconds:
        cpuSeconds === undefined ? best?.cpuSeconds : Math.min(best?.cpuSeconds ?? Infinity, cpuSeconds),
      peakRssMiB: Math.max(best?.peakRssMiB ?? 0, peakRssMiB ?? 0) || undefined
    }
    process.stderr.write(
      `  ${name}: ${wallSeconds.toFixed(2)} s wall, ${cpuSeconds?.toFixed(2) ?? "?"} s CPU, ${peakRssMiB?.toFixed(0) ?? "?"} MiB\n`
    )
  }
  return best as Measurement
}

/** (e) engine only, in this process: entries already parsed, ingest throughput. */
async function engineThroughput(): Promise<string> {
  const { readFileSync } = await import("node:fs")
  const { createEngine } = await import("../src/core/engine")
  const entries = (JSON.parse(readFileSync(harFile, "utf8")) as { log: { entries: unknown[] } }).log.entries
  const engine = createEngine({ maxExchanges: 10_000_000 })
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const perSecond = (time: number): string => Math.round(entries.length / time).toLocaleString("en-US")
  return (
    `${perSecond(cpuSeconds)} entries per CPU second, ${perSecond(seconds)} per wall second ` +
    `(${entries.length} entries: ${cpuSeconds.toFixed(2)} s CPU, ${seconds.toFixed(2)} s wall; ` +
    `${snapshot.resources.length} resources, ${snapshot.findings.length} findings)`
  )
}

function table(rows: readonly Measurement[]): string {
  const base = rows[0]
  const ratio = (value: number | undefined, reference: number | undefined): string =>
    value === undefined || reference === undefined ? "–" : `${(value / reference).toFixed(2)}×`
  const lines = [
    "| step | wall time | CPU (user+sys) | peak RSS | wall ÷ JSON.parse | CPU ÷ JSON.parse | RSS ÷ JSON.parse | note |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  ]
  for (const row of rows) {
    const rss = row.peakRssMiB === undefined ? "n/a" : `${row.peakRssMiB.toFixed(0)} MiB`
    lines.push(
      `| ${row.name.replace(/\|/g, "\\|")} | ${row.wallSeconds.toFixed(2)} s | ${row.cpuSeconds === undefined ? "n/a" : `${row.cpuSeconds.toFixed(2)} s`} | ${rss} | ` +
        `${ratio(row.wallSeconds, base.wallSeconds)} | ${ratio(row.cpuSeconds, base.cpuSeconds)} | ${ratio(row.peakRssMiB, base.peakRssMiB)} | ${row.note} |`
    )
  }
  return lines.join("\n")
}

async function main(): Promise<void> {
  await ensureHar()
  const build = spawnSync(process.execPath, ["scripts/build-cli.mjs"], { encoding: "utf8" })
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}`)
  const bytes = statSync(harFile).size
  const loadBefore = loadavg()[0].toFixed(2)
  const node = process.execPath
  const parseScript = `const t=require("fs").readFileSync(process.argv[1],"utf8");const h=JSON.parse(t);if(!h.log.entries.length)process.exit(3)`
  const streamJsonScript = `const {chain}=require("stream-chain");const {parser}=require("stream-json");const {pick}=require("stream-json/filters/Pick");const {streamArray}=require("stream-json/streamers/StreamArray");let n=0;chain([require("fs").createReadStream(process.argv[1]),parser(),pick({filter:"log.entries"}),streamArray()]).on("data",()=>n++).on("end",()=>{if(!n)process.exit(3)})`
  const scannerScript = `${OUT_DIR}/read-only.mts`
  writeFileSync(
    scannerScript,
    `import { readHarEntries } from "${process.cwd()}/src/cli/read-har-file.ts"\n` +
      `let n = 0\nfor await (const _ of readHarEntries(process.argv[2], { stream: true, onProblem: () => {} })) n++\n` +
      `if (n === 0) process.exit(3)\n`
  )
  process.stderr.write(`measuring ${harFile} (${(bytes / 2 ** 20).toFixed(1)} MiB), ${runs} run(s) each…\n`)
  const rows = [
    measure("(a) node: read + JSON.parse", node, ["-e", parseScript, harFile], "the reference"),
    measure("(b) jq '.log.entries | length'", "/usr/bin/jq", [".log.entries | length", harFile]),
    measure(
      "(c) etag-audit --json (whole file)",
      node,
      ["dist/cli/etag-audit.mjs", "--json", "--fail-on", "none", "--output", "/dev/null", harFile],
      "read + parse + engine + report"
    ),
    measure(
      "(d) etag-audit --json --stream",
      node,
      [
        "dist/cli/etag-audit.mjs",
        "--stream",
        "--json",
        "--fail-on",
        "none",
        "--output",
        "/dev/null",
        harFile
      ],
      "entry-by-entry scanner"
    ),
    measure(
      "(g) our streaming reader (read only)",
      node,
      ["--import", "tsx", scannerScript, harFile],
      "scanner + per-entry JSON.parse, no engine (incl. tsx start-up)"
    ),
    measure(
      "(f) stream-json v1 (read only)",
      node,
      ["-e", streamJsonScript, harFile],
      "pick + streamArray, no engine"
    )
  ]
  const throughput = await engineThroughput()
  const cpu = cpus()
  const report = [
    `# etag-audit benchmark`,
    "",
    `File: \`${harFile}\`, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${entryCount} entries (scripts/generate-har.ts, seed 1).`,
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${loadBefore} at start and ${loadavg()[0].toFixed(2)} at the end (shared machine: wall times are inflated by other work, CPU times less so).`,
    `Each step is a fresh process; best wall time of ${runs} run(s); peak RSS from ${existsSync(GNU_TIME) ? "GNU time -v" : "the child's process.resourceUsage().maxRSS"}.`,
    "",
    table(rows),
    "",
    `(e) engine only, in process (entries already parsed): ${throughput}.`,
    ""
  ].join("\n")
  writeFileSync(`${OUT_DIR}/results.md`, report)
  process.stdout.write(report)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`)
  process.exitCode = 1
})
