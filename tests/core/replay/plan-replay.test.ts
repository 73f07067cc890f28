import { describe, expect, it } from "vitest"

import { parseEntityTag } from "../../../src/core/http/entity-tag"
import type { Exchange, Header } from "../../../src/core/model"
import { planRefresh, planReplay, ReplayPlanError } from "../../../src/core/replay"
import { API, exchange, write } from "../../builders/exchange"
import { DATE_V1, datedHistory, lineageWith } from "./replay-builders"

const NOTE = `${API}/1`
const strictLineage = lineageWith(NOTE, ['"n1-v1"', '"n1-v2"', '"n1-v3"'])
const header = (headers: readonly Header[], name: string) =>
  headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value)

function recordedPut(overrides: Partial<Exchange> = {}): Exchange {
  return write({
    id: 7,
    ifMatch: '"n1-v2"',
    request: { "Content-Type": "application/json", Cookie: "sid=1", Origin: "http://127.0.0.1:8787" },
    requestBody: { size: 15, text: '{"text":"hello"}', mimeType: "application/json" },
    ...overrides
  })
}

describe("planReplay with header tags (If-Match, RFC 9110 §13.1.1)", () => {
  it("sends an older version's tag and says it is stale", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "version", versionIndex: 1 })
    expect(header(plan.headers, "If-Match")).toEqual(['"n1-v1"'])
    expect(plan.precondition).toMatchObject({ state: "stale", versionIndex: 1, currentVersionIndex: 3 })
    expect(plan.summary).toBe('PUT /api/strict/notes/1 with If-Match v1 "n1-v1" (stale: current is v3)')
    expect(plan.origin).toBe("http://127.0.0.1:8787")
    expect(plan.of).toBe(7)
    expect(plan.body).toBe('{"text":"hello"}')
  })

  it("calls the latest version current", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "version", versionIndex: 3 })
    expect(plan.precondition.state).toBe("current")
    expect(plan.summary).toContain("(current)")
  })

  it("keeps the original request's precondition and judges it against today's lineage", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "original" })
    expect(header(plan.headers, "If-Match")).toEqual(['"n1-v2"'])
    expect(plan.precondition).toMatchObject({ state: "stale", versionIndex: 2, sent: '"n1-v2"' })
  })

  it("drops If-Match for 'none'", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "none" })
    expect(header(plan.headers, "If-Match")).toEqual([])
    expect(plan.precondition.state).toBe("none")
    expect(plan.summary).toBe("PUT /api/strict/notes/1 without any precondition")
  })

  it("drops a recorded If-None-Match and If-Unmodified-Since for 'none' too: no precondition at all", () => {
    const conditions = [
      { name: "If-None-Match", value: '"n1-v9"' },
      { name: "if-unmodified-since", value: "Wed, 25 Nov 2026 12:00:00 GMT" }
    ]
    const put = recordedPut()
    const plan = planReplay(
      { ...put, requestHeaders: [...put.requestHeaders, ...conditions] },
      strictLineage,
      {
        kind: "none"
      }
    )
    for (const name of ["If-Match", "If-None-Match", "If-Unmodified-Since"])
      expect(header(plan.headers, name)).toEqual([])
    expect(header(plan.headers, "Content-Type")).toEqual(["application/json"])
  })

  it("sends `*` for 'star'", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "star" })
    expect(header(plan.headers, "If-Match")).toEqual(["*"])
    expect(plan.precondition.state).toBe("any")
  })

  it("sends the weak form of the original tag and warns that it never matches", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "weak" })
    expect(header(plan.headers, "If-Match")).toEqual(['W/"n1-v2"'])
    expect(plan.precondition).toMatchObject({ weak: true, versionIndex: 2 })
    expect(plan.warnings.join(" ")).toMatch(/§13\.1\.1/)
  })

  it("sends a custom value as typed, unknown when the capture never showed it", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "custom", value: ' "made-up" ' })
    expect(header(plan.headers, "If-Match")).toEqual(['"made-up"'])
    expect(plan.precondition.state).toBe("unknown")
  })

  it("adds If-Match to a write that had none", () => {
    const plan = planReplay(recordedPut({ requestHeaders: [] }), strictLineage, {
      kind: "version",
      versionIndex: 1
    })
    expect(header(plan.headers, "If-Match")).toEqual(['"n1-v1"'])
  })

  it("uses the edited body", () => {
    const plan = planReplay(recordedPut(), strictLineage, { kind: "none" }, { body: '{"text":"edited"}' })
    expect(plan.body).toBe('{"text":"edited"}')
  })

  it("refuses an unknown version, an empty custom value and a relative URL with a clear error", () => {
    expect(() => planReplay(recordedPut(), strictLineage, { kind: "version", versionIndex: 9 })).toThrow(
      /no version v9/
    )
    expect(() => planReplay(recordedPut(), strictLineage, { kind: "custom", value: "  " })).toThrow(
      ReplayPlanError
    )
    expect(() => planReplay(recordedPut({ url: "/api/x" }), strictLineage, { kind: "none" })).toThrow(
      /not absolute/
    )
  })

  it("warns when the capture did not keep the body", () => {
    const plan = planReplay(
      recordedPut({ requestBody: { size: 5_000_000, skipped: "too large" } }),
      strictLineage,
      {
        kind: "none"
      }
    )
    expect(plan.body).toBeUndefined()
    expect(plan.warnings.join(" ")).toMatch(/did not keep the request body \(too large\)/)
  })
})

