/** The engine over one recorded capture of tests/fixtures, every entry ingested as an import. */
import { readFileSync } from "node:fs"
import { join } from "node:path"

import { createEngine, type EngineSnapshot } from "../../src/core/engine"
import { parseHarText } from "../../src/core/har/read-har"
import type { EngineOptions } from "../../src/core/model"

export const FIXTURES_DIR = join(import.meta.dirname, "../fixtures")

/** The engine fed `tests/fixtures/<name>`, its snapshot, and how many entries the file holds. */
export function auditFixture(name: string, options: Partial<EngineOptions> = {}) {
  const { entries } = parseHarText(readFileSync(join(FIXTURES_DIR, name), "utf8"), name)
  const engine = createEngine(options)
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  return { engine, snapshot: engine.snapshot(), entryCount: entries.length }
}

/** The ids of the rules that fired, each once, sorted: what the Findings view groups by. */
export function ruleIdsOf(snapshot: EngineSnapshot): string[] {
  return [...new Set(snapshot.findings.map((finding) => finding.ruleId))].sort()
}
