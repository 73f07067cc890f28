import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { isCouchBulkDocs } from "../../../src/core/traffic/couch-bulk-docs"
import { rpcNoteOf } from "../../../src/core/traffic/rpc-call"
import { exchangeLine, ingestHarEntries } from "../../builders/findings"
import { harEntry } from "../../builders/har"
import { ruleIdsOf } from "../../builders/fixture-snapshot"

const DB = "http://couch.local:5984/notes"
const JSON_TYPE = [{ name: "Content-Type", value: "application/json" }]

/** A `POST /notes/_bulk_docs` and CouchDB's answer (201 with a result per document, unless `status`). */
function bulk(docs: readonly unknown[], answer: unknown, status = 201, extra: Record<string, unknown> = {}) {
  return harEntry({
    method: "POST",
    url: `${DB}/_bulk_docs`,
    status,
    requestHeaders: [...JSON_TYPE, { name: "Authorization", value: "Basic YWxpY2U6cw==" }],
    requestBody: JSON.stringify({ docs, ...extra }),
    responseHeaders: JSON_TYPE,
    responseBody: JSON.stringify(answer)
  })
}

const read = (rev: string) =>
  harEntry({
    url: `${DB}/n1`,
    responseHeaders: [...JSON_TYPE, { name: "ETag", value: `"${rev}"` }],
    responseBody: JSON.stringify({ _id: "n1", _rev: rev, text: "x" })
  })

describe("isCouchBulkDocs", () => {
  const docs = JSON.stringify({ docs: [{ _id: "n1" }] })

  it("a POST of documents to …/_bulk_docs", () => {
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_docs`, docs)).toBe(true)
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_docs/?batch=ok`, docs)).toBe(true)
  })

  it("not another method or URL, a body without docs, or a replication's new_edits: false", () => {
    expect(isCouchBulkDocs("PUT", `${DB}/_bulk_docs`, docs)).toBe(false)
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_get`, docs)).toBe(false)
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_docs`, '{"keys":["n1"]}')).toBe(false)
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_docs`, '{"docs": not json')).toBe(false)
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_docs`, undefined)).toBe(false)
    const replicated = JSON.stringify({ docs: [{ _id: "n1", _rev: "3-c" }], new_edits: false })
    expect(isCouchBulkDocs("POST", `${DB}/_bulk_docs`, replicated)).toBe(false)
  })

  it("never throws", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        (method, url, text) => {
          expect(typeof isCouchBulkDocs(method, url, text)).toBe("boolean")
        }
      )
    )
  })
})

describe("a CouchDB bulk write is judged document by document", () => {
  it("each document a write of its own: PUT with its _rev, POST without _id (created where the answer says), DELETE with ?rev=", () => {
    const snapshot = ingestHarEntries([
      bulk(
        [
          { _id: "n1", _rev: "1-a", text: "y" },
          { text: "no id" },
          { _id: "n3", _rev: "4-d", _deleted: true }
        ],
        [
          { ok: true, id: "n1", rev: "2-b" },
          { ok: true, id: "f00d", rev: "1-e" },
          { ok: true, id: "n3", rev: "5-f" }
        ]
      )
    ])
    expect(snapshot.exchanges.map(exchangeLine)).toEqual([
      `#1 rpc POST ${DB}/_bulk_docs 201`,
      `#2 api PUT ${DB}/n1 201`,
      `#3 api POST ${DB} 201`,
      `#4 api DELETE ${DB}/n3?rev=4-d 200`
    ])
    const [batch, saved, created] = snapshot.exchanges
    expect(rpcNoteOf(batch.notes)).toBe(
      "CouchDB bulk write of 3 operations (#2–#4), each judged as a request of its own"
    )
    expect(saved.precondition.bodyVersion?.tag.opaque).toBe("1-a")
    expect(saved.responseTags.map((tag) => tag.tag.opaque)).toContain("2-b")
    expect(created.location).toBe(`${DB}/f00d`)
    // The batch's credentials go with each document's write.
    expect(saved.requestHeaders.find((header) => header.name === "Authorization")?.value).toBe(
      "Basic YWxpY2U6cw=="
    )
  })

  it("a conflict inside the 201 is that document's 409: a stale revision refused, as CouchDB refuses it alone", () => {
    const snapshot = ingestHarEntries([
      read("1-a"),
      bulk([{ _id: "n1", _rev: "1-a", text: "y" }], [{ ok: true, id: "n1", rev: "2-b" }]),
      bulk(
        [{ _id: "n1", _rev: "1-a", text: "z" }],
        [{ id: "n1", error: "conflict", reason: "Document update conflict." }]
      )
    ])
    const note = snapshot.resources.find((resource) => resource.key === `${DB}/n1`)
    const writes = note?.events.filter((event) => event.role !== "read")
    expect(writes?.map((event) => [event.exchangeId, event.status, event.precondition.state])).toEqual([
      [3, 201, "current"],
      [5, 409, "stale"]
    ])
    expect(snapshot.policies[0]?.summary).toBe("body-versioned")
    expect(ruleIdsOf(snapshot)).toEqual([])
  })

  it("other per-document errors keep their meaning; an answer missing one is a failed write; a refusal of the whole request is each one's", () => {
    const errors = ingestHarEntries([
      bulk(
        [{ _id: "n1", _rev: "1-a" }, { _id: "n2" }, { _id: "n3" }, { _id: "n4" }, { _id: "n5" }],
        [
          { id: "n1", error: "forbidden" },
          { id: "n2", error: "unauthorized" },
          { id: "n3", error: "odd" },
          // An error named like an object's own property is an error all the same.
          { id: "n4", error: "constructor" }
        ]
      )
    ])
    expect(errors.exchanges.slice(1).map((exchange) => exchange.status)).toEqual([403, 401, 400, 400, 0])
    const refused = ingestHarEntries([bulk([{ _id: "n1" }, { _id: "n2" }], { error: "bad_request" }, 400)])
    expect(refused.exchanges.slice(1).map((exchange) => exchange.status)).toEqual([400, 400])
  })

  it("a replication's write (new_edits: false) stays one POST", () => {
    const snapshot = ingestHarEntries([bulk([{ _id: "n1", _rev: "3-c" }], [], 201, { new_edits: false })])
    expect(snapshot.exchanges.map(exchangeLine)).toEqual([`#1 api POST ${DB}/_bulk_docs 201`])
  })
})
