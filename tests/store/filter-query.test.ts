import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { matchesDomain, matchesStatusCode, parseFilterQuery } from "../../src/store/filter-query"
import { EMPTY_FILTER, type PanelState } from "../../src/store/panel-state"
import {
  selectFilteredExchanges,
  selectFilteredFindings,
  selectFilteredResources
} from "../../src/store/selectors"
import { harEntry } from "../adapters/har-entry-builder"

const NOTE = "http://api.example.test/notes/1"
const OTHER = "http://cdn.other.test/items/9"
const etag = (value: string) => [{ name: "ETag", value }]

function capture(): Pick<PanelState, "snapshot" | "filter"> {
  const engine = createEngine()
  for (const entry of [
    harEntry({ url: NOTE, responseHeaders: etag('"a1"') }),
    harEntry({
      url: NOTE,
      method: "PUT",
      requestHeaders: [{ name: "If-Match", value: '"a1"' }],
      responseHeaders: etag('"a2"')
    }),
    harEntry({ url: NOTE, method: "PUT", responseHeaders: etag('"a3"') }), // no If-Match: missing-if-match
    harEntry({
      url: NOTE,
      method: "PUT",
      status: 412,
      requestHeaders: [{ name: "If-Match", value: '"a1"' }]
    }),
    harEntry({ url: OTHER, responseHeaders: etag('"o1"') })
  ])
    engine.ingestHarEntry(entry, "live")
  return { snapshot: engine.snapshot(), filter: EMPTY_FILTER }
}

const ids = (state: Pick<PanelState, "snapshot" | "filter">, text: string) =>
  selectFilteredExchanges({ ...state, filter: { ...state.filter, text } }).map((exchange) => exchange.id)

