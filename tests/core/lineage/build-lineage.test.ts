import { beforeEach, describe, expect, it } from "vitest"

import { createLineageBook } from "../../../src/core/lineage/build-lineage"
import { printLineage } from "../../../src/core/lineage/print-lineage"
import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { resourceKey } from "../../../src/core/traffic/resource-key"
import { API, exchange, observed, read, resetExchangeIds, write } from "../../builders/exchange"

const keyOf = (url: string) => resourceKey(url, DEFAULT_ENGINE_OPTIONS)
const NOTE = `${API}/1`

beforeEach(resetExchangeIds)

describe("lineage: versions and preconditions", () => {
  it("numbers versions by tag and judges each write's If-Match at the time it was sent", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    book.add(read('"a1"'))
    const current = book.add(write({ ifMatch: '"a1"', etag: '"a2"' }))
    const stale = book.add(write({ ifMatch: '"a1"', etag: '"a3"' }))
    const lineage = book.resource(NOTE)
    expect(lineage?.versions.map((v) => [v.index, v.tag.tag.opaque, v.introducedBy])).toEqual([
      [1, "a1", 1],
      [2, "a2", 3],
      [3, "a3", 4]
    ])
    expect(lineage?.versions[0].seenBy).toEqual([1, 2])
    expect(current?.event.precondition).toMatchObject({
      state: "current",
      versionIndex: 1,
      currentVersionIndex: 1
    })
    expect(stale?.event.precondition).toMatchObject({
      state: "stale",
      versionIndex: 1,
      currentVersionIndex: 2
    })
    expect(stale?.replacedStateOf).toBe(3)
    // The update hands the rules the resource's history itself, this write included.
    expect(stale?.history).toBe(book.history(NOTE))
    expect(stale?.history.events.at(-1)).toBe(stale?.event)
  })

  it("calls a tag never seen unknown, `*` any, and no header none", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    expect(book.add(write({ ifMatch: '"zz"' }))?.event.precondition.state).toBe("unknown")
    expect(book.add(write({ ifMatch: "*" }))?.event.precondition.state).toBe("any")
    expect(book.add(write({}))?.event.precondition).toMatchObject({ mechanism: "none", state: "none" })
  })

  it("treats the same opaque tag as the same version whether weak or strong", () => {
    const book = createLineageBook(keyOf)
    book.add(read('W/"a1"'))
    const update = book.add(write({ ifMatch: '"a1"', status: 412 }))
    expect(update?.event.precondition.state).toBe("current")
    expect(book.resource(NOTE)?.versions).toHaveLength(1)
  })

  it("does not create a version for 412, 409 or 428 answers", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    book.add(write({ ifMatch: '"old"', status: 412, etag: '"a1"' }))
    book.add(write({ status: 428 }))
    book.add(write({ status: 409, etag: '"x"' }))
    expect(book.resource(NOTE)?.versions).toHaveLength(1)
  })

  it("marks the latest version stale after a 2xx write that showed no tag", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    book.add(write({ ifMatch: '"a1"' }))
    const second = book.add(write({ ifMatch: '"a1"' }))
    expect(second?.event.precondition).toMatchObject({
      state: "stale",
      versionIndex: 1,
      currentVersionIndex: 1
    })
    expect(second?.replacedStateOf).toBe(2)
    book.add(read('"a2"'))
    expect(book.add(write({ ifMatch: '"a2"' }))?.event.precondition.state).toBe("current")
  })

  it("a 304 confirms the version it names and never invents one", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    const confirmed = book.add(
      exchange({ status: 304, kind: "not-modified", request: { "If-None-Match": '"a1"' } })
    )
    const unknown = book.add(
      exchange({ status: 304, kind: "not-modified", request: { "If-None-Match": '"zz"' } })
    )
    expect(confirmed?.event.versionIndex).toBe(1)
    expect(unknown?.event.versionIndex).toBeUndefined()
    expect(book.resource(NOTE)?.versions.map((v) => v.seenBy)).toEqual([[1, 2]])
  })

  it("ignores capture noise: preflight, failed and cached exchanges", () => {
    const book = createLineageBook(keyOf)
    expect(book.add(exchange({ method: "OPTIONS", kind: "preflight" }))).toBeUndefined()
    expect(book.add(write({ status: 0, kind: "failed" }))).toBeUndefined()
    expect(book.add(read('"a1"', { kind: "cached" }))).toBeUndefined()
    expect(book.resources()).toEqual([])
  })

  it("a successful DELETE marks the resource gone", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    const deleted = book.add(write({ method: "DELETE", ifMatch: '"a1"' }))
    expect(deleted?.event.role).toBe("delete")
    expect(book.resource(NOTE)?.exists).toBe(false)
  })

  it("keeps a body version and a header tag on one version, and tells a moved _rev from a repeated hash", () => {
    const book = createLineageBook(keyOf)
    const couchRead = (hash: string, rev: string) =>
      read(hash, { responseTags: [observed(hash), observed(`"${rev}"`, "body:_rev")] })
    book.add(couchRead('W/"h1"', "1-a"))
    book.add(write({ status: 201, responseTags: [observed('"2-b"', "body:_rev")] }))
    book.add(couchRead('W/"h1"', "2-b"))
    const lineage = book.resource(NOTE)
    expect(lineage?.versions.map((v) => v.tag.tag.opaque)).toEqual(["h1", "2-b"])
    expect(lineage?.tagSources).toEqual(["header", "body:_rev"])
    expect(lineage?.versions[1].seenBy).toEqual([3])
  })

  it("takes a read whose _rev names a version as that version, whatever hash its ETag header carries (PouchDB Server)", () => {
    const book = createLineageBook(keyOf)
    const couchRead = (hash: string, rev: string) =>
      read(hash, { responseTags: [observed(hash), observed(`"${rev}"`, "body:_rev")] })
    // The write answers with the revision in ETag; the reads with a weak hash of the body.
    book.add(write({ status: 201, etag: '"1-a"' }))
    book.add(couchRead('W/"h1"', "1-a"))
    book.add(write({ status: 201, etag: '"2-b"' }))
    book.add(couchRead('W/"h2"', "2-b"))
    // A revision that disagrees rules a version out, even when the header tag matches it.
    book.add(couchRead('W/"h2"', "3-c"))
    const lineage = book.resource(NOTE)
    expect(lineage?.versions.map((v) => [v.index, v.tag.tag.opaque, v.introducedBy, v.seenBy])).toEqual([
      [1, "1-a", 1, [2]],
      [2, "2-b", 3, [4]],
      [3, "h2", 5, [5]]
    ])
  })
})

