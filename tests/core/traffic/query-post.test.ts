import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { findApiPreset, withApiPreset } from "../../../src/core/api-presets"
import { createEngine } from "../../../src/core/engine"
import { isSafeMethod } from "../../../src/core/http/methods"
import { printLineage } from "../../../src/core/lineage/print-lineage"
import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { QUERY_METHOD, queryEndpointOf, withoutQueryEndpoint } from "../../../src/core/traffic/query-post"
import { harEntry, type HarEntrySpec } from "../../builders/har"

describe("queryEndpointOf", () => {
  it("names the query endpoint a POST was sent to, by each API's specification", () => {
    expect(queryEndpointOf("POST", "http://couch.local:5984/notes/_find")).toBe("_find")
    expect(queryEndpointOf("POST", "http://couch.local:5984/notes/_all_docs?include_docs=true")).toBe(
      "_all_docs"
    )
    expect(queryEndpointOf("POST", "https://idp.example/scim/v2/Users/.search")).toBe(".search")
    expect(queryEndpointOf("POST", "https://idp.example/scim/v2/.search")).toBe(".search")
    expect(queryEndpointOf("POST", "https://fhir.example/R4/Patient/_search/")).toBe("_search")
    expect(queryEndpointOf("POST", "http://es.local:9200/notes/_search#top")).toBe("_search")
    expect(queryEndpointOf("POST", "https://odata.example/svc/Notes/$query")).toBe("$query")
    expect(queryEndpointOf("POST", "https://odata.example/svc/Notes/%24query")).toBe("$query")
  })

  it("nothing for another method, another last segment, or a marker in the query", () => {
    expect(queryEndpointOf("GET", "http://couch.local:5984/notes/_find")).toBeUndefined()
    expect(queryEndpointOf("PUT", "https://idp.example/scim/v2/Users/.search")).toBeUndefined()
    expect(queryEndpointOf("POST", "http://couch.local:5984/notes/_findings")).toBeUndefined()
    expect(queryEndpointOf("POST", "http://api.local/research_search")).toBeUndefined()
    expect(queryEndpointOf("POST", "http://api.local/_search/notes")).toBeUndefined()
    expect(queryEndpointOf("POST", "http://api.local/notes?next=/_find")).toBeUndefined()
    expect(queryEndpointOf("POST", "http://api.local/notes")).toBeUndefined()
  })

  it("never throws, and names an endpoint only for a POST", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (method, url) => {
        const endpoint = queryEndpointOf(method, url)
        expect(endpoint === undefined || method === "POST").toBe(true)
      })
    )
  })

  it("withoutQueryEndpoint gives the path of what was searched", () => {
    expect(withoutQueryEndpoint("/notes/_find")).toBe("/notes")
    expect(withoutQueryEndpoint("/scim/v2/Users/.search")).toBe("/scim/v2/Users")
    expect(withoutQueryEndpoint("/svc/Notes/%24query")).toBe("/svc/Notes")
    expect(withoutQueryEndpoint("/_search")).toBe("")
    expect(withoutQueryEndpoint("/notes/_findings")).toBe("/notes/_findings")
    expect(withoutQueryEndpoint("/notes")).toBe("/notes")
  })

  it("is judged as QUERY, a safe method", () => {
    expect(isSafeMethod(QUERY_METHOD)).toBe(true)
  })
})

const DB = "http://couch.local:5984/notes"
const JSON_TYPE = [{ name: "Content-Type", value: "application/json" }]

function post(url: string, requestBody: string, responseBody: string, extra: Partial<HarEntrySpec> = {}) {
  return harEntry({
    method: "POST",
    url,
    requestHeaders: JSON_TYPE,
    requestBody,
    responseBody,
    ...extra
  })
}