describe("the filter box, read as DevTools' Network panel reads it", () => {
  const state = capture()

  it("plain words must all match (in any order); -word must not", () => {
    expect(ids(state, "")).toEqual([1, 2, 3, 4, 5])
    expect(ids(state, "PUT notes")).toEqual([2, 3, 4])
    expect(ids(state, "notes PUT 412")).toEqual([4])
    expect(ids(state, "notes -put")).toEqual([1])
    expect(ids(state, "-")).toEqual([1, 2, 3, 4, 5])
  })

  it("/…/ is a regular expression (case aside); one that does not compile is plain text", () => {
    expect(ids(state, "/^PUT\\s.*notes/")).toEqual([2, 3, 4]) // words split at spaces: \s matches one
    expect(ids(state, "-/notes\\/1\\s200$/")).toEqual([4, 5])
    expect(ids(state, "/(unclosed/")).toEqual([])
    expect(parseFilterQuery("/a+/")[0].pattern?.flags).toBe("i")
    expect(parseFilterQuery("/a(/")[0].pattern).toBeUndefined()
  })

  it("method:, status-code: (a code or a class) and domain: (a host, its parent or *.)", () => {
    expect(ids(state, "method:put")).toEqual([2, 3, 4])
    expect(ids(state, "method:PUT -status-code:412")).toEqual([2, 3])
    expect(ids(state, "status-code:4xx")).toEqual([4])
    expect(ids(state, "domain:example.test")).toEqual([1, 2, 3, 4])
    expect(ids(state, "domain:*.other.test")).toEqual([5])
    expect(ids(state, "-domain:api.example.test")).toEqual([5])
    expect(ids(state, "domain:xample.test")).toEqual([])
  })

  it("a request judged as another method than it was sent as (QUERY via POST, MERGE via POST) matches both", () => {
    const engine = createEngine()
    engine.ingestHarEntry(harEntry({ url: "http://couch.test/notes/_find", method: "POST" }), "live")
    engine.ingestHarEntry(harEntry({ url: NOTE, method: "POST" }), "live")
    const sent = { snapshot: engine.snapshot(), filter: EMPTY_FILTER }
    expect(sent.snapshot.exchanges.map((exchange) => exchange.method)).toEqual(["QUERY", "POST"])
    expect(ids(sent, "method:query")).toEqual([1])
    expect(ids(sent, "method:post")).toEqual([1, 2])
    expect(ids(sent, "POST")).toEqual([1, 2])
    expect(ids(sent, "-query")).toEqual([2])
    const chosen = (methods: string[]) =>
      selectFilteredExchanges({ ...sent, filter: { ...EMPTY_FILTER, methods } }).map(
        (exchange) => exchange.id
      )
    expect(chosen(["POST"])).toEqual([1, 2])
    expect(chosen(["GET"])).toEqual([])
  })

  it("has: what the exchange carried or showed, and rule: the exchanges a finding of that rule names", () => {
    expect(ids(state, "has:if-match")).toEqual([2, 4])
    expect(ids(state, "has:etag -has:if-match")).toEqual([1, 3, 5])
    expect(ids(state, "rule:missing")).toEqual([3])
    expect(ids(state, "has:finding")).toEqual([3])
    expect(ids(state, "has:nonsense")).toEqual([])
  })

  it("rule: shows a rule's evidence that is capture noise (a preflight, a failed write), and only that", () => {
    const engine = createEngine()
    const page = { name: "Origin", value: "http://localhost:5173" }
    for (const entry of [
      harEntry({ url: NOTE, responseHeaders: etag('"a1"') }),
      harEntry({
        url: NOTE,
        method: "OPTIONS",
        status: 204,
        resourceType: "preflight",
        requestHeaders: [
          page,
          { name: "Access-Control-Request-Method", value: "PUT" },
          { name: "Access-Control-Request-Headers", value: "if-match" }
        ],
        responseHeaders: [
          { name: "Access-Control-Allow-Origin", value: "http://localhost:5173" },
          { name: "Access-Control-Allow-Headers", value: "Content-Type" }
        ]
      }),
      harEntry({
        url: NOTE,
        method: "PUT",
        status: 0,
        requestHeaders: [page, { name: "If-Match", value: '"a1"' }]
      }),
      harEntry({ url: NOTE, method: "OPTIONS", status: 204, resourceType: "preflight" })
    ])
      engine.ingestHarEntry(entry, "live")
    const noisy = { snapshot: engine.snapshot(), filter: EMPTY_FILTER }
    expect(ids(noisy, "")).toEqual([1])
    expect(ids(noisy, "rule:precondition-blocked-by-cors")).toEqual([2, 3])
    expect(ids(noisy, "-rule:precondition-blocked-by-cors")).toEqual([1])
  })

  it("tag: the exchanges that received a tag or sent it, and the resources it names a version of", () => {
    expect(ids(state, "tag:a1")).toEqual([1, 2, 4]) // read it; sent it in If-Match (twice)
    expect(ids(state, "tag:A2")).toEqual([2])
    expect(ids(state, "tag:a -tag:a1")).toEqual([3]) // only a3
    expect(ids(state, 'tag:"a"')).toEqual([]) // quoted: the whole tag
    expect(ids(state, 'tag:"A3"')).toEqual([3])
    const resources = selectFilteredResources({ ...state, filter: { ...state.filter, text: "tag:o1" } })
    expect(resources.map((resource) => resource.key)).toEqual([OTHER])
    expect(ids(state, "method:")).toEqual([1, 2, 3, 4, 5]) // still being typed
  })

  it("user: the exchanges one user sent, by the label their Authorization gives them", () => {
    const as = (authorization: string) => [{ name: "Authorization", value: authorization }]
    const engine = createEngine()
    for (const entry of [
      harEntry({ url: NOTE, requestHeaders: as(`Basic ${btoa("alice:pw")}`) }),
      harEntry({ url: NOTE, requestHeaders: as("Bearer opaque-1") }),
      harEntry({ url: NOTE }),
      harEntry({ url: NOTE, method: "PUT", requestHeaders: as(`Basic ${btoa("alice:new password")}`) }),
      harEntry({ url: NOTE, method: "PUT", requestHeaders: as("Bearer opaque-2") })
    ])
      engine.ingestHarEntry(entry, "live")
    const users = { snapshot: engine.snapshot(), filter: EMPTY_FILTER }
    expect(ids(users, "user:alice")).toEqual([1, 4])
    expect(ids(users, "user:ALICE")).toEqual([1, 4])
    expect(ids(users, "user:userA")).toEqual([2]) // "user A", the first opaque token
    expect(ids(users, "user:userb")).toEqual([5])
    expect(ids(users, "-user:alice")).toEqual([2, 3, 5])
    expect(ids(users, "user:ali")).toEqual([]) // a whole label, not a part
    expect(selectFilteredResources({ ...users, filter: { ...EMPTY_FILTER, text: "user:bob" } })).toHaveLength(
      1
    )
  })

  it("Resources and Findings take words, domain: and rule:, and skip the keys they have no use for", () => {
    const withText = (text: string) => ({ ...state, filter: { ...state.filter, text } })
    const resources = (text: string) =>
      selectFilteredResources(withText(text)).map((resource) => resource.key)
    const findings = (text: string) => selectFilteredFindings(withText(text)).map((finding) => finding.ruleId)
    expect(resources("domain:other.test")).toEqual([OTHER])
    expect(resources("rule:missing-if-match")).toEqual([NOTE])
    expect(resources("method:put notes")).toEqual([NOTE])
    expect(findings("domain:example.test")).toEqual(["missing-if-match", "precondition-optional"])
    expect(findings("rule:missing -domain:other.test")).toEqual(["missing-if-match"])
    expect(findings("status-code:412 rule:missing")).toEqual(["missing-if-match"])
    expect(findings("rule:nothing-like-it")).toEqual([])
  })

  it("parses any text without throwing; a URL is a word, not a key", () => {
    expect(parseFilterQuery("http://x/y")).toEqual([{ value: "http://x/y", negated: false }])
    expect(parseFilterQuery("-Rule:Lost  has:etag")).toEqual([
      { key: "rule", value: "lost", negated: true },
      { key: "has", value: "etag", negated: false }
    ])
    fc.assert(fc.property(fc.string(), (text) => Array.isArray(parseFilterQuery(text))))
    expect(matchesStatusCode(0, "0")).toBe(true)
    expect(matchesDomain("not a url", "x")).toBe(false)
  })
})