describe("lineage: resource identity", () => {
  it("joins a POST 201 to its Location, keeps the POST target as alias and marks it a collection", () => {
    const book = createLineageBook(keyOf)
    const created = book.add(
      exchange({ method: "POST", url: API, status: 201, response: { Location: `${API}/7`, ETag: '"n7"' } })
    )
    expect(created?.resourceKey).toBe(`${API}/7`)
    expect(created?.event.role).toBe("create")
    expect(book.resource(`${API}/7`)?.aliases).toEqual([API])
    expect(book.history(API)?.collection).toBe(true)
    expect(book.add(write({ url: `${API}/7`, ifMatch: '"n7"' }))?.event.precondition.state).toBe("current")
  })

  it("a POST 201 without Location created another resource: its target is a collection, its tag not the target's", () => {
    // §9.3.3 only SHOULDs a Location; the 201's ETag is the created resource's (§15.3.2).
    const book = createLineageBook(keyOf)
    book.add(read('"L1"', { url: API }))
    const created = book.add(exchange({ method: "POST", url: API, status: 201, response: { ETag: '"n5"' } }))
    expect(created?.event.versionIndex).toBeUndefined()
    expect(book.history(API)?.collection).toBe(true)
    expect(book.resource(API)?.versions.map((version) => version.tag.tag.raw)).toEqual(['"L1"'])
  })

  it("a POST that creates nothing answers with a result, not a version of its target (RFC 9110 §6.4.2)", () => {
    // GraphQL or RPC behind Express: every answer carries a weak ETag of its body.
    const book = createLineageBook(keyOf)
    const rpc = "http://127.0.0.1:4000/graphql"
    for (const tag of ['W/"1a-x"', 'W/"1a-x"', 'W/"2b-y"'])
      book.add(exchange({ method: "POST", url: rpc, response: { ETag: tag } }))
    expect(book.resource(rpc)?.versions).toEqual([])
    expect(book.resource(rpc)?.events.map((event) => event.role)).toEqual(["write", "write", "write"])
  })

  it("a POST's tag names a version when its Content-Location names the target, or the target is known", () => {
    const book = createLineageBook(keyOf)
    const action = `${API}/3`
    book.add(
      exchange({ method: "POST", url: action, response: { ETag: '"r1"', "Content-Location": action } })
    )
    expect(book.resource(action)?.versions.map((version) => version.tag.tag.raw)).toEqual(['"r1"'])
    // A resource read before: a POST to it that answers with a tag updated it.
    book.add(read('"n4-1"', { url: `${API}/4` }))
    book.add(exchange({ method: "POST", url: `${API}/4`, response: { ETag: '"n4-2"' } }))
    expect(book.resource(`${API}/4`)?.versions.map((version) => version.tag.tag.raw)).toEqual([
      '"n4-1"',
      '"n4-2"'
    ])
  })

  it("PUT 201 is a create of the target itself", () => {
    const book = createLineageBook(keyOf)
    const created = book.add(
      write({ url: `${API}/9`, status: 201, etag: '"n9"', request: { "If-None-Match": "*" } })
    )
    expect(created?.event).toMatchObject({ role: "create", versionIndex: 1 })
    expect(created?.event.precondition).toMatchObject({ mechanism: "if-none-match", state: "any" })
  })

  it("adds the item versions a collection read lists to the item resources", () => {
    const book = createLineageBook(keyOf)
    const listed = book.add(
      exchange({ url: API, itemTags: [{ url: `${API}/1`, tag: observed('"a1"', "item:@odata.etag") }] })
    )
    expect(listed?.touchedKeys).toEqual([API, `${API}/1`])
    expect(book.history(API)?.collection).toBe(true)
    expect(book.add(write({ ifMatch: '"a1"' }))?.event.precondition.state).toBe("current")
  })

  it("records replays with role replay while still following what they did", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    const replayed = book.add(write({ ifMatch: '"a1"', etag: '"a2"', origin: "replay" }))
    expect(replayed?.event.role).toBe("replay")
    expect(book.resource(NOTE)?.versions).toHaveLength(2)
  })
})

