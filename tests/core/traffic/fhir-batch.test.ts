import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { fhirBatchKindOf } from "../../../src/core/traffic/fhir-batch"
import { rpcNoteOf } from "../../../src/core/traffic/rpc-call"
import { exchangeLine, ingestHarEntries } from "../../builders/findings"
import { harEntry } from "../../builders/har"
import { ruleIdsOf } from "../../builders/fixture-snapshot"

const BASE = "https://fhir.example/R4"
const FHIR_JSON = [{ name: "Content-Type", value: "application/fhir+json" }]
const patient = (family: string, versionId?: string) => ({
  resourceType: "Patient",
  id: "7",
  ...(versionId === undefined ? {} : { meta: { versionId } }),
  name: [{ family }]
})

/** A POST of a batch or transaction Bundle to the base, and the server's answer. */
function bundlePost(
  type: "batch" | "transaction",
  entries: readonly unknown[],
  answer: { status: number; body: unknown }
): Record<string, unknown> {
  return harEntry({
    method: "POST",
    url: BASE,
    status: answer.status,
    requestHeaders: [...FHIR_JSON, { name: "Authorization", value: "Bearer t0k3n" }],
    requestMime: "application/fhir+json",
    requestBody: JSON.stringify({ resourceType: "Bundle", type, entry: entries }),
    responseHeaders: FHIR_JSON,
    responseMime: "application/fhir+json",
    responseBody: JSON.stringify(answer.body)
  })
}

const read = (versionId: string) =>
  harEntry({
    url: `${BASE}/Patient/7`,
    responseHeaders: [...FHIR_JSON, { name: "ETag", value: `W/"${versionId}"` }],
    responseMime: "application/fhir+json",
    responseBody: JSON.stringify(patient("Smith", versionId))
  })

const updateEntry = (ifMatch: string | undefined, family: string) => ({
  resource: patient(family),
  request: { method: "PUT", url: "Patient/7", ...(ifMatch === undefined ? {} : { ifMatch }) }
})

describe("FHIR batch and transaction Bundles: each entry is an exchange of its own", () => {
  it("reads a batch's updates with their ifMatch, and pairs each with the response entry at its position", () => {
    const snapshot = ingestHarEntries([
      read("1"),
      bundlePost("batch", [updateEntry('W/"1"', "Jones"), updateEntry('W/"1"', "Stale")], {
        status: 200,
        body: {
          resourceType: "Bundle",
          type: "batch-response",
          entry: [
            {
              resource: patient("Jones", "2"),
              response: { status: "200 OK", etag: 'W/"2"', lastModified: "2026-11-28T01:00:00Z" }
            },
            {
              response: {
                status: "412 Precondition Failed",
                outcome: {
                  resourceType: "OperationOutcome",
                  issue: [{ severity: "error", code: "conflict" }]
                }
              }
            }
          ]
        }
      })
    ])
    expect(snapshot.exchanges.map(exchangeLine)).toEqual([
      `#1 api GET ${BASE}/Patient/7 200`,
      `#2 rpc POST ${BASE} 200`,
      `#3 api PUT ${BASE}/Patient/7 200`,
      `#4 api PUT ${BASE}/Patient/7 412`
    ])
    const [, batch, current, stale] = snapshot.exchanges
    expect(batch.notes).toContain("FHIR batch of 2 operations (#3–#4), each judged as a request of its own")
    expect(rpcNoteOf(batch.notes)).toMatch(/^FHIR batch of 2 operations/)
    expect(current.notes).toContain("operation 1 of 2 in FHIR batch #2")
    // Sent with the Bundle's credentials; its conditions as the headers they stand for.
    expect(current.requestHeaders.map((header) => header.name)).toEqual([
      "Authorization",
      "If-Match",
      "Content-Type"
    ])
    expect(current.responseTags.map((tag) => tag.tag.raw)).toEqual(['W/"2"'])
    expect(stale.responseBody?.text).toContain("OperationOutcome")
    const events = snapshot.resources.find((resource) => resource.key === `${BASE}/Patient/7`)?.events ?? []
    expect(events.map((event) => [event.exchangeId, event.precondition.state])).toEqual([
      [1, "none"],
      [3, "current"],
      [4, "stale"]
    ])
    // A FHIR client's weak If-Match is no finding; the POST of the Bundle is no write to the base.
    expect(ruleIdsOf(snapshot)).toEqual([])
    expect(snapshot.resources.map((resource) => resource.key)).not.toContain(BASE)
  })

  it("an answer entry without etag (Medplum's router, status \"200\"): the new version is its resource's meta.versionId", () => {
    const snapshot = ingestHarEntries([
      read("1"),
      bundlePost("batch", [updateEntry('W/"1"', "Jones")], {
        status: 200,
        body: {
          resourceType: "Bundle",
          type: "batch-response",
          entry: [{ response: { status: "200", location: "Patient/7" }, resource: patient("Jones", "2") }]
        }
      })
    ])
    const update = snapshot.exchanges[2]
    expect([update.status, update.responseTags.map((tag) => tag.tag.raw)]).toEqual([200, ['W/"2"']])
  })

  it("a transaction's create: its location without /_history/ names the new resource", () => {
    const snapshot = ingestHarEntries([
      bundlePost(
        "transaction",
        [
          {
            fullUrl: "urn:uuid:1",
            resource: { resourceType: "Patient" },
            request: { method: "POST", url: "Patient" }
          }
        ],
        {
          status: 200,
          body: {
            resourceType: "Bundle",
            type: "transaction-response",
            entry: [{ response: { status: "201 Created", location: "Patient/9/_history/1", etag: 'W/"1"' } }]
          }
        }
      )
    ])
    const create = snapshot.exchanges[1]
    expect(create.notes).toContain("operation 1 of 1 in FHIR transaction #1")
    expect(create.location).toBe(`${BASE}/Patient/9`)
    const created = snapshot.resources.find((resource) => resource.key === `${BASE}/Patient/9`)
    expect(created?.versions.map((version) => version.tag.tag.raw)).toEqual(['W/"1"'])
  })

  it("a transaction refused as a whole (one OperationOutcome, 412): each of its entries carries that answer", () => {
    const outcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "conflict" }] }
    const snapshot = ingestHarEntries([
      read("1"),
      bundlePost("transaction", [updateEntry('W/"0"', "Stale"), updateEntry(undefined, "Blind")], {
        status: 412,
        body: outcome
      })
    ])
    expect(snapshot.exchanges.slice(2).map(exchangeLine)).toEqual([
      `#3 api PUT ${BASE}/Patient/7 412`,
      `#4 api PUT ${BASE}/Patient/7 412`
    ])
  })

  it("keeps the entries of a batch whose answer was not captured as failed, and says why", () => {
    const entry = bundlePost("batch", [updateEntry('W/"1"', "Jones")], { status: 200, body: {} })
    const noAnswer = {
      ...entry,
      response: { ...(entry.response as object), content: { size: 0, mimeType: "" } }
    }
    const snapshot = ingestHarEntries([noAnswer])
    expect(snapshot.exchanges.map((exchange) => exchange.status)).toEqual([200, 0])
    expect(snapshot.exchanges[0].notes.join(" ")).toMatch(/its answer was not captured/)
  })
})

