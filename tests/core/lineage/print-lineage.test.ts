import { beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { printLineage } from "../../../src/core/lineage/print-lineage"
import { harEntry } from "../../adapters/har-entry-builder"
import { API, read, resetExchangeIds, write } from "../../builders/exchange"
import { runEngine } from "../../builders/findings"

beforeEach(resetExchangeIds)
const DOC = `${API}/1`

function printed(exchanges: Parameters<typeof runEngine>[0], key = DOC): string {
  const snapshot = runEngine(exchanges)
  const resource = snapshot.resources.find((candidate) => candidate.key === key)
  if (resource === undefined) throw new Error(`no resource ${key}`)
  return printLineage(resource, snapshot.findings)
}

describe("printLineage", () => {
  it("prints versions, reads folded into them, stale writes and findings (DESIGN.md text form)", () => {
    const text = printed([
      write({ status: 201, etag: '"6b03-1d"', request: { "If-None-Match": "*" } }),
      read('"6b03-1d"'),
      read('"6b03-1d"'),
      write({ ifMatch: '"6b03-1d"', etag: '"6b04-1d"' }),
      write({ ifMatch: '"6b03-1d"', etag: '"6b05-1d"' }),
      write({})
    ])
    expect(text).toBe(
      [
        `${DOC}        tag source: header`,
        `  v1 "6b03-1d"    #1  PUT If-None-Match * → 201 (created)   seen by #2 GET 200, #3 GET 200`,
        `  v2 "6b04-1d"    #4  PUT If-Match v1 (current) → 204`,
        `  v3 "6b05-1d"    #5  PUT If-Match v1 (STALE, current was v2) → 204   ✖ lost update: overwrote #4`,
        `                  #6  PUT (no precondition) → 204   ⚠ missing-if-match`
      ].join("\n")
    )
  })

  it("names a JSON Patch that tests every member it changes as guarded by content, not as no precondition", () => {
    const patch = (operations: unknown[]) =>
      write({
        method: "PATCH",
        status: 200,
        etag: undefined,
        request: { "Content-Type": "application/json-patch+json" },
        requestBody: { size: 1, text: JSON.stringify(operations), mimeType: "application/json-patch+json" }
      })
    const tested = [
      { op: "test", path: "/title", value: "Draft" },
      { op: "replace", path: "/title", value: "Final" }
    ]
    const text = printed([read('"a1"'), patch(tested), patch([...tested, { op: "remove", path: "/body" }])])
    expect(text.split("\n").slice(2)).toEqual([
      `                  #2  PATCH (no version; JSON Patch tests what it changes) → 200`,
      `                  #3  PATCH (no precondition) → 200   ⚠ missing-if-match`
    ])
  })

  it("says which write won a race: the refused one named the version current when sent, the next accepted write named it too", () => {
    const text = printed([
      read('"a1"'),
      write({ ifMatch: '"a1"', status: 412 }),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      // Refused with the version that stayed current (a 2xx read showed it after the refusal): no race.
      write({ ifMatch: '"a2"', status: 412 }),
      read('"a2"'),
      write({ ifMatch: '"a2"', etag: '"a3"' })
    ])
    expect(text.split("\n").slice(1)).toEqual([
      `  v1 "a1"         #1  GET → 200`,
      `                  #2  PUT If-Match v1 (current) → 412   lost a race: #3, naming v1 too, reached the server first`,
      `  v2 "a2"         #3  PUT If-Match v1 (current) → 204   seen by #5 GET 200`,
      `                  #4  PUT If-Match v2 (current) → 412   ⚠ current-tag-refused`,
      `  v3 "a3"         #6  PUT If-Match v2 (current) → 204`
    ])
  })

  it("says a version of a resource shown gone since is stale, and what a write naming it brought back", () => {
    const text = printed([
      read('"a1"'),
      write({ method: "DELETE", ifMatch: '"a1"' }),
      write({ ifMatch: '"a1"', status: 412 }),
      write({ ifMatch: '"a1"', etag: '"a2"' })
    ])
    expect(text.split("\n").slice(1)).toEqual([
      `  v1 "a1"         #1  GET → 200`,
      `                  #2  DELETE If-Match v1 (current) → 204`,
      `                  #3  PUT If-Match v1 (STALE, gone since #2) → 412`,
      `  v2 "a2"         #4  PUT If-Match v1 (STALE, gone since #2) → 204   ✖ lost update: brought back after #2`
    ])
  })

  it("names who sent each exchange when given the resource's users (two or more touched it)", () => {
    const engine = createEngine()
    for (const exchange of [read('"a1"'), read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })])
      engine.ingestExchange(exchange)
    const [resource] = engine.snapshot().resources
    const users = new Map([
      [1, "alice"],
      [2, "bob"],
      [3, "alice"]
    ])
    expect(printLineage(resource, [], users)).toBe(
      [
        `${DOC}        tag source: header`,
        `  v1 "a1"         #1 (alice)  GET → 200   seen by #2 (bob) GET 200`,
        `  v2 "a2"         #3 (alice)  PUT If-Match v1 (current) → 204`
      ].join("\n")
    )
  })

  it("says when a stale tag's version was overwritten by an untagged write, and when the resource is gone", () => {
    const text = printed([
      read('"a1"'),
      write({ ifMatch: '"a1"' }),
      write({ ifMatch: '"a1"', status: 412 }),
      write({ method: "DELETE", request: { "If-Match": '"zz"' }, status: 204 })
    ])
    expect(text.split("\n")).toEqual([
      `${DOC}        tag source: header   (deleted)`,
      `  v1 "a1"         #1  GET → 200`,
      `                  #2  PUT If-Match v1 (current) → 204`,
      `                  #3  PUT If-Match v1 (STALE, v1 was overwritten since) → 412`,
      `                  #4  DELETE If-Match "zz" (unknown tag) → 204   ℹ unknown-tag-sent`
    ])
  })

  it("says a DELETE answered 202 Accepted is not enacted yet, until a read answers 404", () => {
    const deleteAccepted = () => [read('"a1"'), write({ method: "DELETE", ifMatch: '"a1"', status: 202 })]
    expect(printed(deleteAccepted()).split("\n")[0]).toBe(
      `${DOC}        tag source: header   (delete accepted by #2, not yet enacted)`
    )
    resetExchangeIds()
    const refusedSince = [...deleteAccepted(), write({ ifMatch: "*", status: 412 })]
    expect(printed(refusedSince).split("\n")[0]).toMatch(/\(delete accepted by #2, not yet enacted\)$/)
    resetExchangeIds()
    const confirmed = [...deleteAccepted(), read(undefined, { status: 404 })]
    expect(printed(confirmed).split("\n")[0]).toBe(`${DOC}        tag source: header   (deleted)`)
  })

  it("judges If-Unmodified-Since by Last-Modified: a stale date accepted is a lost update", () => {
    const T1 = "Wed, 25 Nov 2026 10:00:00 GMT"
    const T2 = "Wed, 25 Nov 2026 10:05:00 GMT"
    const text = printed([
      read('"a1"', { response: { ETag: '"a1"', "Last-Modified": T1 } }),
      write({ request: { "If-Unmodified-Since": T1 }, response: { ETag: '"a2"', "Last-Modified": T2 } }),
      write({ request: { "If-Unmodified-Since": T1 }, response: { ETag: '"a3"', "Last-Modified": T2 } }),
      write({ request: { "If-Unmodified-Since": "soon" }, status: 412 })
    ])
    expect(text.split("\n")).toEqual([
      `${DOC}        tag source: header`,
      `  v1 "a1"         #1  GET → 200`,
      `  v2 "a2"         #2  PUT If-Unmodified-Since v1 (current) → 204`,
      `  v3 "a3"         #3  PUT If-Unmodified-Since v1 (STALE, current was v2) → 204   ✖ lost update: overwrote #2`,
      `                  #4  PUT If-Unmodified-Since soon (not judged) → 412`
    ])
  })
})

describe("printLineage of an item a list read showed", () => {
  it("says the read was of the list: GET (list), also among the reads that saw a version", () => {
    const list = "http://127.0.0.1:8787/api/eve/notes"
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const listRead = (second: number, tag: string) =>
      harEntry({ url: list, startedDateTime: at(second), text: `{"_items":[{"id":1,"_etag":"${tag}"}]}` })
    const engine = createEngine()
    for (const entry of [
      listRead(1, "e1"),
      harEntry({ url: `${list}/1`, startedDateTime: at(2), text: '{"id":1,"_etag":"e1"}' }),
      listRead(3, "e1")
    ])
      engine.ingestHarEntry(entry, "import")
    const note = engine.snapshot().resources.find((resource) => resource.key === `${list}/1`)
    expect(note && printLineage(note).split("\n")).toEqual([
      `${list}/1        tag source: item:_etag, body:_etag`,
      `  v1 e1           #1  GET (list) → 200   seen by #2 GET 200, #3 GET (list) 200`
    ])
  })
})

describe("printLineage marks a finding on the exchange it is about", () => {
  it("a tag unchanged after a write, shown by a later read: on the write, where the panel selects it", () => {
    const text = printed([read('"a1"'), write({ ifMatch: '"a1"' }), read('"a1"')])
    expect(text.split("\n")).toEqual([
      `${DOC}        tag source: header`,
      `  v1 "a1"         #1  GET → 200   seen by #3 GET 200`,
      `                  #2  PUT If-Match v1 (current) → 204   ✖ tag-unchanged-after-write`
    ])
  })
})

describe("printLineage after eviction", () => {
  it("keeps versions whose exchanges were evicted, marked as such", () => {
    const engine = createEngine({ maxExchanges: 2 })
    for (const item of [read('"a1"'), read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]) {
      const { id: _id, ...rest } = item
      engine.ingestExchange(rest)
    }
    const snapshot = engine.snapshot()
    expect(printLineage(snapshot.resources[0], snapshot.findings).split("\n")).toEqual([
      `${DOC}        tag source: header`,
      `  v1 "a1"         #1 (evicted)   seen by #2 GET 200`,
      `  v2 "a2"         #3  PUT If-Match v1 (current) → 204`
    ])
  })
})