describe("lineage: eviction", () => {
  it("drops evicted events and reads but keeps the versions they named", () => {
    const book = createLineageBook(keyOf)
    const first = book.add(read('"a1"'))
    book.add(read('"a1"'))
    book.add(write({ ifMatch: '"a1"', etag: '"a2"' }))
    expect(first?.touchedKeys).toEqual([NOTE])
    book.evict(1, first?.touchedKeys ?? [])
    const lineage = book.resource(NOTE)
    expect(lineage?.events.map((e) => e.exchangeId)).toEqual([2, 3])
    expect(lineage?.versions.map((v) => [v.introducedBy, v.seenBy])).toEqual([
      [1, [2]],
      [3, []]
    ])
  })

  it("remembers the credentials of conflict refusals only, and forgets them with the refusal", () => {
    const book = createLineageBook(keyOf)
    const asBob = { Authorization: "Bearer bob" }
    book.add(read('"a1"', { request: asBob }))
    book.add(write({ ifMatch: '"a1"', etag: '"a2"', status: 200, request: asBob }))
    const refused = book.add(write({ ifMatch: '"a1"', status: 412, request: asBob }))
    book.add(write({ status: 428, request: asBob }))
    expect([...(refused?.history.conflictRefusalCredentials ?? [])]).toEqual([[3, "Bearer bob"]])
    // Eviction is oldest first.
    for (const id of [1, 2]) book.evict(id, [NOTE])
    expect(refused?.history.conflictRefusalCredentials?.size).toBe(1)
    book.evict(3, refused?.touchedKeys ?? [])
    expect(refused?.history.conflictRefusalCredentials?.size).toBe(0)
  })

  it("shares the snapshot view until the resource changes", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    const first = book.resource(NOTE)
    book.add(read('"b1"', { url: `${API}/2` }))
    expect(book.resource(NOTE)).toBe(first)
    book.add(read('"a1"'))
    expect(book.resource(NOTE)).not.toBe(first)
  })
})

describe("lineage: CouchDB answers", () => {
  it("a PUT 201 to a resource that existed is a write, not a create", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    expect(book.add(write({ status: 201, etag: '"a2"' }))?.event.role).toBe("write")
  })
})

describe("lineage: body versions", () => {
  it("an @odata.etag or _etag echoed in a write's body is not a precondition; a _rev is", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"'))
    const echoed = book.add(write({ precondition: { bodyVersion: observed('"a1"', "body:@odata.etag") } }))
    expect(echoed?.event.precondition.mechanism).toBe("none")
    const rev = book.add(write({ precondition: { bodyVersion: observed('"a1"', "body:_rev") } }))
    expect(rev?.event.precondition).toMatchObject({ mechanism: "body-version", sent: '"a1"' })
  })
})

