import { beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { missingIfMatch } from "../../../src/core/findings/rules/missing-if-match"
import { harEntry } from "../../adapters/har-entry-builder"
import { API, exchange, observed, read, resetExchangeIds, sentBy, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "missing-if-match"
beforeEach(resetExchangeIds)

describe("missing-if-match fires when", () => {
  it("a PUT to a resource whose tag the client had seen carries no precondition", () => {
    const found = findingsOf(rule, [read('"a1"'), write({ etag: '"a2"' })])
    expect(found).toEqual([
      expect.objectContaining({ severity: "warning", exchangeIds: [2], resourceKey: `${API}/1` })
    ])
    expect(found[0].message).toContain("although v1 was known")
  })

  it("another user's change was current, unread by this write's user: the message does not say the version was known", () => {
    const found = findingsOf(rule, [
      read('"a1"', sentBy("alice")),
      read('"a1"', sentBy("bob")),
      write({ etag: '"a2"', status: 200, ...sentBy("alice") }),
      write({ status: 200, ...sentBy("bob") })
    ])
    expect(found.map((f) => f.message)).toEqual([
      "#3 PUT sent no If-Match although v1 was known → 200",
      "#4 PUT sent no If-Match (v2, another user's change, was current) → 200"
    ])
  })

  it("only another user's requests had shown the current version: the message says so, not that it was known", () => {
    const messages = (story: Parameters<typeof findingsOf>[1]) =>
      findingsOf(rule, story).map((f) => f.message)
    const bobsBlindSave = () => write({ etag: '"a2"', status: 200, ...sentBy("bob") })
    expect(messages([read('"a1"', sentBy("alice")), bobsBlindSave()])).toEqual([
      "#2 PUT sent no If-Match (v1 was current, but none of its user's requests had shown it) → 200"
    ])
    // Bob read it too (or made it): known.
    resetExchangeIds()
    expect(messages([read('"a1"', sentBy("alice")), read('"a1"', sentBy("bob")), bobsBlindSave()])).toEqual([
      "#3 PUT sent no If-Match although v1 was known → 200"
    ])
    resetExchangeIds()
    const bobsCreate = write({
      method: "PUT",
      ifMatch: undefined,
      etag: '"a1"',
      status: 201,
      ...sentBy("bob")
    })
    expect(messages([bobsCreate, read('"a1"', sentBy("alice")), bobsBlindSave()])).toEqual([
      "#3 PUT sent no If-Match although v1 was known → 200"
    ])
    // A request that named nobody showed it: it may have been Bob's.
    resetExchangeIds()
    expect(messages([read('"a1"', sentBy("alice")), read('"a1"'), bobsBlindSave()])).toEqual([
      "#3 PUT sent no If-Match although v1 was known → 200"
    ])
    // Shown to Bob only by a list he read: known.
    resetExchangeIds()
    const list = exchange({
      url: API,
      response: { "Content-Type": "application/json" },
      responseBody: { text: '[{"id":1}]', size: 10 },
      itemTags: [{ url: `${API}/1`, tag: observed('"a1"') }],
      ...sentBy("bob")
    })
    expect(messages([read('"a1"', sentBy("alice")), list, bobsBlindSave()])).toEqual([
      "#3 PUT sent no If-Match although v1 was known → 200"
    ])
  })

  it("a cross-origin page that was never shown ETag: the message says it could not read the tag, not that it knew it", () => {
    const page = "http://localhost:5173"
    const shared = { "Access-Control-Allow-Origin": page }
    const hidden = findingsOf(rule, [
      read('"a1"', { request: { Origin: page }, response: { ...shared, ETag: '"a1"' } }),
      write({ request: { Origin: page }, response: shared, status: 200 })
    ])
    expect(hidden.map((f) => f.message)).toEqual([
      "#2 PUT sent no If-Match (v1 was current, but no answer let http://localhost:5173 read its ETag) → 200"
    ])
    resetExchangeIds()
    const exposed = { ...shared, "Access-Control-Expose-Headers": "ETag" }
    const shown = findingsOf(rule, [
      read('"a1"', { request: { Origin: page }, response: { ...exposed, ETag: '"a1"' } }),
      write({ request: { Origin: page }, response: shared, status: 200 })
    ])
    expect(shown.map((f) => f.message)).toEqual(["#2 PUT sent no If-Match although v1 was known → 200"])
    // The write's own answer exposing ETag comes after its request: the page still could not read v1.
    resetExchangeIds()
    const exposedTooLate = findingsOf(rule, [
      read('"a1"', { request: { Origin: page }, response: { ...shared, ETag: '"a1"' } }),
      write({ request: { Origin: page }, response: { ...exposed, ETag: '"a2"' }, status: 200 })
    ])
    expect(exposedTooLate.map((f) => f.message)).toEqual([
      "#2 PUT sent no If-Match (v1 was current, but no answer let http://localhost:5173 read its ETag) → 200"
    ])
  })

  it.each(["PATCH", "DELETE", "MERGE"])("a %s carries none, whatever the answer (2xx or 428)", (method) => {
    expect(
      findingsOf(rule, [write({ method }), write({ method, status: 428 })]).map((f) => f.exchangeIds)
    ).toEqual([[1], [2]])
  })

  it("a PUT to a resource the capture never showed: it may have created it (S3 answers 200), so If-None-Match: * is named", () => {
    const [unseen] = findingsOf(rule, [write({ url: `${API}/77`, etag: '"s3"', status: 200 })])
    expect(unseen.message).toBe(
      "#1 PUT sent no If-Match → 200; if it created the resource, If-None-Match: * guards that"
    )
    resetExchangeIds()
    const [known] = findingsOf(rule, [read('"a1"'), write({ etag: '"a2"', status: 200 })])
    expect(known.message).toBe("#2 PUT sent no If-Match although v1 was known → 200")
    expect(missingIfMatch.fix.client).toContain("If-None-Match: *")
    resetExchangeIds()
    // Refused: it created nothing.
    const [refused] = findingsOf(rule, [write({ url: `${API}/78`, status: 428 })])
    expect(refused.message).toBe("#1 PUT sent no If-Match → 428")
  })

  it("a POST to an existing (non-collection) resource carries none", () => {
    expect(findingsOf(rule, [read('"a1"'), write({ method: "POST", status: 200 })])).toHaveLength(1)
  })

  it("a write to a server that validates by date (Last-Modified, no tags) names If-Unmodified-Since too", () => {
    const dated = exchange({ response: { "Last-Modified": "Thu, 01 Jan 2026 00:01:00 GMT" } })
    const [found] = findingsOf(rule, [dated, write({ status: 428 })])
    expect(found.message).toBe(
      "#2 PUT sent no If-Match or If-Unmodified-Since (it sends Last-Modified) although v1 was known → 428"
    )
    resetExchangeIds()
    const [tagged] = findingsOf(rule, [read('"a1"'), write({ status: 428 })])
    expect(tagged.message).toBe("#2 PUT sent no If-Match although v1 was known → 428")
    // The fix the panel and the reports show says what to send on such an API.
    expect(missingIfMatch.fix.client).toContain("send that date back as If-Unmodified-Since")
    expect(missingIfMatch.fix.server).toContain("If-Unmodified-Since")
  })
})

describe("missing-if-match names a version field the engine was not told to read", () => {
  const body = (value: unknown) => {
    const text = JSON.stringify(value)
    return { mimeType: "application/json", size: text.length, text }
  }

  it.each([
    ["version", 3, "version: 3", "--api jpa"], // JPA / Hibernate @Version: a preset
    ["lock_version", 7, "lock_version: 7", "--api rails"], // Rails optimistic locking: a preset
    ["RowVersion", "AAAAAAAAB9E=", "RowVersion: AAAAAAAAB9E=", "--body-tag-field RowVersion"], // EF Core
    ["ConcurrencyStamp", "5c0e…", "ConcurrencyStamp: 5c0e…", "--body-tag-field ConcurrencyStamp"] // ASP.NET Core Identity
  ])(
    "a write whose body carries %s: the server may check it, so say how to let the engine judge it",
    (field, value, shown, cli) => {
      const [found] = findingsOf(rule, [
        read('"a1"'),
        write({ etag: '"a2"', requestBody: body({ id: 1, text: "x", [field]: value }) })
      ])
      expect(found.message).toBe(
        `#2 PUT sent no If-Match although v1 was known → 204; its body carries ${shown} — if the server ` +
          `checks that field, add it in ⚙ Settings → Body fields that carry a tag (CLI: ${cli})`
      )
      // The panel offers to read it: the field travels with the finding.
      expect(found.suggestedBodyTagField).toBe(field)
      resetExchangeIds()
    }
  )

  it("once the field is configured, the write carries a body version and nothing fires", () => {
    // Through the normalizer, which reads configured body fields as the write's version.
    const json = [{ name: "Content-Type", value: "application/json" }]
    const entries = [
      harEntry({ url: `${API}/1`, text: '{"id":1,"version":3}', responseHeaders: json }),
      harEntry({ url: `${API}/1`, method: "PUT", requestHeaders: json, requestBody: '{"id":1,"version":3}' })
    ]
    const findingsWith = (bodyTagFields: string[]) => {
      const engine = createEngine({ bodyTagFields })
      for (const entry of entries) engine.ingestHarEntry(entry, "import")
      return engine.snapshot().findings.filter((finding) => finding.ruleId === rule)
    }
    expect(findingsWith(["_etag"]).map((finding) => finding.message)).toEqual([
      expect.stringContaining("its body carries version: 3")
    ])
    expect(findingsWith(["version"])).toEqual([])
  })

  it("names the version a JSON Patch tests first (Azure DevOps' /rev), and judges it once that field is read", () => {
    const item = "https://dev.azure.test/org/_apis/wit/workitems/7"
    const entries = [
      harEntry({ url: item, text: '{"id":7,"rev":4,"fields":{}}' }),
      harEntry({
        url: item,
        method: "PATCH",
        requestHeaders: [{ name: "Content-Type", value: "application/json-patch+json" }],
        requestBody: JSON.stringify([
          { op: "test", path: "/rev", value: 4 },
          { op: "replace", path: "/fields/System.Title", value: "x" }
        ]),
        text: '{"id":7,"rev":5,"fields":{}}'
      })
    ]
    const findingsWith = (bodyTagFields: string[]) => {
      const engine = createEngine({ bodyTagFields })
      for (const entry of entries) engine.ingestHarEntry(entry, "import")
      return engine.snapshot().findings.filter((finding) => finding.ruleId === rule)
    }
    const [found] = findingsWith(["_etag"])
    expect(found.message).toBe(
      "#2 PATCH sent no If-Match → 200; its JSON Patch tests rev: 4 first (RFC 6902 §4.6) — if that is the " +
        "version the server checks, add rev in ⚙ Settings → Body fields that carry a tag (CLI: --api azure-devops)"
    )
    expect(found.suggestedBodyTagField).toBe("rev")
    expect(findingsWith(["rev"])).toEqual([])
  })

  it("names the query parameter earlier writes sent the version in (Elasticsearch's ?if_seq_no=)", () => {
    const json = [{ name: "Content-Type", value: "application/json" }]
    const doc = "http://127.0.0.1:9200/notes/_doc/1"
    const seqNo = (value: number) => `{"_id":"1","_seq_no":${value}}`
    const engine = createEngine({ bodyTagFields: ["_seq_no"], queryVersionParams: ["if_seq_no"] })
    for (const entry of [
      harEntry({ url: doc, text: seqNo(7), responseHeaders: json }),
      harEntry({
        url: `${doc}?if_seq_no=7`,
        method: "PUT",
        requestBody: "{}",
        text: seqNo(8),
        responseHeaders: json
      }),
      harEntry({ url: doc, method: "PUT", requestBody: "{}", text: seqNo(9), responseHeaders: json })
    ])
      engine.ingestHarEntry(entry, "import")
    const [found] = engine.snapshot().findings.filter((finding) => finding.ruleId === rule)
    expect(found.message).toBe("#3 PUT sent no If-Match or ?if_seq_no= although v2 was known → 200")
  })

  it("names the version header earlier writes sent (Contentful's X-Contentful-Version), and judges the one that did", () => {
    const json = [{ name: "Content-Type", value: "application/json" }]
    const entry = "https://api.contentful.test/spaces/s/entries/e1"
    const version = (value: number) => `{"sys":{"id":"e1","version":${value}},"fields":{}}`
    const engine = createEngine({ bodyTagFields: ["sys.version"], versionHeaders: ["X-Contentful-Version"] })
    for (const entryOf of [
      harEntry({ url: entry, text: version(1), responseHeaders: json }),
      harEntry({
        url: entry,
        method: "PUT",
        requestHeaders: [...json, { name: "X-Contentful-Version", value: "1" }],
        requestBody: "{}",
        text: version(2),
        responseHeaders: json
      }),
      harEntry({ url: entry, method: "PUT", requestBody: "{}", text: version(3), responseHeaders: json })
    ])
      engine.ingestHarEntry(entryOf, "import")
    const snapshot = engine.snapshot()
    const found = snapshot.findings.filter((finding) => finding.ruleId === rule)
    expect(found.map((finding) => finding.message)).toEqual([
      "#3 PUT sent no If-Match or X-Contentful-Version although v2 was known → 200"
    ])
    const [guarded] = snapshot.resources[0].events.filter((event) => event.exchangeId === 2)
    expect(guarded.precondition).toMatchObject({
      mechanism: "body-version",
      state: "current",
      source: "header:X-Contentful-Version"
    })
  })

  it("names a version-like request header it was not told to read, and the answer's field that shows the version", () => {
    const json = [{ name: "Content-Type", value: "application/json" }]
    const url = "https://api.example/items/1"
    const engine = createEngine()
    for (const entry of [
      harEntry({ url, text: '{"meta":{"version":4}}', responseHeaders: json }),
      harEntry({
        url,
        method: "PUT",
        requestHeaders: [...json, { name: "X-Resource-Version", value: "4" }],
        requestBody: "{}",
        text: '{"meta":{"version":5}}',
        responseHeaders: json
      })
    ])
      engine.ingestHarEntry(entry, "import")
    const [found] = engine.snapshot().findings.filter((finding) => finding.ruleId === rule)
    expect(found.message).toBe(
      "#2 PUT sent no If-Match → 200; it sent X-Resource-Version: 4 — if the server checks that header, add it " +
        "in ⚙ Settings → Headers that carry the version, and meta.version to the body fields " +
        "(CLI: --version-header X-Resource-Version --body-tag-field meta.version)"
    )
    expect(found).toMatchObject({
      suggestedVersionHeader: "X-Resource-Version",
      suggestedBodyTagField: "meta.version"
    })
  })

  it("says nothing more for a body without such a field, or with one that is no version token", () => {
    const plain = findingsOf(rule, [read('"a1"'), write({ requestBody: body({ text: "x" }) })])
    expect(plain[0].message).toBe("#2 PUT sent no If-Match although v1 was known → 204")
    expect(plain[0]).not.toHaveProperty("suggestedBodyTagField")
    resetExchangeIds()
    const nested = findingsOf(rule, [read('"a1"'), write({ requestBody: body({ version: { major: 2 } }) })])
    expect(nested[0].message).toBe("#2 PUT sent no If-Match although v1 was known → 204")
  })
})

describe("missing-if-match must not fire when", () => {
  it("a JSON Patch tests every member it changes first (RFC 6902 §4.6), and fires when one goes untested", () => {
    const patch = (operations: unknown[]) =>
      write({
        method: "PATCH",
        status: 200,
        request: { "Content-Type": "application/json-patch+json" },
        requestBody: { size: 1, text: JSON.stringify(operations), mimeType: "application/json-patch+json" }
      })
    const testThenReplace = [
      { op: "test", path: "/title", value: "Draft" },
      { op: "replace", path: "/title", value: "Final" }
    ]
    expect(findingsOf(rule, [read('"a1"'), patch(testThenReplace)])).toEqual([])
    resetExchangeIds()
    const bodyUntested = [...testThenReplace, { op: "replace", path: "/body", value: "…" }]
    expect(
      findingsOf(rule, [read('"a1"'), patch(bodyUntested)]).map((finding) => finding.exchangeIds)
    ).toEqual([[2]])
  })

  it("the write carried If-Match, If-Unmodified-Since or a body version", () => {
    const guarded = [
      read('"a1"'),
      write({ ifMatch: '"a1"', etag: '"a2"' }),
      write({ request: { "If-Unmodified-Since": "Wed, 01 Jan 2026 12:00:00 GMT" } })
    ]
    expect(findingsOf(rule, guarded)).toEqual([])
  })

  it("POSTs go to a GraphQL or RPC endpoint, even one that tags every answer (Express)", () => {
    const rpc = "http://127.0.0.1:4000/graphql"
    const calls = ['W/"1a-x"', 'W/"1a-x"', 'W/"2b-y"'].map((tag) =>
      exchange({ method: "POST", url: rpc, response: { ETag: tag } })
    )
    expect(findingsOf(rule, calls)).toEqual([])
  })

  it("it is a create: PUT with If-None-Match: * answered 201, or POST to a collection", () => {
    const creates = [
      write({ url: `${API}/9`, status: 201, request: { "If-None-Match": "*" } }),
      exchange({ method: "POST", url: API, status: 201, response: { Location: `${API}/10` } }),
      exchange({ method: "POST", url: API, status: 400 })
    ]
    expect(findingsOf(rule, creates)).toEqual([])
  })

  it("a POST answered 201 without Location to a collection whose (empty) list was read with a tag", () => {
    // Express tags every answer; a 201 names the resource it created by Location only SHOULD (§9.3.3).
    const list = read('"L1"', { url: API, responseBody: { size: 2, text: "[]" } })
    const created = (id: number) =>
      exchange({
        method: "POST",
        url: API,
        status: 201,
        response: { ETag: `"n${id}"` },
        responseBody: { size: 8, text: `{"id":${id}}` }
      })
    expect(findingsOf(rule, [list, created(5), created(6)])).toEqual([])
    resetExchangeIds()
    expect(findingsOf("precondition-optional", [list, created(5), created(6)])).toEqual([])
  })

  it("the target did not exist (404/410)", () => {
    expect(findingsOf(rule, [write({ status: 404 }), write({ method: "DELETE", status: 410 })])).toEqual([])
  })

  it("the exchange is a 304, preflight, failed request or cached entry", () => {
    expect(findingsOf(rule, noiseVariants(write({})))).toEqual([])
  })

  it("it is a replay the user ran on purpose", () => {
    expect(findingsOf(rule, [write({ origin: "replay" })])).toEqual([])
  })
})