describe("planReplay omits headers the browser sets itself (Fetch forbidden request-headers)", () => {
  /** The stale replay (v1) of a recorded PUT that carried these headers, as `name: value` lines. */
  const planFor = (lines: string[]) => {
    const requestHeaders: Header[] = lines.map((line) => {
      const colon = line.indexOf(": ")
      return { name: line.slice(0, colon), value: line.slice(colon + 2) }
    })
    return planReplay(recordedPut({ requestHeaders }), strictLineage, { kind: "version", versionIndex: 1 })
  }

  it("lists each omitted header with the reason and keeps the rest in order", () => {
    const plan = planFor([
      ":authority: 127.0.0.1:8787",
      "Accept: application/json",
      "Cookie: sid=1",
      "Host: 127.0.0.1:8787",
      "Content-Length: 15",
      "Sec-Fetch-Mode: cors",
      "Proxy-Authorization: Basic x",
      "Accept-Encoding: gzip",
      "Referer: http://127.0.0.1:8787/",
      "Authorization: Bearer t",
      'If-Match: "n1-v3"'
    ])
    expect(plan.headers.map((h) => h.name)).toEqual(["Accept", "Authorization", "If-Match"])
    expect(plan.omittedHeaders.map((h) => h.name)).toEqual([
      ":authority",
      "Cookie",
      "Host",
      "Content-Length",
      "Sec-Fetch-Mode",
      "Proxy-Authorization",
      "Accept-Encoding",
      "Referer"
    ])
    expect(plan.omittedHeaders.every((h) => /the browser sets this itself/.test(h.reason))).toBe(true)
  })

  it("leaves out the browser's own User-Agent, Cache-Control, Pragma and Priority, which a cross-origin API never allowed", () => {
    const plan = planFor([
      "Accept: application/json",
      "Cache-Control: max-age=0",
      "Content-Type: application/json",
      "User-Agent: Mozilla/5.0 Chrome/142.0",
      "pragma: no-cache",
      "Priority: u=4",
      'If-Match: "n1-v3"'
    ])
    expect(plan.headers.map((h) => h.name)).toEqual(["Accept", "Content-Type", "If-Match"])
    expect(plan.omittedHeaders.map((h) => [h.name, h.value])).toEqual([
      ["Cache-Control", "max-age=0"],
      ["User-Agent", "Mozilla/5.0 Chrome/142.0"],
      ["pragma", "no-cache"],
      ["Priority", "u=4"]
    ])
    expect(
      plan.omittedHeaders.every((h) => h.reason === "the browser sends its own (not set by the page)")
    ).toBe(true)
  })
})