describe("lineage: If-Unmodified-Since judged against Last-Modified (RFC 9110 §13.1.4)", () => {
  const T1 = "Wed, 25 Nov 2026 10:00:00 GMT"
  const T2 = "Wed, 25 Nov 2026 10:05:00 GMT"
  const dated = (etag: string, lastModified: string) =>
    read(etag, { response: { ETag: etag, "Last-Modified": lastModified } })
  const writeSince = (date: string, response: Record<string, string> = {}) =>
    write({ request: { "If-Unmodified-Since": date }, response, status: 200 })

  it("is current when no answer showed a later modification, naming the version of that time", () => {
    const book = createLineageBook(keyOf)
    book.add(dated('"a1"', T1))
    expect(book.add(writeSince(T1))?.event.precondition).toMatchObject({
      mechanism: "if-unmodified-since",
      state: "current",
      versionIndex: 1,
      sent: T1
    })
  })

  it("is stale when the resource was modified after the date, and names the version the client had", () => {
    const book = createLineageBook(keyOf)
    book.add(dated('"a1"', T1))
    book.add(write({ ifMatch: '"a1"', response: { ETag: '"a2"', "Last-Modified": T2 } }))
    const late = book.add(writeSince(T1))
    expect(late?.event.precondition).toMatchObject({
      state: "stale",
      versionIndex: 1,
      currentVersionIndex: 2
    })
    expect(late?.replacedStateOf).toBe(2)
  })

  it("is stale without tags too, from Last-Modified alone", () => {
    const book = createLineageBook(keyOf)
    book.add(exchange({ response: { "Last-Modified": T2 } }))
    expect(book.add(writeSince(T1))?.event.precondition).toMatchObject({ state: "stale" })
  })

  it("is not judged after a 2xx write that showed no Last-Modified, or for a date the server must ignore", () => {
    const book = createLineageBook(keyOf)
    book.add(dated('"a1"', T1))
    book.add(write({ ifMatch: '"a1"', status: 200 })) // changed, time unknown
    expect(book.add(writeSince(T1))?.event.precondition).toMatchObject({ state: "unknown" })
    const other = createLineageBook(keyOf)
    other.add(dated('"a1"', T1))
    expect(other.add(writeSince("yesterday"))?.event.precondition).toMatchObject({ state: "unknown" })
  })

  it("yields to If-Match when both are sent (§13.2.2)", () => {
    const book = createLineageBook(keyOf)
    book.add(dated('"a1"', T1))
    const both = book.add(
      write({ ifMatch: '"a1"', request: { "If-Unmodified-Since": "Thu, 01 Jan 1970 00:00:00 GMT" } })
    )
    expect(both?.event.precondition).toMatchObject({ mechanism: "if-match", state: "current" })
  })
})

describe("lineage: a server without tags numbers its versions by Last-Modified (RFC 9110 §8.8.2)", () => {
  const T1 = "Thu, 01 Jan 2026 00:01:00 GMT"
  const T2 = "Thu, 01 Jan 2026 00:02:00 GMT"
  const readAt = (lastModified: string) => exchange({ response: { "Last-Modified": lastModified } })
  const writeSince = (date: string, lastModified?: string, status = 200) =>
    write({
      request: { "If-Unmodified-Since": date },
      response: lastModified === undefined ? {} : { "Last-Modified": lastModified },
      status
    })

  it("each modification date is a version, seen by reads and produced by writes", () => {
    const book = createLineageBook(keyOf)
    book.add(readAt(T1))
    book.add(readAt("Thursday, 01-Jan-26 00:01:00 GMT")) // the same second in RFC 850 form
    const current = book.add(writeSince(T1, T2))
    const stale = book.add(writeSince(T1, undefined, 412))
    const lineage = book.resource(NOTE)
    expect(lineage?.tagSources).toEqual(["last-modified"])
    expect(lineage?.versions.map((v) => [v.index, v.tag.tag.raw, v.introducedBy, v.seenBy])).toEqual([
      [1, T1, 1, [1, 2]],
      [2, T2, 3, []]
    ])
    expect(current?.event).toMatchObject({
      versionIndex: 2,
      precondition: { state: "current", versionIndex: 1 }
    })
    expect(stale?.event.precondition).toMatchObject({
      state: "stale",
      versionIndex: 1,
      currentVersionIndex: 2
    })
  })

  it("a 304 confirms the dated version it shows", () => {
    const book = createLineageBook(keyOf)
    book.add(readAt(T1))
    const revalidated = exchange({
      kind: "not-modified",
      status: 304,
      request: { "If-Modified-Since": T1 },
      response: { "Last-Modified": T1 }
    })
    expect(book.add(revalidated)?.event.versionIndex).toBe(1)
  })

  it("a resource with tags keeps its tags as versions; dates only describe them", () => {
    const book = createLineageBook(keyOf)
    book.add(read('"a1"', { response: { ETag: '"a1"', "Last-Modified": T1 } }))
    book.add(write({ ifMatch: '"a1"', response: { "Last-Modified": T2 } })) // no new tag: no version
    const lineage = book.resource(NOTE)
    expect(lineage?.tagSources).toEqual(["header"])
    expect(lineage?.versions.map((v) => v.tag.tag.raw)).toEqual(['"a1"'])
  })
})

