import { beforeEach, describe, expect, it } from "vitest"

import type { Exchange } from "../../../src/core/model"
import { exchange, observed, read, resetExchangeIds, sentBy, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "lost-update"
beforeEach(resetExchangeIds)

describe("lost-update fires when", () => {
  it("a stale If-Match is answered 2xx: evidence is the overwritten write and the stale one", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      write({ ifMatch: '"a1"', etag: '"a3"' })
    ])
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [2, 3] })])
    expect(found[0].message).toContain("current was v2")
    // The overwritten write is the victim: named for context, not as at fault.
    expect(found[0].contextExchangeIds).toEqual([2])
  })

  it("the overwritten write answered without a tag (the next one reused the old tag)", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"' }), write({ ifMatch: '"a1"' })])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
  })

  it("a stale body version (CouchDB _rev) is answered 2xx", () => {
    const rev = (text: string) => ({ bodyVersion: observed(text, "body:_rev") })
    const found = findingsOf(rule, [
      read(undefined, { responseTags: [observed('"1-a"', "body:_rev")] }),
      write({ status: 201, precondition: rev('"1-a"'), responseTags: [observed('"2-b"', "body:_rev")] }),
      write({ status: 201, precondition: rev('"1-a"') })
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
  })

  it("a retry with the tag a 412 refused is accepted, the 412's ETag having shown a newer one (Firebase)", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 412 }),
      write({ ifMatch: '"a1"', status: 200 })
    ])
    expect(found.map((f) => f.message)).toEqual([
      "#3 PUT based on v1 (current was v2) was accepted with 200: overwrote v2 (revealed by #2 PUT → 412)"
    ])
  })

  it("an If-Match list of stale tags is accepted: named by the newest version it lists", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 }),
      write({ ifMatch: '"a2"', etag: '"a3"', status: 200 }),
      write({ ifMatch: '"a1", "a2"', status: 200 })
    ])
    expect(found.map((f) => f.message)).toEqual([
      "#4 PUT based on v2 (current was v3) was accepted with 200: overwrote #3"
    ])
  })
})

describe("lost-update on records addressed by a query parameter the resource identity leaves out", () => {
  const DOC = "http://127.0.0.1:8787/api/document"

  it("says when the write names another record (?id=2) than the requests before it (?id=1)", () => {
    const found = findingsOf(rule, [
      read('"a1"', { url: `${DOC}?id=1` }),
      read('"b1"', { url: `${DOC}?id=2&_=1764331200000` }),
      write({ url: `${DOC}?docId=7&id=2`, ifMatch: '"b1"', etag: '"b2"' }),
      write({ url: `${DOC}?id=1`, ifMatch: '"a1"', etag: '"a2"' })
    ])
    expect(found.map((finding) => finding.message)).toEqual([
      "#4 PUT based on v1 (current was v3) was accepted with 204: overwrote #3. " +
        "This request names ?id=1, others to this URL ?id=2: if id names the record, they are different " +
        "resources and this is no lost update (add id to the query parameters that name a resource: " +
        "⚙ Settings, or --identity-query-param id)"
    ])
  })

  it("says nothing when every request named the same record, or the parameter is no record id", () => {
    const sameRecord = [
      read('"a1"', { url: `${DOC}?id=1&requestId=r1` }),
      write({ url: `${DOC}?id=1&requestId=r2`, ifMatch: '"a1"', etag: '"a2"' }),
      write({ url: `${DOC}?id=1&requestId=r3&page=2`, ifMatch: '"a1"', etag: '"a3"' })
    ]
    const [finding] = findingsOf(rule, sameRecord)
    expect(finding.message).toBe("#3 PUT based on v1 (current was v2) was accepted with 204: overwrote #2")
  })
})

describe("lost-update on a write accepted for processing (202)", () => {
  it("says the overwrite follows when the server carries it out: a 202 is not enacted yet (§15.3.3)", () => {
    const queued = [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      write({ ifMatch: '"a1"', status: 202, etag: undefined })
    ]
    const [finding] = findingsOf(rule, queued)
    expect(finding.message).toBe(
      "#3 PUT based on v1 (current was v2) was accepted with 202 (for processing, not enacted yet): " +
        "when carried out, it overwrites #2"
    )
  })
})