describe("planReplay for body-versioned APIs", () => {
  const couch = lineageWith(`http://127.0.0.1:8787/api/couch/notes/1`, ["1-aaa", "2-bbb"], ["body:_rev"])

  it("rewrites _rev in the JSON body and adds no If-Match when the original had none", () => {
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 30, text: '{"_rev":"2-bbb","text":"x"}' },
      precondition: { bodyVersion: { tag: parseEntityTag("2-bbb")!, source: "body:_rev" } }
    })
    const plan = planReplay(put, couch, { kind: "version", versionIndex: 1 })
    expect(JSON.parse(plan.body ?? "")).toEqual({ _rev: "1-aaa", text: "x" })
    expect(header(plan.headers, "If-Match")).toEqual([])
    expect(plan.precondition.carriers).toEqual([{ kind: "body-field", field: "_rev" }])
    expect(plan.summary).toContain('with body _rev v1 "1-aaa" (stale: current is v2)')
  })

  it("takes one custom version for a body field: a list or * would be one odd value there (only If-Match takes them)", () => {
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 30, text: '{"_rev":"2-bbb","text":"x"}' },
      precondition: { bodyVersion: { tag: parseEntityTag("2-bbb")!, source: "body:_rev" } }
    })
    expect(() => planReplay(put, couch, { kind: "custom", value: '"1-aaa", "2-bbb"' })).toThrow(
      new ReplayPlanError("body _rev holds one version, not a list: type one tag.")
    )
    expect(() => planReplay(put, couch, { kind: "custom", value: "*" })).toThrow(
      new ReplayPlanError('body _rev holds one version, not *: choose "If-Match: *" instead.')
    )
    expect(JSON.parse(planReplay(put, couch, { kind: "custom", value: "1-aaa" }).body ?? "")).toEqual({
      _rev: "1-aaa",
      text: "x"
    })
    // In If-Match a list is a list (RFC 9110 §13.1.1).
    const listed = planReplay(recordedPut(), strictLineage, { kind: "custom", value: '"n1-v1", "n1-v3"' })
    expect(header(listed.headers, "If-Match")).toEqual(['"n1-v1", "n1-v3"'])
  })

  it("has no weak form where the version is bare: W/ would be dropped and the strong version sent as 'weak'", () => {
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 30, text: '{"_rev":"2-bbb","text":"x"}' },
      precondition: { bodyVersion: { tag: parseEntityTag("2-bbb")!, source: "body:_rev" } }
    })
    const refusal = new ReplayPlanError(
      "body _rev holds the bare version, which has no weak form: W/ would be dropped and the strong " +
        "version sent. A weak tag is an If-Match test (RFC 9110 §13.1.1)."
    )
    expect(() => planReplay(put, couch, { kind: "weak" })).toThrow(refusal)
    expect(() => planReplay(put, couch, { kind: "custom", value: 'W/"1-aaa"' })).toThrow(refusal)
    // A field the API writes quoted like a header takes the weak tag as it is.
    const odata = lineageWith(`${API}/1`, ['W/"a1"', 'W/"a2"'], ["body:@odata.etag"])
    const echoed = exchange({
      method: "PUT",
      url: `${API}/1`,
      requestBody: { size: 30, text: '{"@odata.etag":"W/\\"a2\\"","t":1}' },
      precondition: { bodyVersion: { tag: parseEntityTag('W/"a2"')!, source: "body:@odata.etag" } }
    })
    const weak = planReplay(echoed, odata, { kind: "weak" })
    expect(JSON.parse(weak.body ?? "")).toEqual({ "@odata.etag": 'W/"a2"', t: 1 })
    expect(weak.summary).toContain('with body @odata.etag v2 W/"a2"')
  })

  it("adds _rev to a JSON body that lacked it, and removes it for 'none'", () => {
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 12, text: '{"text":"x"}' }
    })
    expect(JSON.parse(planReplay(put, couch, { kind: "version", versionIndex: 2 }).body ?? "")).toEqual({
      text: "x",
      _rev: "2-bbb"
    })
    const withRev = { ...put, requestBody: { size: 20, text: '{"text":"x","_rev":"2-bbb"}' } }
    expect(JSON.parse(planReplay(withRev, couch, { kind: "none" }).body ?? "")).toEqual({ text: "x" })
  })

  it("writes a numeric version (JPA @Version) back as a JSON number, as the API wrote it", () => {
    const spring = lineageWith("http://127.0.0.1:8787/api/spring/notes/1", ["1", "2", "3"], ["body:version"])
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/spring/notes/1",
      requestBody: { size: 25, text: '{"text":"x","version":3}' },
      precondition: { bodyVersion: { tag: parseEntityTag("3")!, source: "body:version" } }
    })
    // A server binding the field to an integer refuses the string "1" (the lab's spring answers 400).
    expect(JSON.parse(planReplay(put, spring, { kind: "version", versionIndex: 1 }).body ?? "")).toEqual({
      text: "x",
      version: 1
    })
    const asText = { ...put, requestBody: { size: 27, text: '{"text":"x","version":"3"}' } }
    expect(JSON.parse(planReplay(asText, spring, { kind: "version", versionIndex: 1 }).body ?? "")).toEqual({
      text: "x",
      version: "1"
    })
  })

  it("puts the version in ?rev= for a DELETE without body, keeping other query pairs", () => {
    const del = exchange({ method: "DELETE", url: "http://127.0.0.1:8787/api/couch/notes/1?x=1&rev=2-bbb" })
    const plan = planReplay(del, couch, { kind: "version", versionIndex: 1 })
    expect(plan.url).toBe("http://127.0.0.1:8787/api/couch/notes/1?x=1&rev=1-aaa")
    expect(planReplay(del, couch, { kind: "none" }).url).toBe("http://127.0.0.1:8787/api/couch/notes/1?x=1")
    const bare = { ...del, url: "http://127.0.0.1:8787/api/couch/notes/1" }
    expect(planReplay(bare, couch, { kind: "version", versionIndex: 1 }).url).toBe(
      "http://127.0.0.1:8787/api/couch/notes/1?rev=1-aaa"
    )
  })

  it("keeps If-Match and also rewrites _etag for an Eve-style API whose original sent both", () => {
    const eve = lineageWith("http://127.0.0.1:8787/api/eve/notes/1", ["e1", "e2"], ["body:_etag"])
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/eve/notes/1",
      requestHeaders: [{ name: "If-Match", value: '"e2"' }],
      requestBody: { size: 20, text: '{"_etag":"e2","t":1}' }
    })
    const plan = planReplay(put, eve, { kind: "version", versionIndex: 1 })
    expect(header(plan.headers, "If-Match")).toEqual(['"e1"'])
    expect(JSON.parse(plan.body ?? "")).toEqual({ _etag: "e1", t: 1 })
  })

  it("rewrites @odata.etag alongside If-Match for a Nox-style API (header and body tags)", () => {
    const nox = lineageWith(
      "http://127.0.0.1:8787/api/nox/notes/1",
      ['W/"a"', 'W/"b"'],
      ["header", "body:@odata.etag"]
    )
    const put = exchange({
      method: "PATCH",
      url: "http://127.0.0.1:8787/api/nox/notes/1",
      requestHeaders: [{ name: "If-Match", value: 'W/"b"' }],
      requestBody: { size: 20, text: '{"@odata.etag":"W/\\"b\\"","t":1}' }
    })
    const plan = planReplay(put, nox, { kind: "version", versionIndex: 1 })
    expect(header(plan.headers, "If-Match")).toEqual(['W/"a"'])
    expect(JSON.parse(plan.body ?? "")["@odata.etag"]).toBe('W/"a"')
    expect(plan.precondition).toMatchObject({ state: "stale", weak: true })
  })

  it("writes a header-sourced tag bare into a field the API writes bare (CouchDB `_rev` next to a quoted ETag)", () => {
    const both = lineageWith(
      "http://127.0.0.1:8787/api/couch/notes/1",
      ['"1-aaa"', '"2-bbb"'],
      ["header", "body:_rev"]
    )
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 30, text: '{"_rev":"2-bbb","text":"x"}' }
    })
    const plan = planReplay(put, both, { kind: "version", versionIndex: 1 })
    expect(JSON.parse(plan.body ?? "")._rev).toBe("1-aaa")
    expect(header(plan.headers, "If-Match")).toEqual(['"1-aaa"'])
    // The request itself carried its version in the body and no If-Match: none is added.
    const bodyVersion = { tag: parseEntityTag("2-bbb")!, source: "body:_rev" }
    const asSent = planReplay({ ...put, precondition: { bodyVersion } }, both, {
      kind: "version",
      versionIndex: 1
    })
    expect(header(asSent.headers, "If-Match")).toEqual([])
    expect(asSent.summary).toContain('with body _rev v1 "1-aaa"')
    const custom = planReplay(put, both, { kind: "custom", value: '"2-bbb"' })
    expect(JSON.parse(custom.body ?? "")._rev).toBe("2-bbb")
    expect(custom.precondition.state).toBe("current")
  })

  it("uses If-Match with `*` even for body-versioned APIs, removing the body version", () => {
    const put = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 20, text: '{"_rev":"2-bbb"}' }
    })
    const plan = planReplay(put, couch, { kind: "star" })
    expect(header(plan.headers, "If-Match")).toEqual(["*"])
    expect(JSON.parse(plan.body ?? "")).toEqual({})
  })
})