describe("lineage: the same content under another tag (RFC 9110 §8.8.1)", () => {
  const body = (text: string) => ({ mimeType: "application/json", size: text.length, text })
  const shown = (etag: string, text = '{"text":"same"}') =>
    read(etag, { response: { ETag: etag, "Content-Type": "application/json" }, responseBody: body(text) })

  it("two reads with nothing written in between: one version known by both tags, either tag current", () => {
    const book = createLineageBook(keyOf)
    book.add(shown('"n1:web1"'))
    const second = book.add(shown('"n1:web2"'))
    expect(second?.retaggedFrom).toMatchObject({ exchangeId: 1, versionIndex: 1 })
    expect(second?.event.versionIndex).toBe(1)
    const lineage = book.resource(NOTE)
    expect(lineage?.versions).toHaveLength(1)
    expect(lineage?.versions[0].seenBy).toEqual([1, 2])
    expect(lineage?.versions[0].otherTags?.map((tag) => tag.tag.raw)).toEqual(['"n1:web2"'])
    // A write with the first node's tag is based on the current version, not on a stale one.
    const writeWithFirst = book.add(write({ ifMatch: '"n1:web1"', etag: '"n2:web1"' }))
    expect(writeWithFirst?.event.precondition).toMatchObject({ state: "current", versionIndex: 1 })
    // …and once it made v2, the second node's tag of v1 is stale.
    const writeWithSecond = book.add(write({ ifMatch: '"n1:web2"', status: 412 }))
    expect(writeWithSecond?.event.precondition).toMatchObject({ state: "stale", versionIndex: 1 })
  })

  it("a read from another node right after a write: the write's version under the read's tag too", () => {
    const book = createLineageBook(keyOf)
    book.add(shown('"n1:web1"', '{"id":"1","text":"old"}'))
    // web1 takes the write and answers with the new representation and its tag.
    const json = { "Content-Type": "application/json; charset=utf-8" }
    const put = write({
      ifMatch: '"n1:web1"',
      status: 200,
      etag: '"n2:web1"',
      response: json,
      responseBody: body('{"id":"1","text":"new"}')
    })
    book.add(put)
    // web2 shows the same content under its own tag.
    const fromWeb2 = book.add(shown('"n2:web2"', '{"id":"1","text":"new"}'))
    expect(fromWeb2?.retaggedFrom).toMatchObject({ exchangeId: 2, method: "PUT", versionIndex: 2 })
    expect(
      book.resource(NOTE)?.versions.map((version) => version.otherTags?.map((tag) => tag.tag.raw))
    ).toEqual([undefined, ['"n2:web2"']])
    const next = book.add(write({ ifMatch: '"n2:web1"', etag: '"n3:web1"' }))
    expect(next?.event.precondition).toMatchObject({ state: "current", versionIndex: 2 })
  })

  it("a PUT answered without a body is compared by what it sent (media type without parameters)", () => {
    const book = createLineageBook(keyOf)
    book.add(shown('"n1:web1"', '{"text":"old"}'))
    const sent = '{"text":"new"}'
    book.add(
      write({
        ifMatch: '"n1:web1"',
        status: 204,
        etag: '"n2:web1"',
        request: { "Content-Type": "application/json" },
        requestBody: body(sent)
      })
    )
    const fromWeb2 = book.add(
      read('"n2:web2"', {
        response: { ETag: '"n2:web2"', "Content-Type": "application/json; charset=utf-8" },
        responseBody: body(sent)
      })
    )
    expect(fromWeb2?.retaggedFrom?.exchangeId).toBe(2)
  })

  it("different content, or a write in between, makes a new version as before", () => {
    const changed = createLineageBook(keyOf)
    changed.add(shown('"a"'))
    expect(changed.add(shown('"b"', '{"text":"other"}'))?.retaggedFrom).toBeUndefined()
    expect(changed.resource(NOTE)?.versions).toHaveLength(2)
    resetExchangeIds()
    const written = createLineageBook(keyOf)
    written.add(shown('"a"'))
    written.add(write({ status: 204 }))
    expect(written.add(shown('"b"'))?.retaggedFrom).toBeUndefined()
    expect(written.resource(NOTE)?.versions.map((version) => version.otherTags)).toEqual([
      undefined,
      undefined
    ])
  })
})