describe("lost-update fires on a resource shown gone", () => {
  it("a write naming the version a DELETE removed is answered 2xx: it brought the resource back", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ method: "DELETE", ifMatch: '"a1"' }),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200 })
    ])
    expect(found).toEqual([expect.objectContaining({ exchangeIds: [2, 3], contextExchangeIds: [2] })])
    expect(found[0].message).toBe(
      "#3 PUT based on v1 of a resource gone since (deleted by #2) was accepted with 200: it brought the resource back"
    )
  })

  it("after a read answered 404 or 410, naming that read", () => {
    for (const status of [404, 410]) {
      resetExchangeIds()
      const found = findingsOf(rule, [
        read('"a1"'),
        read(undefined, { status }),
        write({ ifMatch: '"a1"', etag: '"a2"' })
      ])
      expect(found.map((finding) => finding.message)).toEqual([
        `#3 PUT based on v1 of a resource gone since (#2 GET → ${status}) was accepted with 204: it brought the resource back`
      ])
    }
  })

  it("not when the DELETE was answered 202 (not enacted yet) or refused, or a create brought it back first", () => {
    const deleted = (status: number) => write({ method: "DELETE", ifMatch: '"a1"', status })
    for (const status of [202, 412]) {
      resetExchangeIds()
      expect(findingsOf(rule, [read('"a1"'), deleted(status), write({ ifMatch: '"a1"' })])).toEqual([])
    }
    resetExchangeIds()
    const recreated = [
      read('"a1"'),
      deleted(204),
      write({ request: { "If-None-Match": "*" }, etag: '"a2"', status: 201 }),
      write({ ifMatch: '"a2"', etag: '"a3"' })
    ]
    expect(findingsOf(rule, recreated)).toEqual([])
  })
})

describe("lost-update fires on dates too", () => {
  it("an If-Unmodified-Since older than the Last-Modified an answer showed is answered 2xx", () => {
    const T1 = "Wed, 25 Nov 2026 10:00:00 GMT"
    const T2 = "Wed, 25 Nov 2026 10:05:00 GMT"
    const since = (date: string, lastModified: string) =>
      write({ request: { "If-Unmodified-Since": date }, response: { "Last-Modified": lastModified } })
    const found = findingsOf(rule, [
      read('"a1"', { response: { ETag: '"a1"', "Last-Modified": T1 } }),
      since(T1, T2),
      since(T1, T2)
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[2, 3]])
    // A date the traffic cannot judge (no Last-Modified after the untagged write) is not evidence.
    resetExchangeIds()
    const unjudged = [
      read('"a1"'),
      write({ ifMatch: '"a1"' }),
      write({ request: { "If-Unmodified-Since": T1 } })
    ]
    expect(findingsOf(rule, unjudged)).toEqual([])
  })
})