describe("planReplay for a JSON Patch that names its version in a test (Azure DevOps' /rev, RFC 6902 §4.6)", () => {
  const ITEM = "https://dev.azure.test/org/_apis/wit/workitems/7"
  const workItem = lineageWith(ITEM, ["3", "4"], ["body:rev"])
  const title = { op: "replace", path: "/fields/System.Title", value: "x" }
  const update = (operations: object[], bodyVersion?: string) =>
    exchange({
      method: "PATCH",
      url: ITEM,
      request: { "Content-Type": "application/json-patch+json" },
      requestBody: { size: 80, text: JSON.stringify(operations), mimeType: "application/json-patch+json" },
      ...(bodyVersion === undefined
        ? {}
        : { precondition: { bodyVersion: { tag: parseEntityTag(bodyVersion)!, source: "body:rev" } } })
    })

  it("sets the test's value to the chosen revision, a number as recorded, and adds no If-Match", () => {
    const tested = update([{ op: "test", path: "/rev", value: 4 }, title], "4")
    const plan = planReplay(tested, workItem, { kind: "version", versionIndex: 1 })
    expect(JSON.parse(plan.body ?? "")).toEqual([{ op: "test", path: "/rev", value: 3 }, title])
    expect(header(plan.headers, "If-Match")).toEqual([])
    expect(plan.precondition.carriers).toEqual([{ kind: "body-field", field: "rev" }])
    expect(plan.precondition).toMatchObject({ state: "stale", versionIndex: 1 })
  })

  it("adds a test to an update that had none, and leaves it out for 'none'", () => {
    const blind = update([title])
    expect(JSON.parse(planReplay(blind, workItem, { kind: "version", versionIndex: 2 }).body ?? "")).toEqual([
      { op: "test", path: "/rev", value: 4 },
      title
    ])
    const tested = update([{ op: "test", path: "/rev", value: 4 }, title], "4")
    expect(JSON.parse(planReplay(tested, workItem, { kind: "none" }).body ?? "")).toEqual([title])
  })
})

