// Hand-edited or merged exports (issue #9: "duplicate ids"): our `_etagLens` extras may repeat
// ids or name a replayed exchange that is not in the file. Import must keep every usable entry,
// and the engine must take the result.
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { exportHar } from "../../../src/core/export/export-har"
import { importHarEntries } from "../../../src/core/export/import-har"
import { parseHarText } from "../../../src/core/har/read-har"

const fixture = resolve(__dirname, "../../fixtures/lab-strict.har")

function exportedLabEntries(): Record<string, unknown>[] {
  const { entries } = parseHarText(readFileSync(fixture, "utf8"), fixture)
  const { exchanges } = importHarEntries(entries)
  return exportHar(exchanges).log.entries as unknown as Record<string, unknown>[]
}

describe("importing an export with tampered ids", () => {
  it("keeps every entry when ids repeat, numbering them 1..n in file order", () => {
    const entries = exportedLabEntries()
    for (const entry of entries) (entry._etagLens as { id: number }).id = 1
    const last = entries[entries.length - 1]._etagLens as Record<string, unknown>
    last.origin = "replay"
    last.replay = { of: 2, choice: "version v1", verdict: "conflict-detected" }
    const { exchanges, skipped } = importHarEntries(entries)
    expect(skipped).toEqual([])
    expect(exchanges.map((exchange) => exchange.id)).toEqual(entries.map((_, index) => index + 1))
    // A link to an earlier exchange of the file survives.
    expect(exchanges[exchanges.length - 1].replay?.of).toBe(2)
  })

  it("a replay that names an exchange missing from the file is imported and the engine takes it", () => {
    const entries = exportedLabEntries()
    const last = entries[entries.length - 1]._etagLens as Record<string, unknown>
    last.origin = "replay"
    last.replay = { of: 9_999, choice: "version v1", verdict: "conflict-detected" }
    const { exchanges } = importHarEntries(entries)
    expect(exchanges).toHaveLength(entries.length)
    expect(exchanges[exchanges.length - 1].origin).toBe("replay")

    const engine = createEngine()
    for (const entry of entries) engine.ingestHarEntry(entry, "import")
    const snapshot = engine.snapshot()
    expect(snapshot.exchanges).toHaveLength(entries.length)
    expect(snapshot.skipped).toEqual([])
  })

  it("duplicate entries (the same request twice) are both kept: the capture decides, not the importer", () => {
    const entries = exportedLabEntries()
    const doubled = [...entries, ...entries.map((entry) => structuredClone(entry))]
    const { exchanges } = importHarEntries(doubled)
    expect(exchanges).toHaveLength(doubled.length)
  })
})
