import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import type { Exchange } from "../../../src/core/model"
import { batchOperationEntries, isODataBatchRequest } from "../../../src/core/traffic/odata-batch"
import { harEntry } from "../../builders/har"
import {
  BATCH_URL,
  BOOK,
  patchedTo,
  readThenPatch,
  refusedWith412,
  SERVICE
} from "../../builders/odata-batch"

function ingestAll(entries: unknown[]) {
  const engine = createEngine()
  const results = entries.map((entry) => engine.ingestHarEntry(entry, "import"))
  return { engine, results, snapshot: engine.snapshot() }
}

const line = (exchange: Exchange) =>
  `#${exchange.id} ${exchange.kind} ${exchange.method} ${exchange.url} ${exchange.status}`

describe("OData $batch: each operation is an exchange of its own", () => {
  it("reads a UI5-style multipart batch: the GET, and the PATCH of its change set with If-Match, credentials inherited", () => {
    const { results, snapshot } = ingestAll([
      readThenPatch('W/"20241126090000"', patchedTo('W/"20241126093000"'))
    ])
    expect(snapshot.exchanges.map(line)).toEqual([
      `#1 rpc POST ${BATCH_URL} 200`,
      `#2 api GET ${BOOK} 200`,
      `#3 api PATCH ${BOOK} 200`
    ])
    const [batch, read, patch] = snapshot.exchanges
    expect(batch.notes).toContain("OData batch of 2 operations (#2–#3), each judged as a request of its own")
    expect(read.notes).toContain("operation 1 of 2 in OData batch #1")
    expect(patch.precondition.ifMatch).toMatchObject({
      kind: "tags",
      tags: [{ weak: true, opaque: "20241126090000" }]
    })
    // Sent with the batch's credentials and CSRF token, not its framing: a replay of it can go alone.
    expect(patch.requestHeaders.map((header) => header.name)).toEqual([
      "X-CSRF-Token",
      "Content-Type",
      "If-Match"
    ])
    expect(patch.requestBody?.text).toBe('{"title":"New title"}')
    expect(patch.responseTags.map((tag) => [tag.source, tag.tag.raw])).toEqual([
      ["header", 'W/"20241126093000"'],
      ["body:@odata.etag", 'W/"20241126093000"']
    ])
    expect("exchange" in results[0] && results[0].parts?.map((part) => part.exchange.id)).toEqual([2, 3])
    const book = snapshot.resources.find((resource) => resource.key === BOOK)
    expect(book?.versions.map((version) => version.tag.tag.raw)).toEqual([
      'W/"20241126090000"',
      'W/"20241126093000"'
    ])
    expect(snapshot.resources.map((resource) => resource.key)).not.toContain(BATCH_URL)
  })

  it("a stale If-Match inside a batch that the server accepts is a lost update; a change set refused with one 412 is a conflict for its operations", () => {
    const { snapshot } = ingestAll([
      readThenPatch('W/"20241126090000"', patchedTo('W/"20241126093000"')),
      // Another user's edit, based on the version before: accepted.
      readThenPatch('W/"20241126090000"', patchedTo('W/"20241126094500"')),
      readThenPatch('W/"20241126090000"', refusedWith412)
    ])
    const lost = snapshot.findings.filter((finding) => finding.ruleId === "lost-update")
    expect(lost.map((finding) => finding.exchangeIds.at(-1))).toEqual([6])
    const refused = snapshot.exchanges.find((exchange) => exchange.id === 9)
    expect(refused).toMatchObject({ method: "PATCH", status: 412 })
    const book = snapshot.resources.find((resource) => resource.key === BOOK)
    expect(book?.events.find((event) => event.exchangeId === 9)?.precondition.state).toBe("stale")
    // The POST to $batch itself is no write without If-Match.
    expect(snapshot.findings.flatMap((finding) => finding.exchangeIds)).not.toContain(1)
  })

  it("reads an OData 4.01 JSON batch, answers matched by id, and `$1` as what the create made", () => {
    const requests = {
      requests: [
        {
          id: "1",
          atomicityGroup: "g1",
          method: "post",
          url: "Books",
          headers: { "content-type": "application/json" },
          body: { title: "A" }
        },
        {
          id: "2",
          atomicityGroup: "g1",
          method: "patch",
          url: "$1",
          headers: { "if-match": 'W/"1"' },
          body: { title: "B" }
        }
      ]
    }
    const responses = {
      responses: [
        { id: "2", status: 200, headers: { etag: 'W/"2"' }, body: { ID: 7, title: "B" } },
        {
          id: "1",
          status: 201,
          headers: { location: `${SERVICE}Books(7)`, etag: 'W/"1"' },
          body: { ID: 7, title: "A" }
        }
      ]
    }
    const entry = harEntry({
      method: "POST",
      url: BATCH_URL,
      requestHeaders: [{ name: "Content-Type", value: "application/json" }],
      requestBody: JSON.stringify(requests),
      responseBody: JSON.stringify(responses)
    })
    const { snapshot } = ingestAll([entry])
    expect(snapshot.exchanges.map(line)).toEqual([
      `#1 rpc POST ${BATCH_URL} 200`,
      `#2 api POST ${SERVICE}Books 201`,
      `#3 api PATCH ${SERVICE}Books(7) 200`
    ])
    const created = snapshot.resources.find((resource) => resource.key === `${SERVICE}Books(7)`)
    expect(created?.versions.map((version) => version.tag.tag.raw)).toEqual(['W/"1"', 'W/"2"'])
    expect(snapshot.findings.map((finding) => finding.ruleId)).not.toContain("missing-if-match")
  })

  it("reads a Microsoft Graph JSON batch: its absolute paths are below the version root", () => {
    const graph = "https://graph.microsoft.com/v1.0"
    const entry = harEntry({
      method: "POST",
      url: `${graph}/$batch`,
      requestHeaders: [
        { name: "Content-Type", value: "application/json" },
        { name: "Authorization", value: "Bearer t0ken" }
      ],
      requestBody: JSON.stringify({
        requests: [
          { id: "1", method: "GET", url: "/me/events/AAMk1" },
          {
            id: "2",
            method: "PATCH",
            url: "/me/events/AAMk1",
            headers: { "Content-Type": "application/json", "If-Match": 'W/"DwAAABYAAAA1"' },
            body: { subject: "Moved" }
          }
        ]
      }),
      responseBody: JSON.stringify({
        responses: [
          { id: "1", status: 200, headers: { ETag: 'W/"DwAAABYAAAA1"' }, body: { subject: "Old" } },
          { id: "2", status: 412, headers: {}, body: { error: { code: "ErrorIrresolvableConflict" } } }
        ]
      })
    })
    const { snapshot } = ingestAll([entry])
    expect(snapshot.exchanges.map(line)).toEqual([
      `#1 rpc POST ${graph}/$batch 200`,
      `#2 api GET ${graph}/me/events/AAMk1 200`,
      `#3 api PATCH ${graph}/me/events/AAMk1 412`
    ])
    expect(snapshot.exchanges[2].requestHeaders).toContainEqual({
      name: "Authorization",
      value: "Bearer t0ken"
    })
    // An absolute path under the service root (as the OData examples write them) stays as it is.
    const inRoot = harEntry({
      method: "POST",
      url: BATCH_URL,
      requestHeaders: [{ name: "Content-Type", value: "application/json" }],
      requestBody: JSON.stringify({ requests: [{ id: "1", method: "GET", url: new URL(BOOK).pathname }] })
    })
    expect(ingestAll([inRoot]).snapshot.exchanges[1].url).toBe(BOOK)
  })

  it("an operation the answer does not cover is kept as failed; a batch whose body cannot be read is kept with a note", () => {
    const unanswered = readThenPatch('W/"1"', [])
    ;(unanswered.response as { content: { text: string } }).content.text = ""
    const { snapshot } = ingestAll([unanswered])
    expect(snapshot.exchanges.map((exchange) => [exchange.method, exchange.kind])).toEqual([
      ["POST", "rpc"],
      ["GET", "failed"],
      ["PATCH", "failed"]
    ])
    expect(snapshot.exchanges[0].notes).toContain(
      "OData batch of 2 operations (#2–#3), each judged as a request of its own; its answer was not captured, so their outcomes are unknown"
    )
    const garbled = harEntry({
      method: "POST",
      url: BATCH_URL,
      requestHeaders: [{ name: "Content-Type", value: "multipart/mixed" }],
      requestBody: "not multipart at all"
    })
    const after = ingestAll([garbled]).snapshot
    expect(after.exchanges).toHaveLength(1)
    expect(after.exchanges[0].notes).toContain(
      "OData batch whose operations could not be read: its body is not a batch"
    )
  })

  it("a settings change re-reads the batch and its operations once each (no operation twice)", () => {
    const { engine, snapshot } = ingestAll([
      readThenPatch('W/"20241126090000"', patchedTo('W/"20241126093000"'))
    ])
    engine.reconfigure({ bodyTagFields: ["version"] })
    const after = engine.snapshot()
    expect(after.exchanges.map(line)).toEqual(snapshot.exchanges.map(line))
    expect(after.exchanges.map((exchange) => exchange.notes)).toEqual(
      snapshot.exchanges.map((exchange) => exchange.notes)
    )
    expect(after.resources.map((resource) => resource.versions.length)).toEqual([2])
  })

  it("an entry from our own export keeps its operations as they were written, not read twice", () => {
    const batch = readThenPatch('W/"20241126090000"', patchedTo('W/"20241126093000"'))
    const exported = { ...batch, _etagLens: { format: 1, id: 1, origin: "import", kind: "rpc", notes: [] } }
    expect(ingestAll([exported]).snapshot.exchanges).toHaveLength(1)
  })

  it("knows a batch request by its URL and type, and never throws on any body", () => {
    expect(isODataBatchRequest(BATCH_URL, "multipart/mixed; boundary=x")).toBe(true)
    expect(isODataBatchRequest(`${SERVICE}%24batch?sap-client=100`, "application/json")).toBe(true)
    expect(isODataBatchRequest(`${SERVICE}Books`, "multipart/mixed; boundary=x")).toBe(false)
    expect(isODataBatchRequest(`${SERVICE}batches`, "application/json")).toBe(false)
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (type, requestText, responseText) => {
        const entries = batchOperationEntries({
          url: BATCH_URL,
          startedDateTime: "2026-11-26T09:00:00.000Z",
          time: 1,
          resourceType: "fetch",
          requestHeaders: [],
          requestContentType: `multipart/mixed; boundary=${type}`,
          requestText: `--${type}\r\nContent-Type: application/http\r\n\r\n${requestText}`,
          responseContentType: `multipart/mixed; boundary=${type}`,
          responseText
        })
        expect(entries === undefined || Array.isArray(entries)).toBe(true)
      })
    )
  })
})