describe("planReplay for an API that wants the version the write makes (Confluence's version.number)", () => {
  const PAGE = "https://example.atlassian.net/wiki/rest/api/content/123"
  const confluence = lineageWith(PAGE, ["4", "5"], ["body:version.number"])
  // The recorded save sent 6, based on version 5 (the engine reads it as 5).
  const save = exchange({
    method: "PUT",
    url: PAGE,
    requestBody: { size: 40, text: '{"title":"Plan","version":{"number":6}}' },
    precondition: { bodyVersion: { tag: parseEntityTag("5")!, source: "body:version.number" } }
  })
  const options = { nextVersionFields: ["version.number"] }

  it("sends the chosen version plus one, as a JSON number, and says so", () => {
    const plan = planReplay(save, confluence, { kind: "version", versionIndex: 1 }, options)
    expect(JSON.parse(plan.body ?? "")).toEqual({ title: "Plan", version: { number: 5 } })
    expect(plan.precondition).toMatchObject({ sent: '"4"', state: "stale", versionIndex: 1 })
    expect(plan.precondition.carriers).toEqual([{ kind: "body-field", field: "version.number", next: true }])
    expect(plan.warnings).toContain(
      "version.number carries the version the write makes: the chosen version plus one is sent, as the API expects."
    )
  })

  it("sends the recorded body as it was for 'original', judged by the version it was based on", () => {
    const plan = planReplay(save, confluence, { kind: "original" }, options)
    expect(plan.body).toBe(save.requestBody?.text)
    expect(plan.precondition).toMatchObject({ state: "current", versionIndex: 2 })
    expect(plan.warnings).toEqual([])
  })

  it("sends no version object at all for 'none'", () => {
    const plan = planReplay(save, confluence, { kind: "none" }, options)
    expect(JSON.parse(plan.body ?? "")).toEqual({ title: "Plan" })
  })

  it("without the option, writes the chosen version itself", () => {
    const plan = planReplay(save, confluence, { kind: "version", versionIndex: 1 })
    expect(JSON.parse(plan.body ?? "")).toEqual({ title: "Plan", version: { number: 4 } })
  })
})

