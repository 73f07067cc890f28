/** Run builder exchanges through a real engine and pick the findings of one rule. */
import { createEngine } from "../../src/core/engine"
import type { EngineOptions, Exchange, Finding } from "../../src/core/model"

export function runEngine(exchanges: readonly Exchange[], options: Partial<EngineOptions> = {}) {
  const engine = createEngine(options)
  for (const { id: _id, ...exchange } of exchanges) engine.ingestExchange(exchange)
  return engine.snapshot()
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