describe("lost-update must not fire when", () => {
  it("the tag was current", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })])).toEqual([])
  })

  it("the tag was current for its user, on an API that tags each user's representation apart (Vary: Authorization)", () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
    const as = (user: string) => ({
      Authorization: `Bearer ${part({ alg: "none" })}.${part({ sub: user })}.`
    })
    const readBy = (user: string, etag: string) =>
      read(etag, {
        request: as(user),
        response: { ETag: etag, Vary: "Authorization" },
        responseBody: { mimeType: "application/json", size: 30, text: `{"text":"a","canDelete":"${user}"}` }
      })
    const twoUsers = [
      readBy("alice", '"a1-alice"'),
      readBy("bob", '"a1-bob"'),
      write({ ifMatch: '"a1-alice"', etag: '"a2-alice"', status: 200, request: as("alice") })
    ]
    expect(findingsOf(rule, twoUsers)).toEqual([])
  })

  it("the tag was current on a farm whose nodes tag the same content differently (one version, two tags)", () => {
    const body = { mimeType: "application/json", size: 15, text: '{"text":"same"}' }
    const fromNode = (etag: string) => read(etag, { responseBody: body })
    const farm = [
      fromNode('"a1:web1"'),
      fromNode('"a1:web2"'),
      write({ ifMatch: '"a1:web1"', etag: '"a2:web1"' })
    ]
    expect(findingsOf(rule, farm)).toEqual([])
    // Without the bodies the two tags look like two versions: the first is then stale, and reported.
    resetExchangeIds()
    const blind = [read('"a1:web1"'), read('"a1:web2"'), write({ ifMatch: '"a1:web1"', etag: '"a2:web1"' })]
    expect(findingsOf(rule, blind)).toHaveLength(1)
  })

  it("the stale write was refused (412, 409)", () => {
    const history = [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]
    expect(findingsOf(rule, [...history, write({ ifMatch: '"a1"', status: 412 })])).toEqual([])
    expect(findingsOf(rule, [...history, write({ ifMatch: '"a1"', status: 409 })])).toEqual([])
  })

  it("the write before it answered without a tag but sent the content the resource had (a no-op save)", () => {
    const body = (text: string) => ({ mimeType: "application/json", size: text.length, text })
    const shown = '{"id":1,"text":"a"}'
    const saves = (second: string) => [
      read('"h-a"', { responseBody: body(shown) }),
      write({ ifMatch: '"h-a"', requestBody: body('{"text":"a","id":1}') }),
      write({ ifMatch: '"h-a"', requestBody: body(second) })
    ]
    // A server that tags by content keeps the tag of an unchanged save: the next save is current.
    expect(findingsOf(rule, saves('{"id":1,"text":"b"}'))).toEqual([])
    // The first save changed the content: the tag it did not answer with is outdated.
    resetExchangeIds()
    const changed = [
      read('"h-a"', { responseBody: body(shown) }),
      write({ ifMatch: '"h-a"', requestBody: body('{"id":1,"text":"b"}') }),
      write({ ifMatch: '"h-a"', requestBody: body('{"id":1,"text":"c"}') })
    ]
    expect(findingsOf(rule, changed).map((finding) => finding.exchangeIds)).toEqual([[2, 3]])
  })

  it("the write had no precondition at all (that is missing-if-match)", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ etag: '"a2"' }), write({})])).toEqual([])
  })

  it("the stale exchange is capture noise or a replay", () => {
    const history = [read('"a1"'), write({ ifMatch: '"a1"', etag: '"a2"' })]
    const stale = write({ ifMatch: '"a1"' })
    expect(findingsOf(rule, [...history, ...noiseVariants(stale)])).toEqual([])
    expect(findingsOf(rule, [...history, { ...stale, origin: "replay" }])).toEqual([])
  })
})

describe("lost-update evidence", () => {
  it("names the read that revealed someone else's newer version when the capture missed that write", () => {
    const found = findingsOf(rule, [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      read('"a3"'),
      write({ ifMatch: '"a2"', etag: '"a4"' })
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[3, 4]])
    expect(found[0].contextExchangeIds).toEqual([3])
    // The version it overwrote, and the read that showed it: no write of the capture made it.
    expect(found[0].message).toBe(
      "#4 PUT based on v2 (current was v3) was accepted with 204: overwrote v3 (revealed by #3 GET)"
    )
  })
})

/** Alice and Bob read v1; Alice saves v2 without a precondition; then `bobsWrite` (#4). */
function afterAlicesBlindSave(bobsWrite: Exchange, between: readonly Exchange[] = []): Exchange[] {
  return [
    read('"a1"', sentBy("alice")),
    read('"a1"', sentBy("bob")),
    write({ etag: '"a2"', status: 200, ...sentBy("alice") }),
    ...between,
    bobsWrite
  ]
}