describe("planReplay for an API that reads its version from a header (Contentful's X-Contentful-Version)", () => {
  const ENTRY = "http://127.0.0.1:8787/api/contentful/notes/1"
  const contentful = lineageWith(ENTRY, ["1", "2", "3"], ["body:sys.version"])
  const headers = { versionHeaders: ["X-Contentful-Version"] }
  const put = (sent?: string) =>
    exchange({
      method: "PUT",
      url: ENTRY,
      requestHeaders: [
        { name: "Content-Type", value: "application/json" },
        ...(sent === undefined ? [] : [{ name: "x-contentful-version", value: sent }])
      ],
      requestBody: { size: 16, text: '{"text":"hello"}' },
      precondition:
        sent === undefined
          ? {}
          : { bodyVersion: { tag: parseEntityTag(sent)!, source: "header:X-Contentful-Version" } }
    })

  it("has no weak form: the header holds the bare version", () => {
    expect(() => planReplay(put("3"), contentful, { kind: "weak" }, headers)).toThrow(
      /^X-Contentful-Version holds the bare version, which has no weak form/
    )
  })

  it("writes the chosen version, bare, into the header the recorded write used; the body is left alone", () => {
    const plan = planReplay(put("3"), contentful, { kind: "version", versionIndex: 1 }, headers)
    expect(header(plan.headers, "X-Contentful-Version")).toEqual(["1"])
    expect(header(plan.headers, "If-Match")).toEqual([])
    expect(plan.body).toBe('{"text":"hello"}')
    expect(plan.precondition).toMatchObject({ state: "stale", versionIndex: 1, currentVersionIndex: 3 })
    expect(plan.summary).toContain("X-Contentful-Version")
  })

  it("names the header the user configured when the recorded write sent no version at all", () => {
    const plan = planReplay(put(), contentful, { kind: "version", versionIndex: 3 }, headers)
    expect(header(plan.headers, "X-Contentful-Version")).toEqual(["3"])
    expect(plan.body).toBe('{"text":"hello"}')
    // Not configured: the body's own field, as for any body-versioned API.
    const unconfigured = planReplay(put(), contentful, { kind: "version", versionIndex: 3 })
    expect(header(unconfigured.headers, "X-Contentful-Version")).toEqual([])
    expect(JSON.parse(unconfigured.body ?? "")).toEqual({ text: "hello", "sys.version": "3" })
  })

  it("a version header named for another API does not move a CouchDB-style _rev out of the body", () => {
    const couchNote = lineageWith("http://127.0.0.1:8787/api/couch/notes/1", ["1-a", "2-b"], ["body:_rev"])
    const unguarded = exchange({
      method: "PUT",
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 12, text: '{"text":"x"}' }
    })
    const plan = planReplay(unguarded, couchNote, { kind: "version", versionIndex: 1 }, headers)
    expect(JSON.parse(plan.body ?? "")).toEqual({ text: "x", _rev: "1-a" })
    expect(header(plan.headers, "X-Contentful-Version")).toEqual([])
  })

  it("sends no version for 'none' and the recorded one for 'original'", () => {
    expect(
      header(planReplay(put("2"), contentful, { kind: "none" }, headers).headers, "X-Contentful-Version")
    ).toEqual([])
    const original = planReplay(put("2"), contentful, { kind: "original" }, headers)
    expect(header(original.headers, "X-Contentful-Version")).toEqual(["2"])
    expect(original.precondition).toMatchObject({
      carriers: [{ kind: "version-header", name: "X-Contentful-Version" }],
      sent: "2",
      state: "stale"
    })
  })

  it("leaves the version header out of the refresh GET of Show the fix", () => {
    const refresh = planRefresh(put("2"), headers)
    expect(refresh.method).toBe("GET")
    expect(header(refresh.headers, "X-Contentful-Version")).toEqual([])
    expect(header(planRefresh(put("2")).headers, "X-Contentful-Version")).toEqual(["2"])
  })
})

