import { describe, expect, it } from "vitest"

import { findApiPreset, withApiPreset } from "../../../src/core/api-presets"
import { createEngine } from "../../../src/core/engine"
import { printLineage } from "../../../src/core/lineage/print-lineage"
import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { resourceKey } from "../../../src/core/traffic/resource-key"
import {
  isCreateOnlyDocumentWrite,
  searchEngineDocumentPath
} from "../../../src/core/traffic/search-engine-document"
import { harEntry } from "../../builders/har"

const ES = "http://es.local:9200"
const JSON_TYPE = [{ name: "Content-Type", value: "application/json" }]

describe("searchEngineDocumentPath", () => {
  it("names a document's _create, _update and _source endpoints as its _doc", () => {
    expect(searchEngineDocumentPath("/notes/_update/1")).toBe("/notes/_doc/1")
    expect(searchEngineDocumentPath("/notes/_create/a%2Fb")).toBe("/notes/_doc/a%2Fb")
    expect(searchEngineDocumentPath("/notes/_source/1")).toBe("/notes/_doc/1")
    expect(searchEngineDocumentPath("/es/prefix/notes/_update/1")).toBe("/es/prefix/notes/_doc/1")
  })

  it("leaves any other path as it is", () => {
    for (const path of [
      "/notes/_doc/1",
      "/notes/1",
      "/notes/_update",
      "/notes/_update/1/extra",
      "/_update/1",
      "/_all/_update/1",
      "/notes/update/1",
      "/"
    ])
      expect(searchEngineDocumentPath(path)).toBe(path)
  })

  it("makes the four endpoints of one document one resource key, version parameters aside", () => {
    const keys = [
      `${ES}/notes/_doc/1`,
      `${ES}/notes/_update/1?if_seq_no=3&if_primary_term=1`,
      `${ES}/notes/_create/1/`,
      `${ES}/notes/_source/1`
    ].map((url) => resourceKey(url, { identityQueryParams: [], queryVersionParams: ["if_seq_no"] }))
    expect(new Set(keys)).toEqual(new Set([`${ES}/notes/_doc/1`]))
  })
})

describe("isCreateOnlyDocumentWrite", () => {
  it("a PUT or POST to _create/<id>, or to _doc/<id> with op_type=create", () => {
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/notes/_create/1`)).toBe(true)
    expect(isCreateOnlyDocumentWrite("POST", `${ES}/notes/_create/1?refresh=true`)).toBe(true)
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/notes/_doc/1?op_type=create`)).toBe(true)
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/notes/_doc/1?refresh=true&op_type=create`)).toBe(true)
  })

  it("not a read, an index or update, another op_type, or a path that only looks alike", () => {
    expect(isCreateOnlyDocumentWrite("GET", `${ES}/notes/_create/1`)).toBe(false)
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/notes/_doc/1`)).toBe(false)
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/notes/_doc/1?op_type=index`)).toBe(false)
    expect(isCreateOnlyDocumentWrite("POST", `${ES}/notes/_update/1`)).toBe(false)
    expect(isCreateOnlyDocumentWrite("POST", `${ES}/notes/_doc?op_type=create`)).toBe(false)
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/_create/1`)).toBe(false)
    expect(isCreateOnlyDocumentWrite("PUT", `${ES}/notes/_create/1/more`)).toBe(false)
  })
})