describe("lost-update fires without a tag when two users show it", () => {
  it("a PUT without a precondition replaced another user's change its user never read (the lab's demo, boxes unticked)", () => {
    const found = findingsOf(
      rule,
      afterAlicesBlindSave(write({ etag: '"a3"', status: 200, ...sentBy("bob") }))
    )
    expect(found).toEqual([expect.objectContaining({ severity: "error", exchangeIds: [3, 4] })])
    expect(found[0].message).toBe(
      "#4 PUT sent no precondition and was accepted with 200: it overwrote v2, another user's change (#3), which its user had not read"
    )
    // Alice's save is the victim: named for context, as the lineage's "overwrote #3" reads it.
    expect(found[0].contextExchangeIds).toEqual([3])
  })

  it("If-Match: * replaced it, or a DELETE removed it", () => {
    const star = findingsOf(
      rule,
      afterAlicesBlindSave(write({ ifMatch: "*", status: 200, ...sentBy("bob") }))
    )
    expect(star.map((f) => f.message)).toEqual([
      expect.stringContaining("#4 PUT sent If-Match: * and was accepted")
    ])
    resetExchangeIds()
    const gone = findingsOf(
      rule,
      afterAlicesBlindSave(write({ method: "DELETE", status: 204, ...sentBy("bob") }))
    )
    expect(gone.map((f) => f.message)).toEqual([
      expect.stringContaining("it deleted v2, another user's change (#3)")
    ])
  })

  it("the users are two browsers' session cookies, and the change was a create the other never read", () => {
    const session = (id: string) => ({ request: { Cookie: `theme=dark; sessionid=${id}` } })
    const created = write({ status: 201, etag: '"a1"', ...session("alice-1") })
    const found = findingsOf(rule, [created, write({ status: 200, ...session("bob-7") })])
    expect(found.map((f) => f.exchangeIds)).toEqual([[1, 2]])
    expect(found[0].message).toContain("it overwrote v1, another user's change (#1)")
  })

  it("one browser whose session id the server renews in an answer (PHP's session_regenerate_id) is one user", () => {
    const session = (id: string) => ({ Cookie: `theme=dark; PHPSESSID=${id}` })
    const renewedTo = (id: string) => ({ "Set-Cookie": `PHPSESSID=${id}; path=/; HttpOnly` })
    const created = write({ status: 201, etag: '"a1"', request: session("s1"), response: renewedTo("s2") })
    const saved = write({ status: 200, etag: '"a2"', request: session("s2"), response: renewedTo("s3") })
    const savedAgain = write({ status: 200, request: session("s3") })
    expect(findingsOf(rule, [created, saved, savedAgain])).toEqual([])
    // Still written blind: missing-if-match says so, without "another user's change".
    resetExchangeIds()
    const renewed = [
      write({ status: 201, etag: '"a1"', request: session("s1"), response: renewedTo("s2") }),
      write({ status: 200, request: session("s2") })
    ]
    expect(findingsOf("missing-if-match", renewed).map((f) => f.message)).toEqual([
      "#2 PUT sent no If-Match although v1 was known → 200"
    ])
  })

  it("a session id renewed by a login (or a deleted session cookie) may be another user: still two", () => {
    const session = (id: string) => ({ Cookie: `PHPSESSID=${id}` })
    const created = write({ status: 201, etag: '"a1"', request: session("alice") })
    const login = exchange({
      method: "POST",
      url: "http://127.0.0.1:8787/api/login",
      request: session("alice"),
      response: { "Set-Cookie": "PHPSESSID=bob; path=/" }
    })
    const found = findingsOf(rule, [created, login, write({ status: 200, request: session("bob") })])
    expect(found.map((f) => f.exchangeIds)).toEqual([[1, 3]])
    resetExchangeIds()
    const loggedOut = write({
      status: 201,
      etag: '"a1"',
      request: session("alice"),
      response: { "Set-Cookie": "PHPSESSID=deleted; Max-Age=0; path=/" }
    })
    const expired = findingsOf(rule, [loggedOut, write({ status: 200, request: session("deleted") })])
    expect(expired.map((f) => f.exchangeIds)).toEqual([[1, 2]])
  })

  it("the other user's change answered without a tag: it made no version the traffic can name (Django's saves)", () => {
    const story = [
      read('"a1"', sentBy("alice")),
      read('"a1"', sentBy("bob")),
      write({ status: 200, ...sentBy("alice") })
    ]
    const found = findingsOf(rule, [...story, write({ status: 200, ...sentBy("bob") })])
    expect(found.map((f) => f.message)).toEqual([
      "#4 PUT sent no precondition and was accepted with 200: it overwrote another user's change (#3), which its user had not read"
    ])
    resetExchangeIds()
    const missing = findingsOf("missing-if-match", [...story, write({ status: 200, ...sentBy("bob") })])
    expect(missing.map((f) => f.message)).toEqual([
      "#3 PUT sent no If-Match although v1 was known → 200",
      "#4 PUT sent no If-Match (another user's change, #3, was current) → 200"
    ])
  })

  it("only the user that missed the change is reported, each time", () => {
    const found = findingsOf(
      rule,
      afterAlicesBlindSave(write({ etag: '"a3"', status: 200, ...sentBy("bob") }), [
        read('"a2"', sentBy("carol")),
        write({ etag: '"a2b"', status: 200, ...sentBy("carol") })
      ])
    )
    // Carol read Alice's v2 before saving over it: not lost. Bob then overwrote Carol's save unread.
    expect(found.map((f) => f.exchangeIds)).toEqual([[5, 6]])
  })
})

