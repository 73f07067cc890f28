import { beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { API, exchange, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"
import { harEntry } from "../../builders/har"

const rule = "etag-malformed"
beforeEach(resetExchangeIds)

describe("etag-malformed fires when", () => {
  it("reads and writes answer with unquoted tags (restify's documented use), once per scope", () => {
    const found = findingsOf(rule, [read("58a74a7a"), write({ ifMatch: "58a74a7a", etag: "85de840f" })])
    expect(found).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "http://127.0.0.1:8787/api/strict: 2 answers (#1, #2) with an unquoted ETag",
        exchangeIds: [1, 2]
      })
    ])
  })

  it("the ETag is not an entity-tag in another way: a lower-case w/, text after the closing quote", () => {
    const found = findingsOf(rule, [read('w/"a1"'), read('"a1" ; gzip', { url: `${API}/2` }), read('"a3"')])
    expect(found.map((finding) => [finding.message, finding.exchangeIds])).toEqual([
      ["http://127.0.0.1:8787/api/strict: 2 answers (#1, #2) with an ETag that is not an entity-tag", [1, 2]]
    ])
  })

  it("names both kinds, evidence in id order", () => {
    const found = findingsOf(rule, [read('w/"a1"'), read("a2", { url: `${API}/2` })])
    expect(found.map((finding) => [finding.message, finding.exchangeIds])).toEqual([
      [
        "http://127.0.0.1:8787/api/strict: 1 answer (#2) with an unquoted ETag; 1 answer (#1) with an ETag that is not an entity-tag",
        [1, 2]
      ]
    ])
  })

  it("an answer carries two ETag lines (restify's res.header adds one): the first is read, and flagged", () => {
    const engine = createEngine()
    const etag = (value: string) => ({ name: "ETag", value })
    const ingested = engine.ingestHarEntry(
      harEntry({
        responseHeaders: [etag('"a1"'), { name: "Content-Type", value: "application/json" }, etag('"a2"')]
      }),
      "import"
    )
    if (!("exchange" in ingested)) throw new Error("skipped")
    expect(ingested.exchange.responseTags[0]?.tag).toEqual({
      weak: false,
      opaque: "a1",
      raw: '"a1"',
      lenient: "one of 2 ETag lines"
    })
    const found = engine.snapshot().findings.filter((finding) => finding.ruleId === rule)
    expect(found.map((finding) => finding.message)).toEqual([
      "http://127.0.0.1:8787/api/strict: 1 answer (#1) with an ETag that is not an entity-tag"
    ])
  })
})

describe("etag-malformed must not fire when", () => {
  it("the tags are quoted, strong or weak", () => {
    expect(
      findingsOf(rule, [read('"a1"'), read('W/"a2"'), write({ ifMatch: '"a1"', etag: '"a3"' })])
    ).toEqual([])
  })

  it("the bare version is in a body field or a version header, not in ETag (CouchDB _rev, Contentful)", () => {
    const options = { versionHeaders: ["X-Contentful-Version"] }
    const couch = exchange({
      responseTags: [
        { tag: { weak: false, opaque: "1-abc", raw: "1-abc", lenient: "unquoted" }, source: "body:_rev" }
      ]
    })
    const contentful = exchange({
      url: `${API}/2`,
      responseTags: [
        {
          tag: { weak: false, opaque: "3", raw: "3", lenient: "unquoted" },
          source: "header:X-Contentful-Version"
        }
      ]
    })
    expect(findingsOf(rule, [couch, contentful], options)).toEqual([])
  })

  it("the unquoted ETag came with capture noise (a 304, a preflight, a failed or cached request)", () => {
    expect(findingsOf(rule, noiseVariants(read("58a74a7a")))).toEqual([])
  })
})
