import { beforeEach, describe, expect, it } from "vitest"

import { exchange, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "tag-unchanged-after-write"
beforeEach(resetExchangeIds)

describe("tag-unchanged-after-write fires when", () => {
  it("the read after a successful untagged write shows the tag from before it (nginx DAV)", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), read('"a1"')])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [2, 3] })])
    expect(found[0].message).toContain("still v1")
    // The finding is about the write; the read only showed the tag.
    expect(found[0].contextExchangeIds).toEqual([3])
  })

  it("the PUT changed the content, or the capture does not show what the resource held before", () => {
    const body = (text: string) => ({ size: text.length, text })
    const current = read('"a1"', { responseBody: body('{"text":"milk"}') })
    const changed = write({ ifMatch: '"a1"', requestBody: body('{"text":"eggs"}') })
    expect(findingsOf(rule, [current, changed, read('"a1"')]).map((f) => f.exchangeIds)).toEqual([[2, 3]])
    const unknownBefore = [
      read('"a1"'), // no body kept
      write({ ifMatch: '"a1"', requestBody: body('{"text":"milk"}') }),
      read('"a1"')
    ]
    expect(findingsOf(rule, unknownBefore)).toHaveLength(1)
    // PATCH sends a change, not the representation: equal text says nothing about a no-op.
    const patched = [
      read('"a1"', { responseBody: body('{"text":"milk"}') }),
      write({ method: "PATCH", ifMatch: '"a1"', requestBody: body('{"text":"milk"}') }),
      read('"a1"')
    ]
    expect(findingsOf(rule, patched)).toHaveLength(1)
  })

  it("a PATCH changed something, by a merge patch or a JSON Patch, or sent a patch it cannot apply", () => {
    const body = (text: string) => ({ size: text.length, text })
    const current = () => read('"a1"', { responseBody: body('{"text":"milk","done":false}') })
    const patch = (type: string, text: string) =>
      write({ method: "PATCH", ifMatch: '"a1"', request: { "Content-Type": type }, requestBody: body(text) })
    const cases = [
      patch("application/merge-patch+json", '{"done":true}'),
      patch("application/merge-patch+json", '{"text":null}'),
      patch("application/json", '{"text":"milk","note":"new"}'),
      patch("application/json-patch+json", '[{"op":"replace","path":"/done","value":true}]'),
      patch("application/json", '[{"op":"add","path":"/tags","value":[]}]'),
      // Operations that do not apply to what was read: what the write did is not known.
      patch("application/json-patch+json", '[{"op":"remove","path":"/missing"}]')
    ]
    for (const changed of cases) {
      resetExchangeIds()
      expect(findingsOf(rule, [current(), changed, read('"a1"')])).toHaveLength(1)
    }
  })

  it("the write's own response carries the tag from before it", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a1"' })])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2]])
    expect(found[0].contextExchangeIds).toBeUndefined()
  })
})