describe("lost-update without a tag, for a JSON merge patch", () => {
  const json = (value: object) => ({
    mimeType: "application/json",
    size: JSON.stringify(value).length,
    text: JSON.stringify(value)
  })
  const jsonHeaders = (user: string) => sentBy(user, { "Content-Type": "application/json" })
  const note = { title: "Groceries", text: "milk", done: false }
  const readBy = (user: string) => read('"a1"', { ...sentBy(user), responseBody: json(note) })
  const patchBy = (user: string, patch: object, etag?: string) =>
    write({ method: "PATCH", status: 200, etag, ...jsonHeaders(user), requestBody: json(patch) })

  it("fires where it set again a member the other user's patch had set, naming those members", () => {
    const found = findingsOf(rule, [
      readBy("alice"),
      readBy("bob"),
      patchBy("alice", { text: "milk, eggs", done: true }, '"a2"'),
      patchBy("bob", { done: false, text: "oat milk", title: "Groceries" })
    ])
    expect(found.map((f) => f.message)).toEqual([
      "#4 PATCH sent no precondition and was accepted with 200: it overwrote done and text in v2, another user's change (#3), which its user had not read"
    ])
  })

  it("fires over a PUT whose representation before it was read, for the members that PUT changed", () => {
    const found = findingsOf(rule, [
      readBy("alice"),
      readBy("bob"),
      write({
        status: 200,
        etag: '"a2"',
        ...jsonHeaders("alice"),
        requestBody: json({ ...note, text: "eggs" })
      }),
      patchBy("bob", { text: "bread" })
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[3, 4]])
    expect(found[0].message).toContain("it overwrote text in v2")
  })

  it("does not fire where it changed other members, set the same value, or the change's content is unknown", () => {
    const otherMembers = [readBy("alice"), readBy("bob"), patchBy("alice", { text: "eggs" }, '"a2"')]
    expect(findingsOf(rule, [...otherMembers, patchBy("bob", { title: "Shopping" })])).toEqual([])
    resetExchangeIds()
    expect(findingsOf(rule, [...otherMembers, patchBy("bob", { text: "eggs" })])).toEqual([])
    resetExchangeIds()
    // A PUT whose representation before it was never read: what it changed is unknown.
    const unknownBefore = [
      read('"a1"', sentBy("bob")),
      write({ status: 200, etag: '"a2"', ...jsonHeaders("alice"), requestBody: json(note) })
    ]
    expect(findingsOf(rule, [...unknownBefore, patchBy("bob", { text: "bread" })])).toEqual([])
  })
  it("does not fire where it set another member inside an object the other patch changed (RFC 7396 merges)", () => {
    const address = { street: "1 rue Neuve", city: "Lyon" }
    const readAddress = (user: string) =>
      read('"a1"', { ...sentBy(user), responseBody: json({ ...note, address }) })
    const alicesCity = [
      readAddress("alice"),
      readAddress("bob"),
      patchBy("alice", { address: { city: "Paris" } }, '"a2"')
    ]
    expect(findingsOf(rule, [...alicesCity, patchBy("bob", { address: { street: "2 rue Neuve" } })])).toEqual(
      []
    )
    resetExchangeIds()
    const found = findingsOf(rule, [...alicesCity, patchBy("bob", { address: { city: "Nice" } })])
    expect(found.map((f) => f.message)).toEqual([
      "#4 PATCH sent no precondition and was accepted with 200: it overwrote address in v2, another user's change (#3), which its user had not read"
    ])
  })
})

