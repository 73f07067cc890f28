import { beforeEach, describe, expect, it } from "vitest"

import { exchange, observed, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants, runEngine } from "../../builders/findings"
import type { Exchange } from "../../../src/core/model"

const rule = "tag-changed-without-write"
beforeEach(resetExchangeIds)

const NOTE = '{"id":"1","text":"Buy milk"}'

/** A 2xx GET showing `etag` in the ETag header and `text` as its JSON body. */
function shown(etag: string, text = NOTE, response: Record<string, string> = {}): Exchange {
  return exchange({
    response: { ETag: etag, "Content-Type": "application/json", ...response },
    responseBody: { mimeType: "application/json", size: text.length, text }
  })
}

describe("tag-changed-without-write fires when", () => {
  it("two reads show the same content under different strong tags (two nodes tagging differently)", () => {
    const found = findingsOf(rule, [shown('"n1-v1-abc:web1"'), shown('"n1-v1-abc:web2"')])
    expect(found).toEqual([expect.objectContaining({ severity: "warning", exchangeIds: [1, 2] })])
    expect(found[0].message).toBe(
      '#1 GET showed "n1-v1-abc:web1", #2 GET shows "n1-v1-abc:web2" for the same content, with nothing written in between'
    )
  })

  it("the tags flip back and forth: one finding, one version known by both tags (later flips name it)", () => {
    const traffic = [shown('"a"'), shown('"b"'), shown('"a"'), shown('"b"')]
    const found = findingsOf(rule, traffic)
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[1, 2]])
    resetExchangeIds()
    const [note] = runEngine(traffic).resources
    expect(note.versions.map((version) => version.seenBy)).toEqual([[1, 2, 3, 4]])
  })

  it("the JSON differs only in key order and spacing, and a refused write came in between", () => {
    const found = findingsOf(rule, [
      shown('"a"', '{"id":"1","text":"Buy milk"}'),
      write({ ifMatch: '"a"', status: 412 }),
      shown('"b"', '{ "text": "Buy milk", "id": "1" }')
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[1, 3]])
  })
})

describe("tag-changed-without-write fires when, after a write", () => {
  it("a read shows the content the write answered with, under another tag: no lost update after it", () => {
    const put = write({
      ifMatch: '"a1:web1"',
      status: 200,
      etag: '"a2:web1"',
      response: { "Content-Type": "application/json" },
      responseBody: { mimeType: "application/json", size: NOTE.length, text: NOTE }
    })
    const next = write({ ifMatch: '"a2:web1"', status: 200, etag: '"a3:web1"' })
    const traffic = [shown('"a1:web1"', '{"text":"old"}'), put, shown('"a2:web2"'), next]
    const found = findingsOf(rule, traffic)
    expect(found.map((finding) => finding.message)).toEqual([
      '#2 PUT showed "a2:web1", #3 GET shows "a2:web2" for the same content, with nothing written in between'
    ])
    resetExchangeIds()
    expect(findingsOf("lost-update", traffic)).toEqual([])
  })
})

describe("tag-changed-without-write must not fire when", () => {
  it("the content changed too (someone else's write the capture did not show)", () => {
    expect(findingsOf(rule, [shown('"a"'), shown('"b"', '{"id":"1","text":"Buy bread"}')])).toEqual([])
  })

  it("a successful write came in between, even one that wrote the same content", () => {
    expect(findingsOf(rule, [shown('"a"'), write({ status: 204 }), shown('"b"')])).toEqual([])
  })

  it("the tag did not change", () => {
    expect(findingsOf(rule, [shown('"a"'), shown('"a"'), shown('"a"')])).toEqual([])
  })

  it("the representations differ in type, encoding or language (each may have its own tag, §8.8.3)", () => {
    const gzip = [shown('"a"'), shown('"a-gzip"', NOTE, { "Content-Encoding": "gzip" })]
    expect(findingsOf(rule, gzip)).toEqual([])
    const french = [shown('"a"'), shown('"a-fr"', NOTE, { "Content-Language": "fr" })]
    expect(findingsOf(rule, french)).toEqual([])
    const text = [shown('"a"'), shown('"a-txt"', NOTE, { "Content-Type": "text/plain" })]
    expect(findingsOf(rule, text)).toEqual([])
  })

  it("a tag is weak (weak tags may differ for equivalent content) or the versions are dates", () => {
    expect(findingsOf(rule, [shown('W/"a"'), shown('W/"b"')])).toEqual([])
    expect(findingsOf(rule, [shown('"a"'), shown('W/"b"')])).toEqual([])
    const dated = (date: string) =>
      exchange({
        response: { "Last-Modified": date, "Content-Type": "application/json" },
        responseBody: { mimeType: "application/json", size: NOTE.length, text: NOTE }
      })
    const dates = [dated("Thu, 01 Jan 2026 00:01:00 GMT"), dated("Thu, 01 Jan 2026 00:02:00 GMT")]
    expect(findingsOf(rule, dates)).toEqual([])
  })

  it("the capture has no body to compare (not captured, or over the comparison limit)", () => {
    expect(findingsOf(rule, [read('"a"'), read('"b"')])).toEqual([])
    const big = JSON.stringify({ text: "x".repeat(70_000) })
    expect(findingsOf(rule, [shown('"a"', big), shown('"b"', big)])).toEqual([])
  })

  it("the tag only travels in a body field (the tag is then part of the content)", () => {
    const bodyTagged = (tag: string) =>
      exchange({
        responseTags: [observed(tag, "body:_etag")],
        responseBody: { mimeType: "application/json", size: 30, text: `{"text":"Buy milk","_etag":${tag}}` }
      })
    expect(findingsOf(rule, [bodyTagged('"a"'), bodyTagged('"b"')])).toEqual([])
  })

  it("the later read is capture noise", () => {
    for (const noise of noiseVariants(shown('"b"'))) {
      resetExchangeIds()
      expect(findingsOf(rule, [shown('"a"'), noise])).toEqual([])
    }
  })
})
