/**
 * `npm run bench`: how fast and how big is an audit of a ~100 MB / 100k-entry HAR, next to
 * `JSON.parse` and `jq` on the same file in the same run. Each measurement runs in a fresh child
 * process for an honest peak RSS (GNU time -v when installed, else the child's own maxRSS).
 * Writes the table to stdout and to bench-out/results.md.
 *   npm run bench [-- --entries 100000 --runs 2]
 */
import { spawnSync } from "node:child_process"
import { existsSync, statSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { parseArgs } from "node:util"
import { ensureCapture } from "./bench-capture"

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
const runs = Math.max(1, Number(values.runs ?? "3"))
const harFile = `${OUT_DIR}/capture-${Math.round(entryCount / 1000)}k.har`
/** The same traffic with everything Chromium records around it (see generate-har/har-entry.ts). */
const recordedHarFile = `${OUT_DIR}/capture-${Math.round(entryCount / 1000)}k-recorded.har`

interface Step {
  readonly name: string
  readonly command: string
  readonly args: readonly string[]
  readonly note?: string
}

/** One run of a command in a fresh process: wall time, CPU and peak RSS. */
function runOnce(step: Step): Omit<Measurement, "note"> {
  const useGnuTime = existsSync(GNU_TIME)
  const isNode = step.command === process.execPath
  const finalArgs = !useGnuTime && isNode ? ["--import", REPORT_RSS_ON_EXIT, ...step.args] : [...step.args]
  const started = performance.now()
  const result = useGnuTime
    ? spawnSync(GNU_TIME, ["-v", step.command, ...finalArgs], { encoding: "utf8", maxBuffer: 1 << 26 })
    : spawnSync(step.command, finalArgs, { encoding: "utf8", maxBuffer: 1 << 26 })
  const wallSeconds = (performance.now() - started) / 1000
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${step.name} failed (${result.status}): ${result.stderr.slice(-2000)}`)
  }
  const rssMatch = /Maximum resident set size \(kbytes\): (\d+)|MAXRSS_KB=(\d+)/.exec(result.stderr)
  const peakKb = rssMatch ? Number(rssMatch[1] ?? rssMatch[2]) : undefined
  const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr)
  const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr)
  return {
    name: step.name,
    wallSeconds,
    cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : undefined,
    peakRssMiB: peakKb === undefined ? undefined : peakKb / 1024
  }
}

/**
 * Runs every step `runs` times, interleaved (step 1, 2, …, then again), so that a slow spell of the
 * shared machine hits all steps alike. Keeps each step's fastest wall time, its lowest CPU time and
 * its largest peak RSS.
 */
function measureInterleaved(steps: readonly Step[]): Measurement[] {
  const best = new Map<string, Measurement>()
  for (let run = 0; run < runs; run++) {
    for (const step of steps) {
      const once = runOnce(step)
      const previous = best.get(step.name)
      best.set(step.name, {
        name: step.name,
        note: step.note ?? "",
        wallSeconds: Math.min(previous?.wallSeconds ?? Infinity, once.wallSeconds),
        cpuSeconds:
          once.cpuSeconds === undefined
            ? previous?.cpuSeconds
            : Math.min(previous?.cpuSeconds ?? Infinity, once.cpuSeconds),
        peakRssMiB: Math.max(previous?.peakRssMiB ?? 0, once.peakRssMiB ?? 0) || undefined
      })
      process.stderr.write(
        `  ${step.name}: ${once.wallSeconds.toFixed(2)} s wall, ${once.cpuSeconds?.toFixed(2) ?? "?"} s CPU, ${once.peakRssMiB?.toFixed(0) ?? "?"} MiB\n`
      )
    }
  }
  return steps.map((step) => best.get(step.name) as Measurement)
}

/** What one run of (e) measured, in its own process: the parse, then the engine on the parsed entries. */
interface EngineRun {
  readonly parseCpu: number
  readonly parseWall: number
  readonly engineCpu: number
  readonly engineWall: number
  /** CPU of the first tenth of the entries alone: V8 compiles the engine's hot code meanwhile. */
  readonly firstTenthCpu: number
  /**
   * The parse's and the engine's CPU split between the main thread (the code itself) and the
   * process's other threads (V8's optimizing compiler and GC helpers); Linux /proc only.
   */
  readonly parseThreads?: ThreadCpu
  readonly engineThreads?: ThreadCpu
  readonly entries: number
  readonly resources: number
  readonly findings: number
}

interface ThreadCpu {
  readonly main: number
  readonly others: number
}

const ENGINE_SCRIPT = `${OUT_DIR}/engine-in-process.mts`

/**
 * Source of `threads()` for the engine script: CPU seconds of the main thread (whose id is the
 * process id) and of all other threads, from /proc/self/task/<id>/stat (utime and stime, the 14th
 * and 15th fields, in clock ticks of 1/100 s); undefined where there is no /proc.
 */
const THREAD_CPU_SOURCE = [
  `const threads = () => {`,
  `  if (!existsSync("/proc/self/task")) return undefined`,
  `  let main = 0, others = 0`,
  `  for (const id of readdirSync("/proc/self/task")) {`,
  `    let stat; try { stat = readFileSync(\`/proc/self/task/\${id}/stat\`, "utf8") } catch { continue }`,
  `    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")`,
  `    const seconds = (Number(fields[11]) + Number(fields[12])) / 100`,
  `    if (Number(id) === process.pid) main += seconds; else others += seconds`,
  `  }`,
  `  return { main, others }`,
  `}`,
  `const since = (before, after) => before && after && { main: after.main - before.main, others: after.others - before.others }`
]

/**
 * (e) the engine alone, next to the JSON.parse that fed it, in one fresh process (same heap, same
 * warm-up): read the file, time JSON.parse, then time ingest + findings + snapshot. `runs` times
 * (at least five: one run varies by ±15% on a shared machine), interleaved with nothing else; the
 * median run (by engine ÷ parse CPU) is reported, and every run is listed.
 */
function engineNextToParse(file: string): { median: EngineRun; all: EngineRun[] } {
  writeFileSync(
    ENGINE_SCRIPT,
    [
      `import { existsSync, readdirSync, readFileSync } from "node:fs"`,
      `import { createEngine } from "${process.cwd()}/src/core/engine.ts"`,
      `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }`,
      ...THREAD_CPU_SOURCE,
      `const text = readFileSync(process.argv[2], "utf8")`,
      `let c = cpu(), w = performance.now(), t = threads()`,
      `const entries = JSON.parse(text).log.entries`,
      `const parseCpu = cpu() - c, parseWall = (performance.now() - w) / 1000, parseThreads = since(t, threads())`,
      `c = cpu(); w = performance.now(); t = threads()`,
      `const engine = createEngine({ maxExchanges: 10_000_000 })`,
      `const tenth = Math.ceil(entries.length / 10)`,
      `for (let index = 0; index < tenth; index++) engine.ingestHarEntry(entries[index], "import")`,
      `const firstTenthCpu = cpu() - c`,
      `for (let index = tenth; index < entries.length; index++) engine.ingestHarEntry(entries[index], "import")`,
      `const snapshot = engine.snapshot()`,
      `const engineCpu = cpu() - c, engineWall = (performance.now() - w) / 1000, engineThreads = since(t, threads())`,
      `console.log(JSON.stringify({ parseCpu, parseWall, engineCpu, engineWall, firstTenthCpu, parseThreads, engineThreads, entries: entries.length,`,
      `  resources: snapshot.resources.length, findings: snapshot.findings.length }))`,
      ""
    ].join("\n")
  )
  const all: EngineRun[] = []
  for (let run = 0; run < Math.max(5, runs); run++) {
    const result = spawnSync(process.execPath, ["--import", "tsx", ENGINE_SCRIPT, file], {
      encoding: "utf8"
    })
    if (result.status !== 0) throw new Error(`engine run failed: ${result.stderr.slice(-2000)}`)
    const measured = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as EngineRun
    all.push(measured)
    process.stderr.write(
      `  (e) parse ${measured.parseCpu.toFixed(2)} s CPU / ${measured.parseWall.toFixed(2)} s wall, ` +
        `engine ${measured.engineCpu.toFixed(2)} s CPU / ${measured.engineWall.toFixed(2)} s wall\n`
    )
  }
  const byRatio = [...all].sort((a, b) => a.engineCpu / a.parseCpu - b.engineCpu / b.parseCpu)
  return { median: byRatio[Math.floor(byRatio.length / 2)], all }
}

function engineReport(
  { median, all }: { median: EngineRun; all: EngineRun[] },
  file: string,
  shape: string
): string {
  const ratios = (pick: (run: EngineRun) => number) =>
    all
      .map(pick)
      .map((ratio) => `${ratio.toFixed(2)}×`)
      .join(", ")
  const perSecond = Math.round(median.entries / median.engineCpu).toLocaleString("en-US")
  // The other nine tenths (and the snapshot), at their own rate, as if the whole capture ran at it.
  const settledCpu = ((median.engineCpu - median.firstTenthCpu) * 10) / 9
  return [
    `(e) the engine alone (normalize, lineage, policy, findings, snapshot) next to the JSON.parse that fed it, in one fresh process, ${all.length} runs; median run. \`${file}\` (${(statSync(file).size / 2 ** 20).toFixed(1)} MiB, ${shape}):`,
    "",
    "| in one process | CPU | wall | engine ÷ JSON.parse |",
    "| --- | ---: | ---: | ---: |",
    `| JSON.parse of the file's text | ${median.parseCpu.toFixed(2)} s | ${median.parseWall.toFixed(2)} s | 1.00× |`,
    `| engine on the ${median.entries} parsed entries | ${median.engineCpu.toFixed(2)} s | ${median.engineWall.toFixed(2)} s | ${(median.engineCpu / median.parseCpu).toFixed(2)}× CPU, ${(median.engineWall / median.parseWall).toFixed(2)}× wall |`,
    "",
    `Every run, engine ÷ JSON.parse: CPU ${ratios((run) => run.engineCpu / run.parseCpu)}; wall ${ratios((run) => run.engineWall / run.parseWall)}.`,
    `${perSecond} entries per engine CPU second; ${median.resources} resources, ${median.findings} findings.`,
    `Warm-up, in the median run: the first tenth of the entries took ${median.firstTenthCpu.toFixed(2)} s of the engine's CPU (${((100 * median.firstTenthCpu) / median.engineCpu).toFixed(0)}%). V8 compiles the engine's hot code meanwhile, on background threads that CPU time counts; JSON.parse is native code and compiles nothing. At the rate of the other nine tenths, the whole capture would take ${settledCpu.toFixed(2)} s, ${(settledCpu / median.parseCpu).toFixed(2)}× the parse: a diagnosis, not the verdict, which is the row above.`,
    threadsSentence(median)
  ]
    .filter((line) => line !== "")
    .join("\n")
}

/** Where the median run's CPU went, by thread, when /proc told it. */
function threadsSentence({ parseThreads, engineThreads }: EngineRun): string {
  if (parseThreads === undefined || engineThreads === undefined) return ""
  const split = ({ main, others }: ThreadCpu) =>
    `${main.toFixed(2)} s on the main thread and ${others.toFixed(2)} s on others`
  return (
    `By thread (/proc, 1/100 s ticks), in the median run: JSON.parse ${split(parseThreads)}; the engine ${split(engineThreads)}, ` +
    `the others being V8's optimizing compiler and garbage-collector helpers. The engine's main thread alone took ` +
    `${(engineThreads.main / parseThreads.main).toFixed(2)}× the parse's.`
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
  await ensureCapture(harFile, entryCount, "lean")
  await ensureCapture(recordedHarFile, entryCount, "recorded")
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
  const cli = ["dist/cli/etag-audit.mjs", "--json", "--fail-on", "none", "--output", "/dev/null"]
  const rows = measureInterleaved([
    {
      name: "(a) node: read + JSON.parse",
      command: node,
      args: ["-e", parseScript, harFile],
      note: "the reference"
    },
    {
      name: "(b) jq '.log.entries | length'",
      command: "/usr/bin/jq",
      args: [".log.entries | length", harFile]
    },
    {
      name: "(c) etag-audit --json (whole file)",
      command: node,
      args: [...cli, harFile],
      note: "read + parse + engine + report"
    },
    {
      name: "(d) etag-audit --json --stream",
      command: node,
      args: [...cli, "--stream", harFile],
      note: "entry-by-entry scanner (the path for files over 400 MiB)"
    },
    {
      name: "(a2) node: read + JSON.parse, recorded shape",
      command: node,
      args: ["-e", parseScript, recordedHarFile],
      note: `the reference for (c2): ${(statSync(recordedHarFile).size / 2 ** 20).toFixed(1)} MiB, same traffic`
    },
    {
      name: "(c2) etag-audit --json, recorded shape",
      command: node,
      args: [...cli, recordedHarFile],
      note: "read + parse + engine + report; compare with (a2)"
    },
    {
      name: "(g) our streaming reader (read only)",
      command: node,
      args: ["--import", "tsx", scannerScript, harFile],
      note: "scanner + per-entry JSON.parse, no engine (incl. tsx start-up)"
    }
  ])
  // Context only, and ten times slower than the rest: one run, not interleaved.
  const streamJson = runOnce({
    name: "(f) stream-json v1 (read only)",
    command: node,
    args: ["-e", streamJsonScript, harFile]
  })
  rows.push({ ...streamJson, note: "pick + streamArray, no engine; one run" })
  const engine = engineReport(
    engineNextToParse(harFile),
    harFile,
    "lean: only the headers the traffic is about"
  )
  const engineRecorded = engineReport(
    engineNextToParse(recordedHarFile),
    recordedHarFile,
    "recorded: the same traffic with every header and field Chromium recorded for the lab fixtures"
  )
  const cpu = cpus()
  const report = [
    `# etag-audit benchmark`,
    "",
    `File: \`${harFile}\`, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${entryCount} entries (scripts/generate-har.ts, seed 1).`,
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${loadBefore} at start and ${loadavg()[0].toFixed(2)} at the end (shared machine: wall times are inflated by other work, CPU times less so).`,
    `Each step is a fresh process, run ${runs} times interleaved with the others; best wall time and best CPU time of those runs; peak RSS (the largest) from ${existsSync(GNU_TIME) ? "GNU time -v" : "the child's process.resourceUsage().maxRSS"}.`,
    "",
    table(rows),
    "",
    engine,
    "",
    engineRecorded,
    ""
  ].join("\n")
  writeFileSync(`${OUT_DIR}/results.md`, report)
  process.stdout.write(report)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`)
  process.exitCode = 1
})