describe("planReplay for a server without tags: versions are Last-Modified dates (RFC 9110 §13.1.4)", () => {
  const T1 = DATE_V1
  const { put: datedPut, lineage: datedLineage } = datedHistory()

  it("sends an older version's date in If-Unmodified-Since, as an IMF-fixdate, and calls it stale", () => {
    const plan = planReplay(datedPut, datedLineage, { kind: "version", versionIndex: 1 })
    expect(header(plan.headers, "If-Unmodified-Since")).toEqual([T1])
    expect(header(plan.headers, "If-Match")).toEqual([])
    expect(plan.precondition).toMatchObject({ state: "stale", versionIndex: 1, currentVersionIndex: 2 })
    expect(plan.summary).toBe(
      `PUT /api/strict/notes/1 with If-Unmodified-Since v1 ${T1} (stale: current is v2)`
    )
  })

  it("judges the original and typed dates by the versions' dates; none removes the date", () => {
    expect(planReplay(datedPut, datedLineage, { kind: "original" }).precondition).toMatchObject({
      sent: T1,
      state: "stale",
      versionIndex: 1,
      carriers: [{ kind: "if-unmodified-since" }]
    })
    const later = planReplay(datedPut, datedLineage, {
      kind: "custom",
      value: "Fri, 02 Jan 2026 09:00:00 GMT"
    })
    expect(later.precondition).toMatchObject({ state: "current", versionIndex: 2 })
    const before = planReplay(datedPut, datedLineage, {
      kind: "custom",
      value: "Wed, 31 Dec 2025 23:00:00 GMT"
    })
    expect(before.precondition.state).toBe("unknown")
    expect(before.summary).toContain("a date before any version this capture showed")
    expect(
      header(planReplay(datedPut, datedLineage, { kind: "none" }).headers, "If-Unmodified-Since")
    ).toEqual([])
  })

  it("has no weak form, and asks for a date when the custom value is empty", () => {
    expect(() => planReplay(datedPut, datedLineage, { kind: "weak" })).toThrow(/versioned by dates/)
    expect(() => planReplay(datedPut, datedLineage, { kind: "custom", value: " " })).toThrow(/Type a date/)
  })
})