describe("lost-update without a tag, for a JSON Patch (RFC 6902)", () => {
  const json = (value: object) => ({
    mimeType: "application/json",
    size: JSON.stringify(value).length,
    text: JSON.stringify(value)
  })
  const note = { title: "Groceries", text: "milk", tags: ["home"] }
  const readBy = (user: string) => read('"a1"', { ...sentBy(user), responseBody: json(note) })
  const jsonPatchBy = (
    user: string,
    operations: object[],
    etag?: string,
    type = "application/json-patch+json"
  ) =>
    write({
      method: "PATCH",
      status: 200,
      etag,
      ...sentBy(user, { "Content-Type": type }),
      requestBody: json(operations)
    })
  const alicesPatch = [
    readBy("alice"),
    readBy("bob"),
    jsonPatchBy(
      "alice",
      [
        { op: "replace", path: "/text", value: "milk, eggs" },
        { op: "add", path: "/tags/-", value: "urgent" }
      ],
      '"a2"'
    )
  ]

  it("fires where its operations overwrote members the other user's patch had changed", () => {
    const found = findingsOf(rule, [
      ...alicesPatch,
      jsonPatchBy("bob", [
        { op: "replace", path: "/text", value: "oat milk" },
        { op: "replace", path: "/title", value: "Shop" }
      ])
    ])
    expect(found.map((f) => f.message)).toEqual([
      "#4 PATCH sent no precondition and was accepted with 200: it overwrote text in v2, another user's change (#3), which its user had not read"
    ])
    expect(found[0].contextExchangeIds).toEqual([3])
  })

  it("fires for operations sent as plain application/json, and for a change inside a member", () => {
    const found = findingsOf(rule, [
      ...alicesPatch,
      jsonPatchBy("bob", [{ op: "remove", path: "/tags/1" }], undefined, "application/json")
    ])
    expect(found.map((f) => f.exchangeIds)).toEqual([[3, 4]])
    expect(found[0].message).toContain("it overwrote tags in v2")
  })

  it("does not fire where it changed other members, set the same values, or tested the content first", () => {
    expect(
      findingsOf(rule, [
        ...alicesPatch,
        jsonPatchBy("bob", [{ op: "replace", path: "/title", value: "Shop" }])
      ])
    ).toEqual([])
    resetExchangeIds()
    expect(
      findingsOf(rule, [
        ...alicesPatch,
        jsonPatchBy("bob", [{ op: "replace", path: "/text", value: "milk, eggs" }])
      ])
    ).toEqual([])
    resetExchangeIds()
    // A passing test operation on the text: Bob's client knew Alice's text when it replaced it.
    const tested = jsonPatchBy("bob", [
      { op: "test", path: "/text", value: "milk, eggs" },
      { op: "replace", path: "/text", value: "oat milk" }
    ])
    expect(findingsOf(rule, [...alicesPatch, tested])).toEqual([])
  })
  it("does not fire where it replaced another member inside an object the other patch changed", () => {
    const address = { street: "1 rue Neuve", city: "Lyon" }
    const readAddress = (user: string) =>
      read('"a1"', { ...sentBy(user), responseBody: json({ ...note, address }) })
    const alicesCity = [
      readAddress("alice"),
      readAddress("bob"),
      jsonPatchBy("alice", [{ op: "replace", path: "/address/city", value: "Paris" }], '"a2"')
    ]
    const street = jsonPatchBy("bob", [{ op: "replace", path: "/address/street", value: "2 rue Neuve" }])
    expect(findingsOf(rule, [...alicesCity, street])).toEqual([])
    resetExchangeIds()
    const city = jsonPatchBy("bob", [{ op: "replace", path: "/address/city", value: "Nice" }])
    expect(findingsOf(rule, [...alicesCity, city]).map((f) => f.exchangeIds)).toEqual([[3, 4]])
  })
})

