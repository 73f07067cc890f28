import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

import { describe, expect, it } from "vitest"
import { generateHar } from "../../scripts/generate-har"
import { createEngine } from "../../src/core/engine"
import { HarEntriesScanner } from "../../src/cli/har-entries-scanner"

const textOf = (entries: number, seed: number, shape: "lean" | "recorded" = "lean"): string =>
  [...generateHar(entries, seed, shape)].join("")

interface RecordedEntry {
  request: { method: string; url: string; headers: { name: string }[]; postData?: { text?: string } }
  response: { status: number; headers: { name: string }[]; content: { text?: string } }
  [field: string]: unknown
}

const entriesOf = (text: string): RecordedEntry[] =>
  (JSON.parse(text) as { log: { entries: RecordedEntry[] } }).log.entries

const TRAFFIC_OWN = new Set(["Content-Type", "Content-Length", "Date"])

/** Header names and entry fields on every entry Chromium recorded for the lab fixtures. */
function recordedByChromium(): { request: string[]; response: string[]; fields: string[] } {
  const dir = join(__dirname, "../fixtures")
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith(".har"))
    .flatMap((name) => entriesOf(readFileSync(join(dir, name), "utf8")))
  const onEvery = (lists: string[][]) =>
    lists.reduce((kept, names) => kept.filter((name) => names.includes(name)))
  return {
    request: onEvery(entries.map((entry) => entry.request.headers.map((header) => header.name))),
    response: onEvery(entries.map((entry) => entry.response.headers.map((header) => header.name))),
    fields: onEvery(entries.map((entry) => Object.keys(entry)))
  }
}

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

  it("tells a consistent story: no server refuses the tag it showed last (a stale tag is an older one)", () => {
    const engine = createEngine()
    for (const entry of har.log.entries) engine.ingestHarEntry(entry, "import")
    const ruleIds = new Set(engine.snapshot().findings.map((finding) => finding.ruleId))
    expect(ruleIds).toContain("lost-update")
    expect(ruleIds).not.toContain("current-tag-refused")
  })

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

  it("has a recorded shape: the same traffic, with what Chromium records on every entry", () => {
    const lean = entriesOf(textOf(500, 7))
    const recorded = entriesOf(textOf(500, 7, "recorded"))
    const traffic = (entry: RecordedEntry) => [
      entry.request.method,
      entry.request.url,
      entry.request.postData?.text,
      entry.response.status,
      entry.response.content.text
    ]
    expect(recorded.map(traffic)).toEqual(lean.map(traffic))
    const chromium = recordedByChromium()
    expect(chromium.request.length).toBeGreaterThan(8) // the fixtures really carry the browser's set
    for (const entry of recorded) {
      const requestNames = entry.request.headers.map((header) => header.name)
      for (const name of chromium.request) expect(requestNames).toContain(name)
      for (const field of chromium.fields) expect(Object.keys(entry)).toContain(field)
      if (entry.response.status === 0) continue
      const responseNames = entry.response.headers.map((header) => header.name.toLowerCase())
      // Content-* and Date describe each response's own body and time: the traffic sets them.
      for (const name of chromium.response.filter((name) => !TRAFFIC_OWN.has(name)))
        expect(responseNames).toContain(name.toLowerCase())
    }
    expect(textOf(500, 7, "recorded").length / textOf(500, 7).length).toBeGreaterThan(1.5)
  })

  it("gives the engine the same lineage and findings in both shapes", () => {
    const audit = (shape: "lean" | "recorded") => {
      const engine = createEngine()
      for (const entry of entriesOf(textOf(1500, 3, shape))) engine.ingestHarEntry(entry, "import")
      const { findings, resources, policies } = engine.snapshot()
      return {
        findings: findings.map((finding) => [finding.ruleId, finding.resourceKey, finding.exchangeIds]),
        versions: resources.map((resource) => [resource.key, resource.versions.length]),
        policies: policies.map((policy) => [policy.scope, policy.summary])
      }
    }
    const lean = audit("lean")
    expect(lean.findings.length).toBeGreaterThan(10)
    expect(audit("recorded")).toEqual(lean)
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