describe("tag-unchanged-after-write must not fire when", () => {
  it("POSTs to a GraphQL endpoint get the same answer, and the same tag, twice (Express tags every answer)", () => {
    const rpc = "http://127.0.0.1:4000/graphql"
    const calls = [1, 2].map(() => exchange({ method: "POST", url: rpc, response: { ETag: 'W/"1a-x"' } }))
    expect(findingsOf(rule, calls)).toEqual([])
  })

  it("the read after the write shows a new tag", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), read('"a2"')])).toEqual([])
  })

  it("the server has no tags and its Last-Modified stayed the same (dates have one-second resolution)", () => {
    const T1 = { "Last-Modified": "Thu, 01 Jan 2026 00:01:00 GMT" }
    const dated = exchange({ response: T1 })
    const sameSecond = write({ request: { "If-Unmodified-Since": T1["Last-Modified"] }, response: T1 })
    expect(findingsOf(rule, [dated, sameSecond, exchange({ response: T1 })])).toEqual([])
    // A tagged resource's unchanged ETag is still reported, whatever its dates.
    resetExchangeIds()
    const tagged = [
      read('"a1"', { response: { ETag: '"a1"', ...T1 } }),
      write({ ifMatch: '"a1"', etag: '"a1"' })
    ]
    expect(findingsOf(rule, tagged)).toHaveLength(1)
  })

  it("the write was answered 202 Accepted: not enacted yet, the old tag is still current (§15.3.3)", () => {
    // Azure Resource Manager answers a long-running PUT/PATCH 202 and a poll shows the old ETag meanwhile.
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', status: 202 }), read('"a1"')])).toEqual(
      []
    )
    resetExchangeIds()
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a1"', status: 202 })])).toEqual(
      []
    )
  })

  it("the write failed", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"zz"', status: 412 }), read('"a1"')])).toEqual(
      []
    )
  })

  it("the old tag is only confirmed by a 304 (capture noise is never evidence)", () => {
    const revalidated = exchange({ kind: "not-modified", status: 304, request: { "If-None-Match": '"a1"' } })
    expect(findingsOf(rule, [read('"a1"'), write({}), revalidated])).toEqual([])
  })

  it("the PUT sent the content the resource already had (a no-op may keep its tag, §8.8.3)", () => {
    const body = (text: string) => ({ size: text.length, text })
    const current = read('"a1"', { responseBody: body('{"text":"milk","done":false}') })
    const sameAgain = write({ ifMatch: '"a1"', requestBody: body('{ "done": false, "text": "milk" }') })
    expect(findingsOf(rule, [current, sameAgain, read('"a1"')])).toEqual([])
    const answeredWithOldTag = write({
      ifMatch: '"a1"',
      etag: '"a1"',
      requestBody: body('{"text":"milk","done":false}')
    })
    expect(findingsOf(rule, [current, answeredWithOldTag])).toEqual([])
    // The same PUT twice: the second one sends what the first one wrote.
    const first = write({ ifMatch: '"a1"', etag: '"a2"', requestBody: body('{"text":"eggs"}') })
    const repeated = write({ ifMatch: '"a2"', etag: '"a2"', requestBody: body('{"text":"eggs"}') })
    expect(findingsOf(rule, [current, first, repeated])).toEqual([])
  })

  it("the PATCH's JSON merge patch set what the resource already held (RFC 7396)", () => {
    const body = (text: string) => ({ size: text.length, text })
    const current = read('"a1"', { responseBody: body('{"text":"milk","done":false}') })
    for (const type of ["application/merge-patch+json", "application/json; charset=utf-8"]) {
      resetExchangeIds()
      const sameText = write({
        method: "PATCH",
        ifMatch: '"a1"',
        request: { "Content-Type": type },
        requestBody: body('{"done":false,"gone":null}')
      })
      expect(findingsOf(rule, [current, sameText, read('"a1"')])).toEqual([])
    }
  })

  it("the PATCH's JSON Patch leaves what the resource already held (RFC 6902)", () => {
    const body = (text: string) => ({ size: text.length, text })
    const current = read('"a1"', { responseBody: body('{"text":"milk","done":false}') })
    const operations = [
      { op: "test", path: "/text", value: "milk" },
      { op: "replace", path: "/done", value: false },
      { op: "remove", path: "/text" },
      { op: "add", path: "/text", value: "milk" }
    ]
    for (const type of ["application/json-patch+json", "application/json"]) {
      resetExchangeIds()
      const sameContent = write({
        method: "PATCH",
        ifMatch: '"a1"',
        request: { "Content-Type": type },
        requestBody: body(JSON.stringify(operations))
      })
      expect(findingsOf(rule, [current, sameContent, read('"a1"')])).toEqual([])
    }
  })

  it("the write is capture noise (preflight, failed, cached)", () => {
    const [, preflight, failed, cached] = noiseVariants(write({ etag: '"a1"' }))
    expect(findingsOf(rule, [read('"a1"'), preflight, failed, cached, read('"a1"')])).toEqual([])
  })
})