describe("lost-update without a tag must not fire when", () => {
  it("a DELETE without a precondition followed another user's DELETE (a server answering 204 to a resource gone)", () => {
    const bothDelete = [
      read('"a1"', sentBy("alice")),
      read('"a1"', sentBy("bob")),
      write({ method: "DELETE", ifMatch: '"a1"', status: 204, ...sentBy("alice") }),
      write({ method: "DELETE", status: 204, ...sentBy("bob") })
    ]
    expect(findingsOf(rule, bothDelete)).toEqual([])
    // A PUT over that DELETE brings the resource back: still reported.
    resetExchangeIds()
    const putBack = [...bothDelete.slice(0, 3), write({ status: 200, ...sentBy("bob") })]
    expect(findingsOf(rule, putBack).map((f) => f.exchangeIds)).toEqual([[3, 4]])
  })

  it("the writer's user read the other user's change first, or was told of it by a refusal", () => {
    const readFirst = afterAlicesBlindSave(write({ status: 200, ...sentBy("bob") }), [
      read('"a2"', sentBy("bob"))
    ])
    expect(findingsOf(rule, readFirst)).toEqual([])
    resetExchangeIds()
    // Told by a 412 and overriding it is conflict-overridden's finding, not this one.
    const refused = afterAlicesBlindSave(write({ status: 200, ...sentBy("bob") }), [
      write({ ifMatch: '"a1"', status: 412, ...sentBy("bob") })
    ])
    expect(findingsOf(rule, refused)).toEqual([])
  })

  it("the change was the writer's own, or one side names no user (one client: missing-if-match's case)", () => {
    expect(findingsOf(rule, afterAlicesBlindSave(write({ status: 200, ...sentBy("alice") })))).toEqual([])
    resetExchangeIds()
    expect(findingsOf(rule, afterAlicesBlindSave(write({ status: 200 })))).toEqual([])
    resetExchangeIds()
    expect(
      findingsOf(rule, [
        read('"a1"', sentBy("bob")),
        write({ etag: '"a2"', status: 200 }),
        write({ status: 200, ...sentBy("bob") })
      ])
    ).toEqual([])
  })

  it("the write is a PATCH without a body to compare, or a POST (it may change other fields than the change did), or was refused", () => {
    for (const method of ["PATCH", "POST"]) {
      resetExchangeIds()
      expect(
        findingsOf(rule, afterAlicesBlindSave(write({ method, status: 200, ...sentBy("bob") })))
      ).toEqual([])
    }
    resetExchangeIds()
    expect(findingsOf(rule, afterAlicesBlindSave(write({ status: 428, ...sentBy("bob") })))).toEqual([])
  })

  it("the requests carry opaque tokens: a refreshed one would read as another user, so none is told apart", () => {
    const token = (value: string) => ({ request: { Authorization: `Bearer ${value}` } })
    const refreshed = [
      read('"a1"', token("tok-1")),
      write({ etag: '"a2"', status: 200, ...token("tok-1") }),
      write({ status: 200, ...token("tok-2") })
    ]
    expect(findingsOf(rule, refreshed)).toEqual([])
  })

  it("a read revealed a newer version after the change: the capture does not show whose change that was", () => {
    const revealed = afterAlicesBlindSave(write({ status: 200, ...sentBy("bob") }), [
      read('"a9"', sentBy("alice"))
    ])
    expect(findingsOf(rule, revealed)).toEqual([])
  })

  it("the change it replaced was the panel's replay (the tester's, not a user's)", () => {
    const replayed = { ...write({ status: 200, ...sentBy("alice") }), origin: "replay" as const }
    expect(
      findingsOf(rule, afterAlicesBlindSave(write({ status: 200, ...sentBy("bob") }), [replayed]))
    ).toEqual([])
  })

  it("the write is capture noise or a replay", () => {
    const bobs = write({ status: 200, ...sentBy("bob") })
    for (const variant of [...noiseVariants(bobs), { ...bobs, origin: "replay" as const }]) {
      resetExchangeIds()
      expect(findingsOf(rule, afterAlicesBlindSave({ ...variant, id: 4 }))).toEqual([])
    }
  })
})
