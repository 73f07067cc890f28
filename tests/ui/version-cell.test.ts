import { describe, expect, it } from "vitest"

import { createEngine, type EngineSnapshot } from "../../src/core/engine"
import { lineageByExchange, selectLostUpdateWrites } from "../../src/store/selectors"
import { versionCell } from "../../src/ui/format"
import { harEntry } from "../adapters/har-entry-builder"

const API = "http://127.0.0.1:8787/api/eve/notes"
const json = [{ name: "Content-Type", value: "application/json" }]
const at = (second: number) => `2026-11-25T12:00:${String(second).padStart(2, "0")}.000Z`

/** The resource a place's lineage belongs to, as the Traffic table's cell selects it. */
function resourceOf(snapshot: EngineSnapshot, key: string | undefined) {
  return snapshot.resources.find((resource) => resource.key === key)
}

/** Every exchange's place in the real engine's lineage, in order, and its Version cell. */
function lineageOf(entries: ReturnType<typeof harEntry>[]) {
  const engine = createEngine()
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  const index = lineageByExchange(snapshot)
  const places = snapshot.exchanges.map((exchange) => index.get(exchange.id))
  const lostWrites = selectLostUpdateWrites(snapshot.findings)
  return {
    places,
    cells: snapshot.exchanges.map((exchange, at) =>
      versionCell(places[at], exchange, lostWrites, resourceOf(snapshot, places[at]?.key))
    )
  }
}

const cellsOf = (entries: ReturnType<typeof harEntry>[]) => lineageOf(entries).cells

