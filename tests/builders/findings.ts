/** Run builder exchanges through a real engine and pick the findings of one rule. */
import { createEngine } from "../../src/core/engine"
import type { EngineOptions, Exchange, Finding } from "../../src/core/model"
import { read, write } from "./exchange"

export function runEngine(exchanges: readonly Exchange[], options: Partial<EngineOptions> = {}) {
  const engine = createEngine(options)
  for (const { id: _id, ...exchange } of exchanges) engine.ingestExchange(exchange)
  return engine.snapshot()
}

/** HAR entries (any shape) through a real engine, in order, as an import ingests them. */
export function ingestHarEntries(entries: readonly unknown[], options: Partial<EngineOptions> = {}) {
  const engine = createEngine(options)
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  return engine.snapshot()
}

/** An exchange in one line: `#3 api PUT https://… 412`. */
export function exchangeLine(exchange: Exchange): string {
  return `#${exchange.id} ${exchange.kind} ${exchange.method} ${exchange.url} ${exchange.status}`
}

export function findingsOf(
  ruleId: string,
  exchanges: readonly Exchange[],
  options: Partial<EngineOptions> = {}
): Finding[] {
  return runEngine(exchanges, options).findings.filter((finding) => finding.ruleId === ruleId)
}

/** The capture-noise variants of an exchange: none of them may be evidence of a finding. */
export function noiseVariants(exchange: Exchange): Exchange[] {
  return [
    { ...exchange, kind: "not-modified", status: 304 },
    { ...exchange, kind: "preflight", method: "OPTIONS", status: 204 },
    { ...exchange, kind: "failed", status: 0 },
    { ...exchange, kind: "cached" }
  ]
}

/** Alice and Bob read v1 (`"a1"`); Alice saves v2 (`"a2"`); Bob's save with v1 is refused with `status`. */
export function staleWriteRefused(status = 412): Exchange[] {
  return [
    read('"a1"'),
    write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
    write({ ifMatch: '"a1"', status })
  ]
}
