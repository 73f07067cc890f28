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