describe("versionCell", () => {
  it("marks a GraphQL call RPC, its note as the title: no version to show", () => {
    const [cell] = cellsOf([
      harEntry({
        method: "POST",
        url: "http://127.0.0.1:8787/graphql",
        requestHeaders: json,
        requestBody: '{"query":"mutation { save(id: 1) { id } }"}'
      })
    ])
    expect(cell).toEqual({
      text: "RPC",
      title:
        "GraphQL call: one endpoint for every operation, so HTTP preconditions guard no resource here; not part of any lineage or finding",
      tone: "read"
    })
  })

  it("words a create, a refused stale write, a retry on the current version and a delete", () => {
    const note = `${API}/7`
    const cells = cellsOf([
      harEntry({
        url: API,
        method: "POST",
        status: 201,
        startedDateTime: at(1),
        requestBody: '{"text":"a"}',
        responseHeaders: [...json, { name: "Location", value: note }],
        text: '{"id":7,"_etag":"e1"}'
      }),
      harEntry({ url: note, startedDateTime: at(2), text: '{"id":7,"_etag":"e2"}' }),
      harEntry({
        url: note,
        method: "PUT",
        status: 412,
        startedDateTime: at(3),
        requestHeaders: [...json, { name: "If-Match", value: "e1" }],
        requestBody: '{"text":"b"}'
      }),
      harEntry({
        url: note,
        method: "PUT",
        startedDateTime: at(4),
        requestHeaders: [...json, { name: "If-Match", value: "e2" }],
        requestBody: '{"text":"b"}',
        text: '{"id":7,"_etag":"e3"}'
      }),
      harEntry({
        url: note,
        method: "DELETE",
        status: 204,
        startedDateTime: at(5),
        requestHeaders: [{ name: "If-Match", value: "e3" }]
      })
    ])
    expect(cells.map((cell) => [cell.text, cell.tone])).toEqual([
      ["new → v1", "write"],
      ["v2", "read"],
      ["v1 ✗", "write"],
      ["v2 → v3", "write"],
      ["v3 → deleted", "write"]
    ])
    expect(cells[2].title).toBe("If-Match v1 (STALE, current was v2) → 412")
  })

  it("says a write naming the version of a deleted resource was stale, and what it brought back", () => {
    const note = `${API}/8`
    const etag = (value: string) => [...json, { name: "ETag", value }]
    const ifMatch = (value: string) => [...json, { name: "If-Match", value }]
    const cells = cellsOf([
      harEntry({ url: note, startedDateTime: at(1), responseHeaders: etag('"a1"'), text: "{}" }),
      harEntry({
        url: note,
        method: "DELETE",
        status: 204,
        startedDateTime: at(2),
        requestHeaders: ifMatch('"a1"')
      }),
      harEntry({
        url: note,
        method: "PUT",
        startedDateTime: at(3),
        requestHeaders: ifMatch('"a1"'),
        requestBody: '{"text":"b"}',
        responseHeaders: etag('"a2"'),
        text: "{}"
      })
    ])
    expect(cells.map((cell) => [cell.text, cell.tone])).toEqual([
      ["v1", "read"],
      ["v1 → deleted", "write"],
      ["v1 → v2", "lost"]
    ])
    expect(cells[2].title).toBe(
      "If-Match v1 (STALE, gone since #2) → made v2 — lost update: brought back after #2"
    )
  })

  it("counts the items a list read saw, and leaves noise and unversioned traffic empty", () => {
    const { cells, places } = lineageOf([
      harEntry({
        url: API,
        startedDateTime: at(1),
        text: '{"_items":[{"id":1,"_etag":"a"},{"id":2,"_etag":"b"}]}'
      }),
      harEntry({ url: `${API}/1`, startedDateTime: at(2), text: '{"id":1}' }),
      harEntry({ url: "http://127.0.0.1:8787/logo.png", mimeType: "image/png", resourceType: "image" })
    ])
    expect(cells.map((cell) => cell.text)).toEqual(["2 items", "", ""])
    expect(cells[0].title).toBe("a list: read the versions of 2 items")
    // Selecting the list read opens the list's own lineage, not one of its items'.
    expect(places[0]?.key).toBe(API)
  })

  it("counts a WebDAV listing's members with a tag, not those it answered 404", () => {
    const dav = "http://127.0.0.1:8787/dav/"
    const listing = (members: string) =>
      harEntry({
        method: "PROPFIND",
        url: dav,
        status: 207,
        mimeType: "application/xml",
        startedDateTime: at(1),
        text: `<d:multistatus xmlns:d="DAV:">${members}</d:multistatus>`
      })
    const tagged = (name: string) =>
      `<d:response><d:href>/dav/${name}</d:href><d:propstat><d:prop><d:getetag>"${name}"</d:getetag></d:prop>` +
      `<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
    const gone = `<d:response><d:href>/dav/a.txt</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`
    const cells = cellsOf([listing(tagged("a.txt") + tagged("b.txt")), listing(gone + tagged("b.txt"))])
    expect(cells.map((cell) => cell.text)).toEqual(["2 items", "1 item"])
  })

  it("reads a replay's GET (Show the fix re-reads) as a read, and a replayed write as a write", () => {
    const note = `${API}/1`
    const engine = createEngine()
    engine.ingestHarEntry(harEntry({ url: note, text: '{"id":1,"_etag":"t1"}' }), "live")
    engine.ingestHarEntry(
      harEntry({
        url: note,
        method: "PUT",
        startedDateTime: at(1),
        requestHeaders: [...json, { name: "If-Match", value: "t1" }],
        requestBody: '{"text":"x"}',
        text: '{"id":1,"_etag":"t2"}'
      }),
      "replay"
    )
    engine.ingestHarEntry(
      harEntry({ url: note, startedDateTime: at(2), text: '{"id":1,"_etag":"t2"}' }),
      "replay"
    )
    const snapshot = engine.snapshot()
    const index = lineageByExchange(snapshot)
    expect(
      snapshot.exchanges.map(
        (exchange) =>
          versionCell(
            index.get(exchange.id),
            exchange,
            selectLostUpdateWrites(snapshot.findings),
            resourceOf(snapshot, index.get(exchange.id)?.key)
          ).text
      )
    ).toEqual(["v1", "v1 → v2", "v2"])
  })

  it("says If-Match * and a tag the capture never showed as * and ?", () => {
    const note = `${API}/1`
    const put = (second: number, ifMatch: string) =>
      harEntry({
        url: note,
        method: "PUT",
        startedDateTime: at(second),
        requestHeaders: [...json, { name: "If-Match", value: ifMatch }],
        requestBody: '{"text":"x"}',
        text: `{"id":1,"_etag":"t${second}"}`
      })
    const cells = cellsOf([
      harEntry({ url: note, text: '{"id":1,"_etag":"t0"}' }),
      put(1, "*"),
      put(2, "never")
    ])
    expect(cells.map((cell) => cell.text)).toEqual(["v1", "* → v2", "? → v3"])
  })
})