describe("an Elasticsearch document written through its endpoints (with the elasticsearch preset)", () => {
  const answer = (seqNo: number, result: string) =>
    JSON.stringify({
      _index: "notes",
      _id: "1",
      _version: seqNo + 1,
      result,
      _seq_no: seqNo,
      _primary_term: 1
    })
  const conflict = JSON.stringify({ error: { type: "version_conflict_engine_exception" }, status: 409 })
  const write = (method: string, path: string, status: number, responseBody: string) =>
    harEntry({
      method,
      url: `${ES}${path}`,
      status,
      requestHeaders: JSON_TYPE,
      requestBody: '{"doc":{"text":"x"}}',
      responseBody
    })
  const capture = [
    write("PUT", "/notes/_create/1", 201, answer(0, "created")),
    harEntry({
      url: `${ES}/notes/_doc/1`,
      responseBody: JSON.stringify({ _index: "notes", _id: "1", _seq_no: 0, _primary_term: 1, found: true })
    }),
    write("POST", "/notes/_update/1?if_seq_no=0&if_primary_term=1", 200, answer(1, "updated")),
    write("PUT", "/notes/_doc/1?if_seq_no=0&if_primary_term=1", 409, conflict),
    write("POST", "/notes/_update/1", 200, answer(2, "updated")),
    write("PUT", "/notes/_create/1", 409, conflict)
  ]

  function audit() {
    const preset = findApiPreset("elasticsearch")
    if (preset === undefined) throw new Error("no elasticsearch preset")
    const engine = createEngine(withApiPreset(DEFAULT_ENGINE_OPTIONS, preset))
    for (const entry of capture) engine.ingestHarEntry(entry, "import")
    return engine.snapshot()
  }

  it("is one resource whose versions come from every endpoint's answers", () => {
    const snapshot = audit()
    expect(snapshot.resources.map((resource) => resource.key)).toEqual([`${ES}/notes/_doc/1`])
    const lineage = printLineage(snapshot.resources[0])
    expect(lineage).toMatch(/v1 0 +#1 {2}PUT If-None-Match \* → 201 \(created\)/)
    expect(lineage).toMatch(/v2 1 +#3 {2}POST query:if_seq_no v1 \(current\) → 200/)
    // The save with the version before the update is stale: ES refused it.
    expect(lineage).toMatch(/#4 {2}PUT query:if_seq_no v1 \(STALE, current was v2\) → 409/)
    expect(lineage).toMatch(/v3 2 +#5 {2}POST \(no precondition\) → 200/)
  })

  it("flags the update without ?if_seq_no=, and no missing precondition on the create-only writes", () => {
    const findings = audit().findings
    const missing = findings.filter((finding) => finding.ruleId === "missing-if-match")
    expect(missing.map((finding) => finding.exchangeIds)).toEqual([[5]])
    // `_create` refusing an existing document with 409 is ES's conflict (§15.5.10), not a refused
    // If-None-Match header field.
    expect(findings.map((finding) => finding.ruleId)).not.toContain("conflict-as-409")
  })

  it("notes that a create-only endpoint is judged as If-None-Match: *", () => {
    const result = createEngine().ingestHarEntry(capture[0], "import")
    if (!("exchange" in result)) throw new Error("not ingested")
    expect(result.exchange.precondition.ifNoneMatch).toEqual({ kind: "any", raw: "*" })
    expect(result.exchange.notes).toContain(
      "create-only endpoint (Elasticsearch _create, op_type=create): judged as If-None-Match: *"
    )
  })

  it("a create-only write that sent If-None-Match: * itself keeps it, and a 409 to it is conflict-as-409", () => {
    const engine = createEngine()
    engine.ingestHarEntry(
      harEntry({
        url: `${ES}/notes/_doc/2`,
        responseBody: '{"_id":"2"}',
        responseHeaders: [{ name: "ETag", value: '"a"' }]
      }),
      "import"
    )
    const sent = engine.ingestHarEntry(
      harEntry({
        method: "PUT",
        url: `${ES}/notes/_doc/2?op_type=create`,
        status: 409,
        requestHeaders: [...JSON_TYPE, { name: "If-None-Match", value: "*" }],
        requestBody: "{}",
        responseBody: conflict
      }),
      "import"
    )
    expect("exchange" in sent && sent.exchange.notes).toEqual([])
    expect(engine.snapshot().findings.map((finding) => finding.ruleId)).toContain("conflict-as-409")
  })
})
