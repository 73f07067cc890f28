/**
 * The engine under hostile and random input: it never throws, and what it reports stays
 * consistent (findings cite only API exchanges it saw; the retained set stays within bounds).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import type { ExchangeKind } from "../../src/core/model"
import { harEntry } from "../builders/har"

const KINDS: readonly ExchangeKind[] = [
  "api",
  "preflight",
  "failed",
  "cached",
  "not-modified",
  "document",
  "static"
]
const METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "MERGE", "OPTIONS", "PROPFIND"]
const TAGS = ['"a"', 'W/"a"', '"b"', "*", "c", '"a", W/"b"', "", 'W/"', "%22a%22"]

const headerPair = (name: string) =>
  fc.option(
    fc.constantFrom(...TAGS).map((value) => ({ name, value })),
    { nil: undefined }
  )

const entryArbitrary = fc.record({
  method: fc.constantFrom(...METHODS),
  note: fc.integer({ min: 1, max: 3 }),
  status: fc.constantFrom(0, 200, 201, 204, 304, 400, 404, 409, 412, 428, 500),
  ifMatch: headerPair("If-Match"),
  ifNoneMatch: headerPair("If-None-Match"),
  etag: headerPair("ETag"),
  body: fc.option(
    fc.constantFrom('{"_rev":"1-a"}', '{"@odata.etag":"W/\\"a\\""}', "not json", '{"value":[1]}'),
    {
      nil: undefined
    }
  ),
  kind: fc.constantFrom(...KINDS)
})

describe("engine robustness", () => {
  it("never throws on arbitrary values given as HAR entries", () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 20 }), (entries) => {
        const engine = createEngine()
        for (const entry of entries) engine.ingestHarEntry(entry, "import")
        const snapshot = engine.snapshot()
        expect(snapshot.exchanges.length + snapshot.skipped.length).toBe(entries.length)
      }),
      { numRuns: 300 }
    )
  })

  it("keeps its invariants on random concurrency traffic, noise included", () => {
    fc.assert(
      fc.property(
        fc.array(entryArbitrary, { maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        (specs, max) => {
          const engine = createEngine({ maxExchanges: max })
          const kinds = new Map<number, ExchangeKind>()
          for (const spec of specs) {
            const url = `http://127.0.0.1:8787/api/lab/notes/${spec.note}`
            const entry = harEntry({
              method: spec.method,
              url,
              status: spec.status,
              requestHeaders: [spec.ifMatch, spec.ifNoneMatch].filter((h) => h !== undefined),
              responseHeaders: spec.etag === undefined ? [] : [spec.etag],
              ...(spec.body !== undefined && { requestBody: spec.body, responseBody: spec.body })
            })
            const result = engine.ingestHarEntry(entry, "live")
            if ("exchange" in result) kinds.set(result.exchange.id, result.exchange.kind)
          }
          const snapshot = engine.snapshot()
          expect(snapshot.exchanges.length).toBeLessThanOrEqual(max)
          expect(snapshot.evicted).toBe(Math.max(0, kinds.size - max))
          for (const finding of snapshot.findings) {
            expect(finding.exchangeIds.length).toBeGreaterThan(0)
            for (const id of finding.exchangeIds) expect(kinds.get(id)).toBe("api")
          }
          for (const resource of snapshot.resources) {
            resource.versions.forEach((version, position) => expect(version.index).toBe(position + 1))
          }
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("the engine with bodies nested too deep to compare", () => {
  it("judges what it can, never throws, and keeps every exchange (a JSON Patch over another user's deep change)", () => {
    const depth = 20_000
    const deep = `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`
    const url = "http://127.0.0.1:8787/api/lax/notes/1"
    const as = (user: string, headers: { name: string; value: string }[] = []) => [
      { name: "Authorization", value: `Basic ${Buffer.from(`${user}:secret`).toString("base64")}` },
      ...headers
    ]
    const etag = (tag: string) => [
      { name: "ETag", value: tag },
      { name: "Content-Type", value: "application/json" }
    ]
    const jsonPatch = { name: "Content-Type", value: "application/json-patch+json" }
    const engine = createEngine()
    const entries = [
      harEntry({ url, requestHeaders: as("bob"), responseHeaders: etag('"1"'), responseBody: deep }),
      harEntry({ url, requestHeaders: as("alice"), responseHeaders: etag('"1"'), responseBody: deep }),
      harEntry({
        method: "PATCH",
        url,
        status: 204,
        requestHeaders: as("alice", [jsonPatch]),
        requestBody: '[{"op":"replace","path":"/a","value":1}]',
        responseHeaders: etag('"2"')
      }),
      harEntry({
        method: "PATCH",
        url,
        status: 204,
        requestHeaders: as("bob", [jsonPatch]),
        requestBody: '[{"op":"replace","path":"/a","value":2}]',
        responseHeaders: etag('"3"')
      })
    ]
    for (const entry of entries) expect(() => engine.ingestHarEntry(entry, "import")).not.toThrow()
    const snapshot = engine.snapshot()
    expect(snapshot.exchanges).toHaveLength(4)
    expect(snapshot.skipped).toEqual([])
    // Bob's write named no version: that much is judged; whether it overwrote Alice's member cannot be.
    expect(snapshot.findings.map((finding) => finding.ruleId)).toContain("missing-if-match")
    expect(snapshot.findings.map((finding) => finding.ruleId)).not.toContain("lost-update")
  })
})

describe("the engine's last guard", () => {
  it("a write it cannot judge (a stack overflow comparing deep bodies) is kept and named, never thrown", () => {
    const depth = 20_000
    const nested = (leaf: string) => `{"a":${"[".repeat(depth)}${leaf}${"]".repeat(depth)}}`
    const url = "http://127.0.0.1:8787/api/strict/notes/1"
    const etag = [
      { name: "ETag", value: '"1"' },
      { name: "Content-Type", value: "application/json" }
    ]
    const engine = createEngine()
    const entries = [
      harEntry({ url, responseHeaders: etag, responseBody: nested("1") }),
      harEntry({
        method: "PUT",
        url,
        requestHeaders: [
          { name: "If-Match", value: '"1"' },
          { name: "Content-Type", value: "application/json" }
        ],
        requestBody: nested("2"),
        responseHeaders: etag
      }),
      harEntry({ url, responseHeaders: etag, responseBody: nested("2") })
    ]
    for (const entry of entries) expect(() => engine.ingestHarEntry(entry, "import")).not.toThrow()
    const snapshot = engine.snapshot()
    expect(snapshot.exchanges.map((exchange) => exchange.method)).toEqual(["GET", "PUT", "GET"])
    expect(snapshot.skipped).toEqual([
      { index: 1, reason: "could not judge exchange #2: RangeError: Maximum call stack size exceeded" }
    ])
  })
})
