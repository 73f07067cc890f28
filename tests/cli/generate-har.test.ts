import { describe, expect, it } from "vitest"
import { generateHar } from "../../scripts/generate-har"
import { HarEntriesScanner } from "../../src/cli/har-entries-scanner"

const textOf = (entries: number, seed: number): string => [...generateHar(entries, seed)].join("")

describe("generate-har", () => {
  const text = textOf(3000, 7)
  const har = JSON.parse(text) as {
    log: {
      entries: {
        request: { method: string; headers: { name: string }[] }
        response: { status: number; headers: { name: string; value: string }[]; content: { text?: string } }
      }[]
    }
  }

  it("is deterministic for a seed and differs across seeds", () => {
    expect(textOf(300, 7)).toBe(textOf(300, 7))
    expect(textOf(300, 8)).not.toBe(textOf(300, 7))
  })

  it("writes exactly the requested number of entries, about 1 KB each", () => {
    expect(har.log.entries).toHaveLength(3000)
    expect(text.length / 3000).toBeGreaterThan(600)
    expect(text.length / 3000).toBeLessThan(1600)
  })

  it("covers every policy behaviour and the capture noise", () => {
    const statuses = new Set(har.log.entries.map((entry) => entry.response.status))
    for (const status of [0, 200, 201, 204, 304, 409, 412, 428]) expect(statuses).toContain(status)
    const methods = new Set(har.log.entries.map((entry) => entry.request.method))
    for (const method of ["GET", "PUT", "PATCH", "POST", "DELETE", "OPTIONS"])
      expect(methods).toContain(method)
    const bodies = har.log.entries.map((entry) => entry.response.content.text ?? "").join("\n")
    for (const field of ["@odata.etag", "_etag", "_rev"]) expect(bodies).toContain(field)
    const tags = har.log.entries.flatMap((entry) =>
      entry.response.headers.filter((header) => header.name === "ETag")
    )
    expect(tags.some((header) => header.value.startsWith('W/"'))).toBe(true)
    expect(tags.some((header) => header.value.startsWith('"'))).toBe(true)
  })

  it("is read identically by the streaming scanner in small chunks", () => {
    const scanner = new HarEntriesScanner()
    const scanned: unknown[] = []
    for (let at = 0; at < text.length; at += 4096) {
      for (const item of scanner.push(text.slice(at, at + 4096)))
        scanned.push("value" in item ? item.value : item)
    }
    scanner.end()
    expect(scanned).toEqual(har.log.entries)
  })
})