describe("a FHIR batch too large to keep", () => {
  it("is still known as one, and says its operations could not be read", () => {
    const engine = createEngine({ maxBodyBytes: 64 })
    engine.ingestHarEntry(
      bundlePost("batch", [updateEntry('W/"1"', "Jones")], { status: 200, body: { resourceType: "Bundle" } }),
      "import"
    )
    const [batch, ...rest] = engine.snapshot().exchanges
    expect(rest).toEqual([])
    expect(batch.kind).toBe("rpc")
    expect(batch.notes.join(" ")).toMatch(
      /^.*FHIR batch whose operations could not be read: its body was too large/
    )
  })
})

describe("fhirBatchKindOf", () => {
  it("knows a batch or transaction Bundle by its resourceType and type, in FHIR or plain JSON", () => {
    const bundle = (type: string) => JSON.stringify({ resourceType: "Bundle", type, entry: [] })
    expect(fhirBatchKindOf("application/fhir+json; charset=utf-8", bundle("batch"))).toBe("batch")
    expect(fhirBatchKindOf("application/json", bundle("transaction"))).toBe("transaction")
    // A searchset or a document Bundle written to a server is a resource, not a batch.
    expect(fhirBatchKindOf("application/fhir+json", bundle("document"))).toBeUndefined()
    expect(fhirBatchKindOf("text/plain", bundle("batch"))).toBeUndefined()
    expect(fhirBatchKindOf("application/fhir+json", "{not json")).toBeUndefined()
  })
})

describe("FHIR batches: any shape of entries", () => {
  it("never throws and always keeps the POST itself, whatever the Bundle's and the answer's entries hold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 4 }),
        fc.jsonValue(),
        fc.integer({ min: 0, max: 599 }),
        (entries, answer, status) => {
          const engine = createEngine()
          const result = engine.ingestHarEntry(
            bundlePost("batch", entries, { status, body: answer }),
            "import"
          )
          expect("exchange" in result).toBe(true)
          expect(engine.snapshot().exchanges[0]?.method).toBe("POST")
        }
      ),
      { numRuns: 200 }
    )
  })
})
