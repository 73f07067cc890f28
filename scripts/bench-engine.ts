/**
 * In-process CPU benchmark of the pure engine on one HAR file:
 *   tsx scripts/bench-engine.ts <file.har> [--runs 3]
 * Reports CPU ms (process.cpuUsage: user + system, not wall time, the machine is shared) for
 * JSON.parse of the text, normalizeHarEntry over all entries, the engine proper (lineage, policy,
 * findings on already-normalized exchanges) and the whole audit (parse + ingestHarEntry + snapshot),
 * each as a ratio to JSON.parse; and the audit again releasing each parsed entry once ingested, as
 * the CLI's streaming reader does. Best of N runs per stage.
 */
import { readFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { createEngine } from "../src/core/engine"
import { DEFAULT_ENGINE_OPTIONS, type Exchange } from "../src/core/model"
import { normalizeHarEntry } from "../src/core/traffic/normalize-har-entry"

function cpuMs(work: () => void): number {
  const start = process.cpuUsage()
  work()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

function bestOf(runs: number, work: () => void): number {
  let best = Infinity
  for (let run = 0; run < runs; run++) best = Math.min(best, cpuMs(work))
  return best
}

function entriesOf(text: string): unknown[] {
  const root = JSON.parse(text) as { log?: { entries?: unknown } }
  const entries = root.log?.entries
  if (!Array.isArray(entries)) throw new Error("not a HAR: log.entries is not an array")
  return entries
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: "string", default: "3" } }
  })
  const file = positionals[0]
  if (file === undefined) throw new Error("usage: tsx scripts/bench-engine.ts <file.har> [--runs 3]")
  const runs = Number(values.runs)
  const text = readFileSync(file, "utf8")
  const entries = entriesOf(text)
  const options = DEFAULT_ENGINE_OPTIONS
  const normalize = (): Exchange[] => {
    const exchanges: Exchange[] = []
    entries.forEach((entry, index) => {
      const result = normalizeHarEntry(entry, { id: index + 1, index, origin: "import", options })
      if ("exchange" in result) exchanges.push(result.exchange)
    })
    return exchanges
  }
  const exchanges = normalize()
  let findings = 0

  const parse = bestOf(runs, () => void JSON.parse(text))
  const normalizing = bestOf(runs, () => void normalize())
  const engineProper = bestOf(runs, () => {
    const engine = createEngine()
    for (const exchange of exchanges) engine.ingestExchange(exchange)
    findings = engine.snapshot().findings.length
  })
  const audit = bestOf(runs, () => {
    const engine = createEngine()
    for (const entry of entriesOf(text)) engine.ingestHarEntry(entry, "import")
    engine.snapshot()
  })
  // The CLI's streaming reader never holds the whole tree: release each entry once ingested.
  const auditReleasing = bestOf(runs, () => {
    const engine = createEngine()
    const parsed = entriesOf(text)
    for (let index = 0; index < parsed.length; index++) {
      engine.ingestHarEntry(parsed[index], "import")
      parsed[index] = undefined
    }
    engine.snapshot()
  })
  const row = (label: string, ms: number) =>
    `${label.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / parse).toFixed(2)}× parse`
  console.log(
    `${file}: ${entries.length} entries, ${(text.length / 1e6).toFixed(1)} M chars, ${findings} findings`
  )
  console.log(row("JSON.parse", parse))
  console.log(row("normalizeHarEntry (all entries)", normalizing))
  console.log(row("engine proper (normalized in)", engineProper))
  console.log(row("audit (parse + ingest + snapshot)", audit))
  console.log(row("audit, entries released once ingested", auditReleasing))
}

main()