describe("a query by POST", () => {
  it("CouchDB's _find lists the revisions a later save is based on: current, not unknown; no write to /_find", () => {
    const engine = createEngine()
    engine.ingestHarEntry(
      post(`${DB}/_find`, '{"selector":{"text":"x"}}', '{"docs":[{"_id":"n1","_rev":"1-a","text":"x"}]}'),
      "import"
    )
    const saved = harEntry({
      method: "PUT",
      url: `${DB}/n1`,
      status: 201,
      requestHeaders: JSON_TYPE,
      requestBody: '{"_id":"n1","_rev":"1-a","text":"y"}',
      responseHeaders: [...JSON_TYPE, { name: "ETag", value: '"2-b"' }],
      responseBody: '{"ok":true,"id":"n1","rev":"2-b"}'
    })
    engine.ingestHarEntry(saved, "import")
    engine.ingestHarEntry(
      post(`${DB}/_find`, '{"selector":{"text":"x"}}', '{"docs":[{"_id":"n1","_rev":"2-b","text":"y"}]}'),
      "import"
    )
    const snapshot = engine.snapshot()
    const note = snapshot.resources.find((resource) => resource.key === `${DB}/n1`)
    if (note === undefined) throw new Error("no lineage for n1")
    expect(printLineage(note)).toMatch(/v1 1-a +#1 {2}QUERY \(list\) → 200/)
    expect(printLineage(note)).toMatch(
      /#2 {2}PUT body:_rev v1 \(current\) → 201 +seen by #3 QUERY \(list\) 200/
    )
    expect(snapshot.findings.map((finding) => finding.ruleId)).toEqual([])
    const find = snapshot.exchanges[0]
    expect(find).toMatchObject({ method: "QUERY", sentMethod: "POST" })
    expect(find.notes).toContain(
      "sent as POST to the query endpoint _find: judged as a read (a query), not a write"
    )
    // Nothing is written to the query endpoint.
    const endpoint = snapshot.resources.find((resource) => resource.key === `${DB}/_find`)
    expect(endpoint?.events.map((event) => event.role)).toEqual(["read", "read"])
  })

  it("a FHIR search by POST gives its matches' versions", () => {
    const fhir = "application/fhir+json"
    const bundle = JSON.stringify({
      resourceType: "Bundle",
      type: "searchset",
      entry: [
        {
          fullUrl: "https://fhir.example/R4/Patient/7",
          resource: { resourceType: "Patient", id: "7", meta: { versionId: "3" } }
        }
      ]
    })
    const engine = createEngine()
    const result = engine.ingestHarEntry(
      post("https://fhir.example/R4/Patient/_search", "name=smith", bundle, {
        requestMime: "application/x-www-form-urlencoded",
        responseMime: fhir
      }),
      "import"
    )
    expect("exchange" in result && result.exchange.itemTags).toEqual([
      {
        url: "https://fhir.example/R4/Patient/7",
        tag: expect.objectContaining({ source: "item:meta.versionId" })
      }
    ])
  })

  it("an Elasticsearch search by POST gives each hit's _seq_no to its document (with the elasticsearch preset)", () => {
    const preset = findApiPreset("elasticsearch")
    if (preset === undefined) throw new Error("no elasticsearch preset")
    const es = "http://es.local:9200"
    const hits = (seqNo: number) =>
      JSON.stringify({
        hits: { total: { value: 1 }, hits: [{ _index: "notes", _id: "1", _seq_no: seqNo, _primary_term: 1 }] }
      })
    const save = (seqNo: number, status: number, made?: number) =>
      harEntry({
        method: "PUT",
        url: `${es}/notes/_doc/1?if_seq_no=${seqNo}&if_primary_term=1`,
        status,
        requestHeaders: JSON_TYPE,
        requestBody: '{"text":"x"}',
        responseBody:
          made === undefined
            ? '{"error":{"type":"version_conflict_engine_exception"}}'
            : JSON.stringify({ _id: "1", _seq_no: made, _primary_term: 1 })
      })
    const engine = createEngine(withApiPreset(DEFAULT_ENGINE_OPTIONS, preset))
    for (const entry of [
      post(`${es}/notes/_search`, '{"seq_no_primary_term":true,"query":{"match_all":{}}}', hits(4)),
      save(4, 200, 5),
      save(4, 409)
    ])
      engine.ingestHarEntry(entry, "import")
    const snapshot = engine.snapshot()
    const doc = snapshot.resources.find((resource) => resource.key === `${es}/notes/_doc/1`)
    if (doc === undefined) throw new Error("no lineage for the document")
    expect(printLineage(doc)).toMatch(/v1 4 +#1 {2}QUERY \(list\) → 200/)
    expect(printLineage(doc)).toMatch(/#2 {2}PUT query:if_seq_no v1 \(current\) → 200/)
    expect(printLineage(doc)).toMatch(/#3 {2}PUT query:if_seq_no v1 \(STALE, current was v2\) → 409/)
    // A search of every index, and one behind a path prefix, name the same kind of URL.
    const anyIndex = createEngine(withApiPreset(DEFAULT_ENGINE_OPTIONS, preset)).ingestHarEntry(
      post(`${es}/_search`, "{}", hits(4)),
      "import"
    )
    expect(
      "exchange" in anyIndex && anyIndex.exchange.itemTags.map((item) => "url" in item && item.url)
    ).toEqual([`${es}/notes/_doc/1`])
  })

  it("a method-override header still names the method it stands for", () => {
    const result = createEngine().ingestHarEntry(
      post(`${DB}/_find`, "{}", "{}", {
        requestHeaders: [...JSON_TYPE, { name: "X-HTTP-Method-Override", value: "PATCH" }]
      }),
      "import"
    )
    expect("exchange" in result && result.exchange.method).toBe("PATCH")
  })
})