describe("lineage: another representation of the same version (RFC 9110 §8.8.3)", () => {
  const MODIFIED = "Fri, 27 Nov 2026 04:58:56 GMT"
  const as = (
    etag: string,
    type: string,
    headers: Record<string, string | undefined> = {},
    text = `${type} body`
  ) =>
    read(etag, {
      response: {
        ETag: etag,
        "Content-Type": type,
        Vary: "Accept, Origin",
        "Last-Modified": MODIFIED,
        ...headers
      },
      responseBody: { mimeType: type, size: text.length, text }
    })

  it("a JSON-LD read of the version a Turtle read showed: one version, either tag current", () => {
    const book = createLineageBook(keyOf)
    book.add(as('"1-text/turtle"', "text/turtle"))
    const other = book.add(as('"1-application/ld+json"', "application/ld+json"))
    expect(other?.event.versionIndex).toBe(1)
    // Not reported as a tag that changed without a write: the representation did change.
    expect(other?.retaggedFrom).toBeUndefined()
    const [version, ...later] = book.resource(NOTE)?.versions ?? []
    expect(later).toEqual([])
    expect(version?.otherTags?.map((tag) => [tag.tag.raw, tag.representation])).toEqual([
      ['"1-application/ld+json"', "application/ld+json"]
    ])
    expect(printLineage(book.resource(NOTE)!)).toContain('also "1-application/ld+json" (application/ld+json)')
    expect(version?.seenBy).toEqual([1, 2])
    // The first read's tag is still the current version's: no stale write, so no lost update.
    const save = book.add(write({ ifMatch: '"1-text/turtle"', status: 205 }))
    expect(save?.event.precondition).toMatchObject({ state: "current", versionIndex: 1 })
  })

  it("a coding or language that Vary names tells representations apart too; `Vary: *` names all", () => {
    const coded = createLineageBook(keyOf)
    coded.add(as('"1"', "application/json", { Vary: "Accept-Encoding" }))
    const gzip = { Vary: "Accept-Encoding", "Content-Encoding": "gzip" }
    expect(coded.add(as('"1-gzip"', "application/json", gzip))?.event.versionIndex).toBe(1)
    expect(coded.resource(NOTE)?.versions[0].otherTags?.[0].representation).toBe("gzip")
    resetExchangeIds()
    const any = createLineageBook(keyOf)
    any.add(as('"en"', "text/html", { Vary: "*", "Content-Language": "en" }))
    expect(
      any.add(as('"de"', "text/html", { Vary: "*", "Content-Language": "de" }))?.event.versionIndex
    ).toBe(1)
  })

  it("a new version as before: no Vary, the same media type, a Vary that names another header", () => {
    const cases: Record<string, string | undefined>[] = [
      { Vary: undefined },
      { Vary: "Origin" },
      { Vary: "Accept-Language" }
    ]
    for (const headers of cases) {
      resetExchangeIds()
      const book = createLineageBook(keyOf)
      book.add(as('"1-text/turtle"', "text/turtle", headers))
      expect(
        book.add(as('"1-application/ld+json"', "application/ld+json", headers))?.event.versionIndex
      ).toBe(2)
    }
    resetExchangeIds()
    const sameType = createLineageBook(keyOf)
    sameType.add(as('"a"', "text/turtle", {}, "<#a> <#b> 1."))
    expect(sameType.add(as('"b"', "text/turtle", {}, "<#a> <#b> 2."))?.event.versionIndex).toBe(2)
  })

  it("a new version as before: another Last-Modified, or a write in between", () => {
    const redated = createLineageBook(keyOf)
    redated.add(as('"1-text/turtle"', "text/turtle"))
    const later = { "Last-Modified": "Fri, 27 Nov 2026 05:00:00 GMT" }
    expect(redated.add(as('"2-application/ld+json"', "application/ld+json", later))?.event.versionIndex).toBe(
      2
    )
    resetExchangeIds()
    const written = createLineageBook(keyOf)
    written.add(as('"1-text/turtle"', "text/turtle"))
    written.add(write({ status: 205 }))
    expect(written.add(as('"2-application/ld+json"', "application/ld+json"))?.event.versionIndex).toBe(2)
    expect(written.resource(NOTE)?.versions.map((version) => version.otherTags)).toEqual([
      undefined,
      undefined
    ])
  })
})

describe("lineage: another user's representation (Vary: Authorization)", () => {
  const jwtOf = (subject: string) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
    return `Bearer ${part({ alg: "none" })}.${part({ sub: subject })}.`
  }
  /** A read by `user` of a note the server tags per user (its own permissions in the body). */
  const readBy = (user: string, etag: string, vary = "Authorization", text = `{"text":"a","by":"${user}"}`) =>
    read(etag, {
      request: { Authorization: user.startsWith("opaque") ? `Bearer ${user}` : jwtOf(user) },
      response: { ETag: etag, "Content-Type": "application/json", Vary: vary },
      responseBody: { mimeType: "application/json", size: text.length, text }
    })

  it("Bob's read of the version Alice's read showed, under his own tag: one version, either tag current", () => {
    const book = createLineageBook(keyOf)
    book.add(readBy("alice", '"1-alice"'))
    const bobs = book.add(readBy("bob", '"1-bob"'))
    expect(bobs?.event.versionIndex).toBe(1)
    expect(bobs?.retaggedFrom).toBeUndefined()
    // The model names nobody (a subject may be personal data): the read, whose user a view names.
    const [bobsTag] = book.resource(NOTE)?.versions[0].otherTags ?? []
    expect(bobsTag).toMatchObject({
      representation: "for another user",
      representedFor: bobs?.event.exchangeId
    })
    expect(printLineage(book.resource(NOTE)!)).toContain('also "1-bob" (for another user)')
    const users = new Map([[bobs?.event.exchangeId ?? 0, "bob"]])
    expect(printLineage(book.resource(NOTE)!, [], users)).toContain('also "1-bob" (for bob)')
    const save = book.add(write({ ifMatch: '"1-alice"', etag: '"2-alice"', status: 200 }))
    expect(save?.event.precondition).toMatchObject({ state: "current", versionIndex: 1 })
  })

  it("the same content under another user's tag is no retag either; an opaque token is 'another user'", () => {
    const book = createLineageBook(keyOf)
    book.add(readBy("opaque-1", '"1-a"'))
    const other = book.add(
      read('"1-b"', {
        request: { Authorization: "Bearer opaque-2" },
        response: { ETag: '"1-b"', "Content-Type": "application/json", Vary: "Accept, Authorization" },
        responseBody: { mimeType: "application/json", size: 28, text: '{"text":"a","by":"opaque-1"}' }
      })
    )
    expect(other?.retaggedFrom).toBeUndefined()
    expect(book.resource(NOTE)?.versions[0].otherTags?.map((tag) => tag.representation)).toEqual([
      "for another user"
    ])
  })

  it("Vary: Cookie tells apart users of two server-side sessions; Vary: Authorization does not", () => {
    const bySession = (id: string, etag: string, vary: string) =>
      read(etag, {
        request: { Cookie: `theme=dark; sessionid=${id}` },
        response: { ETag: etag, "Content-Type": "application/json", Vary: vary },
        responseBody: { mimeType: "application/json", size: 12, text: '{"text":"a"}' }
      })
    const book = createLineageBook(keyOf)
    book.add(bySession("s-alice", '"1-a"', "Cookie"))
    const bobs = book.add(bySession("s-bob", '"1-b"', "Accept-Encoding, Cookie"))
    expect(bobs?.event.versionIndex).toBe(1)
    expect(bobs?.retaggedFrom).toBeUndefined()
    expect(book.resource(NOTE)?.versions[0].otherTags?.[0].representation).toBe("for another user")
    // The answer does not vary by the session cookie: the same content retagged (tag-changed-without-write).
    resetExchangeIds()
    const byAuthorization = createLineageBook(keyOf)
    byAuthorization.add(bySession("s-alice", '"1-a"', "Authorization"))
    expect(byAuthorization.add(bySession("s-bob", '"1-b"', "Authorization"))?.retaggedFrom).toBeDefined()
  })

  it("Vary: Cookie and a session the server renewed: the same user, so another tag of the same content is a retag", () => {
    const bySession = (id: string, etag: string) =>
      read(etag, {
        request: { Cookie: `sessionid=${id}` },
        response: { ETag: etag, "Content-Type": "application/json", Vary: "Cookie" },
        responseBody: { mimeType: "application/json", size: 12, text: '{"text":"a"}' }
      })
    const renewed = new Map([["session sessionid=s-alice-2", "session sessionid=s-alice"]])
    const book = createLineageBook(keyOf, renewed)
    book.add(bySession("s-alice", '"1-a"'))
    const again = book.add(bySession("s-alice-2", '"1-b"'))
    expect(again?.retaggedFrom).toBeDefined()
    expect(book.resource(NOTE)?.versions[0].otherTags?.[0].representation).toBeUndefined()
  })

  it("a new version as before: the same user, no Authorization, or a Vary without it", () => {
    const cases = [
      [readBy("alice", '"1"'), readBy("alice", '"2"', "Authorization", '{"text":"b"}')],
      [
        read('"1"', { response: { ETag: '"1"', Vary: "Authorization" } }),
        read('"2"', { response: { ETag: '"2"', Vary: "Authorization" } })
      ],
      [readBy("alice", '"1"', "Accept"), readBy("bob", '"2"', "Accept")]
    ]
    for (const [first, second] of cases) {
      resetExchangeIds()
      const book = createLineageBook(keyOf)
      book.add(first)
      expect(book.add(second)?.event.versionIndex).toBe(2)
    }
  })
})

describe("lineage: a query the identity ignores may select another representation (RFC 9110 §8.8.3)", () => {
  const shown = (etag: string, query: string, text: string) =>
    read(etag, {
      url: `${NOTE}${query}`,
      response: { ETag: etag, "Content-Type": "application/json" },
      responseBody: { mimeType: "application/json", size: text.length, text }
    })

  it("a read with other parameter names (?_embed=comments): the same version, its tag current", () => {
    const book = createLineageBook(keyOf)
    book.add(shown('W/"24-a"', "", '{"id":1}'))
    const embedded = book.add(shown('W/"81-b"', "?_embed=comments", '{"id":1,"comments":[]}'))
    expect(embedded?.event.versionIndex).toBe(1)
    expect(embedded?.retaggedFrom).toBeUndefined()
    expect(book.resource(NOTE)?.versions[0].otherTags?.[0].representation).toBe("?_embed")
    const save = book.add(write({ ifMatch: 'W/"24-a"', status: 200, etag: 'W/"24-c"' }))
    expect(save?.event.precondition).toMatchObject({ state: "current", versionIndex: 1 })
  })

  it("a new version as before: other parameter names, but a field both show has changed (a write unseen)", () => {
    const book = createLineageBook(keyOf)
    book.add(shown('W/"24-a"', "", '{"id":1,"text":"old"}'))
    const changed = book.add(shown('W/"81-b"', "?_embed=comments", '{"id":1,"text":"new","comments":[]}'))
    expect(changed?.event.versionIndex).toBe(2)
  })

  it("a new version as before: the same names with other values (a cache buster), or a body revision", () => {
    const busted = createLineageBook(keyOf)
    busted.add(shown('W/"24-a"', "?_=1", '{"id":1}'))
    expect(busted.add(shown('W/"24-b"', "?_=2", '{"id":1,"text":"changed"}'))?.event.versionIndex).toBe(2)
    resetExchangeIds()
    const couch = createLineageBook(keyOf)
    const revision = (rev: string, query: string) =>
      read(undefined, {
        url: `${NOTE}${query}`,
        responseBody: { mimeType: "application/json", size: 20, text: `{"_rev":"${rev}"}` }
      })
    couch.add({ ...revision("2-b", ""), responseTags: [observed("2-b", "body:_rev")] })
    const old = couch.add({ ...revision("1-a", "?rev=1-a"), responseTags: [observed("1-a", "body:_rev")] })
    expect(old?.event.versionIndex).toBe(2)
  })
})
