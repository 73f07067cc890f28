import { describe, expect, it } from "vitest"

import { findApiPreset, withApiPreset } from "../../../src/core/api-presets"
import { createEngine } from "../../../src/core/engine"
import { printLineage } from "../../../src/core/lineage/print-lineage"
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from "../../../src/core/model"
import { SCIM_VERSION_FIELD, isScimMediaType, scimTagOptions } from "../../../src/core/traffic/scim"
import { ingestHarEntries } from "../../builders/findings"
import { harEntry } from "../../builders/har"

/** Traffic shaped after RFC 7644's examples (§3.4.2 list answers, §3.14 versioning). */
const BASE = "https://idp.example/scim/v2"
const SCIM = "application/scim+json"

function user(id: string, version: string, userName = id) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id,
    userName,
    meta: { resourceType: "User", location: `${BASE}/Users/${id}`, version: `W/"${version}"` }
  }
}

function listResponse(...resources: ReturnType<typeof user>[]) {
  return JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: resources.length,
    Resources: resources
  })
}

const PATCH_OP = JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", path: "displayName", value: "Babs" }]
})

interface Call {
  readonly method?: string
  readonly url: string
  readonly ifMatch?: string
  readonly body?: string
  readonly status?: number
  readonly etag?: string
  readonly answer?: string
  readonly type?: string
}

function scimEntry(call: Call) {
  const type = call.type ?? SCIM
  const requestHeaders = [{ name: "Accept", value: type }]
  if (call.ifMatch !== undefined) requestHeaders.push({ name: "If-Match", value: call.ifMatch })
  if (call.body !== undefined) requestHeaders.push({ name: "Content-Type", value: type })
  const responseHeaders = [{ name: "Content-Type", value: type }]
  if (call.etag !== undefined) responseHeaders.push({ name: "ETag", value: call.etag })
  return harEntry({
    method: call.method ?? "GET",
    url: call.url,
    status: call.status ?? 200,
    requestHeaders,
    requestBody: call.body,
    requestMime: type,
    responseHeaders,
    responseMime: type,
    responseBody: call.answer
  })
}

function audit(calls: readonly Call[], options: Partial<EngineOptions> = {}) {
  const engine = createEngine(options)
  for (const call of calls) engine.ingestHarEntry(scimEntry(call), "import")
  return engine.snapshot()
}

function lineageOf(snapshot: ReturnType<typeof audit>, url: string): string {
  const resource = snapshot.resources.find((candidate) => candidate.key === url)
  if (resource === undefined) throw new Error(`no resource ${url}`)
  return printLineage(resource, snapshot.findings)
}

const U1 = `${BASE}/Users/u1`

/** A client that lists users, saves one with the listed tag, then saves with it again (stale). */
const LIST_THEN_WRITE: readonly Call[] = [
  { url: `${BASE}/Users?filter=userName%20sw%20%22b%22`, answer: listResponse(user("u1", "a1")) },
  {
    method: "PUT",
    url: U1,
    ifMatch: 'W/"a1"',
    body: JSON.stringify({ ...user("u1", "a1"), displayName: "B" }),
    etag: 'W/"a2"',
    answer: JSON.stringify(user("u1", "a2"))
  },
  {
    method: "PATCH",
    url: U1,
    ifMatch: 'W/"a1"',
    body: PATCH_OP,
    status: 412,
    answer: JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "412",
      detail: "Failed to update. Resource changed on the server."
    })
  }
]

describe("SCIM content", () => {
  it("is told by its media type, parameters and case aside", () => {
    expect(isScimMediaType("application/scim+json")).toBe(true)
    expect(isScimMediaType(" Application/SCIM+JSON; charset=utf-8")).toBe(true)
    expect(isScimMediaType("application/json")).toBe(false)
    expect(isScimMediaType("application/scim+jsonx")).toBe(false)
    expect(isScimMediaType(undefined)).toBe(false)
  })

  it("reads meta.version after the configured fields, one option object per options", () => {
    const derived = scimTagOptions(DEFAULT_ENGINE_OPTIONS)
    expect(derived.bodyTagFields).toEqual([...DEFAULT_ENGINE_OPTIONS.bodyTagFields, SCIM_VERSION_FIELD])
    expect(scimTagOptions(DEFAULT_ENGINE_OPTIONS)).toBe(derived)
    const named = { ...DEFAULT_ENGINE_OPTIONS, bodyTagFields: [SCIM_VERSION_FIELD] }
    expect(scimTagOptions(named)).toBe(named)
  })

  it("a ListResponse gives each of its Resources a version at its meta.location: a save with it is current, again stale", () => {
    const snapshot = audit(LIST_THEN_WRITE)
    const lineage = lineageOf(snapshot, U1)
    expect(lineage).toMatch(/v1 W\/"a1" +#1 {2}GET \(list\) → 200/)
    expect(lineage).toMatch(/#2 {2}PUT If-Match v1 \(current\) → 200/)
    expect(lineage).toMatch(/#3 {2}PATCH If-Match v1 \(STALE, current was v2\) → 412/)
    // Neither the weak tags (SCIM's convention) nor "a tag never seen" is a finding here.
    expect(snapshot.findings.map((finding) => finding.ruleId)).toEqual([])
    expect(snapshot.policies[0].summary).toBe("strict")
  })

  it("without the list's tags the same saves are judged unknown (what the engine did before)", () => {
    const answeredWithout = LIST_THEN_WRITE.map((call, index) =>
      index === 0 ? { ...call, answer: JSON.stringify({ Resources: [{ id: "u1" }] }) } : call
    )
    const snapshot = audit(answeredWithout)
    expect(lineageOf(snapshot, U1)).toMatch(/#2 {2}PUT If-Match W\/"a1" \(unknown tag\) → 200/)
    expect(snapshot.findings.map((finding) => finding.ruleId)).toContain("unknown-tag-sent")
  })

  it("meta.version is an echo of the ETag, not a precondition: a PUT that carries it but no If-Match is unguarded", () => {
    const snapshot = audit([
      { url: U1, etag: 'W/"a1"', answer: JSON.stringify(user("u1", "a1")) },
      {
        method: "PUT",
        url: U1,
        body: JSON.stringify({ ...user("u1", "a1"), displayName: "B" }),
        etag: 'W/"a2"',
        answer: JSON.stringify(user("u1", "a2"))
      }
    ])
    expect(lineageOf(snapshot, U1)).toMatch(/#2 {2}PUT \(no precondition\) → 200/)
    expect(snapshot.findings.map((finding) => finding.ruleId)).toContain("missing-if-match")
    // Also where the field is configured (--api scim), so the request's meta.version is read.
    const preset = findApiPreset("scim")
    if (preset === undefined) throw new Error("no scim preset")
    const configured = audit(
      [
        { url: U1, etag: 'W/"a1"', answer: JSON.stringify(user("u1", "a1")), type: "application/json" },
        {
          method: "PUT",
          url: U1,
          body: JSON.stringify({ ...user("u1", "a1"), displayName: "B" }),
          etag: 'W/"a2"',
          answer: JSON.stringify(user("u1", "a2")),
          type: "application/json"
        }
      ],
      withApiPreset(DEFAULT_ENGINE_OPTIONS, preset)
    )
    expect(lineageOf(configured, U1)).toMatch(/#2 {2}PUT \(no precondition\) → 200/)
    expect(configured.findings.map((finding) => finding.ruleId)).toContain("missing-if-match")
  })

  it("a meta.version other than the ETag is reported (RFC 7643 §3.1: it MUST be the same)", () => {
    const snapshot = audit([{ url: U1, etag: 'W/"a1"', answer: JSON.stringify(user("u1", "a9")) }])
    const differ = snapshot.findings.filter((finding) => finding.ruleId === "header-and-body-tags-differ")
    expect(differ.map((finding) => finding.message)).toEqual(['#1: ETag W/"a1" but body:meta.version W/"a9"'])
  })

  it("a query by POST to /.search (RFC 7644 §3.4.3) reads the listed versions, and writes nothing", () => {
    const snapshot = audit([
      {
        method: "POST",
        url: `${BASE}/Users/.search`,
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
          filter: 'userName eq "u1"'
        }),
        answer: listResponse(user("u1", "a1"))
      },
      ...LIST_THEN_WRITE.slice(1)
    ])
    expect(lineageOf(snapshot, U1)).toMatch(/v1 W\/"a1" +#1 {2}QUERY \(list\) → 200/)
    expect(lineageOf(snapshot, U1)).toMatch(/#3 {2}PATCH If-Match v1 \(STALE, current was v2\) → 412/)
    expect(snapshot.exchanges[0]).toMatchObject({ method: "QUERY", sentMethod: "POST" })
    expect(snapshot.findings).toEqual([])
  })

  it("a server that answers application/json: the scim preset reads meta.version, and its weak If-Match is still SCIM's", () => {
    const json = LIST_THEN_WRITE.map((call) => ({ ...call, type: "application/json" }))
    const without = audit(json)
    expect(lineageOf(without, U1)).toMatch(/\(unknown tag\)/)
    const preset = findApiPreset("scim")
    if (preset === undefined) throw new Error("no scim preset")
    const snapshot = audit(json, withApiPreset(DEFAULT_ENGINE_OPTIONS, preset))
    expect(lineageOf(snapshot, U1)).toMatch(/#2 {2}PUT If-Match v1 \(current\) → 200/)
    // The bodies name SCIM schemas: no weak-tag finding.
    expect(snapshot.findings.map((finding) => finding.ruleId)).toEqual([])
  })
})

describe("SCIM bulk requests (RFC 7644 §3.7)", () => {
  const bulkEntry = (operations: unknown[], answer: unknown, status = 200) =>
    harEntry({
      method: "POST",
      url: `${BASE}/Bulk`,
      status,
      requestHeaders: [{ name: "Content-Type", value: SCIM }],
      requestBody: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: operations
      }),
      requestMime: SCIM,
      responseHeaders: [{ name: "Content-Type", value: SCIM }],
      responseMime: SCIM,
      responseBody: JSON.stringify(answer)
    })
  const bulkResponse = (...operations: unknown[]) => ({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
    Operations: operations
  })

  it("each operation a request of its own: version → If-Match, the answer's version → ETag, a create's location", () => {
    const snapshot = ingestHarEntries([
      scimEntry({ url: `${BASE}/Users?filter=x`, answer: listResponse(user("u1", "a1"), user("u2", "b1")) }),
      bulkEntry(
        [
          { method: "POST", path: "/Users", bulkId: "qwerty", data: { userName: "alice" } },
          { method: "PUT", path: "/Users/u1", version: 'W/"a1"', data: { userName: "u1" } },
          { method: "DELETE", path: "/Users/u2", version: 'W/"b0"' }
        ],
        bulkResponse(
          // Answered in another order: matched by bulkId and location, not position.
          { method: "DELETE", location: `${BASE}/Users/u2`, status: "412", response: { status: "412" } },
          {
            method: "POST",
            bulkId: "qwerty",
            location: `${BASE}/Users/u9`,
            version: 'W/"c1"',
            status: "201"
          },
          { method: "PUT", location: `${BASE}/Users/u1`, version: 'W/"a2"', status: "200" }
        )
      )
    ])
    expect(
      snapshot.exchanges.map(
        (exchange) => `${exchange.kind} ${exchange.method} ${exchange.url} ${exchange.status}`
      )
    ).toEqual([
      `api GET ${BASE}/Users?filter=x 200`,
      `rpc POST ${BASE}/Bulk 200`,
      `api POST ${BASE}/Users 201`,
      `api PUT ${BASE}/Users/u1 200`,
      `api DELETE ${BASE}/Users/u2 412`
    ])
    expect(snapshot.exchanges[2].location).toBe(`${BASE}/Users/u9`)
    expect(lineageOf(snapshot, U1)).toMatch(/#4 {2}PUT If-Match v1 \(current\) → 200/)
    expect(lineageOf(snapshot, `${BASE}/Users/u2`)).toMatch(
      /#5 {2}DELETE If-Match W\/"b0" \(unknown tag\) → 412/
    )
    expect(snapshot.findings.map((finding) => finding.ruleId)).not.toContain("weak-tag-in-if-match")
  })

  it("an operation the answer does not list (failOnErrors stopped it) is failed; a request refused whole gives each its answer", () => {
    const stopped = ingestHarEntries([
      bulkEntry(
        [
          { method: "PUT", path: "/Users/u1", version: 'W/"a1"', data: {} },
          { method: "PUT", path: "/Users/u2", version: 'W/"b1"', data: {} }
        ],
        bulkResponse({ method: "PUT", location: `${BASE}/Users/u1`, status: "412" })
      )
    ])
    expect(stopped.exchanges.slice(1).map((exchange) => exchange.status)).toEqual([412, 0])
    const refused = ingestHarEntries([
      bulkEntry([{ method: "DELETE", path: "/Users/u1" }], { detail: "too many operations" }, 413)
    ])
    expect(refused.exchanges.slice(1).map((exchange) => exchange.status)).toEqual([413])
  })

  it("not a bulk request: another path, or a body that names no BulkRequest in plain JSON", () => {
    const snapshot = ingestHarEntries([
      harEntry({
        method: "POST",
        url: `${BASE}/Bulky`,
        requestHeaders: [{ name: "Content-Type", value: SCIM }],
        requestBody: JSON.stringify({ Operations: [] })
      }),
      harEntry({ method: "POST", url: `${BASE}/Bulk`, requestBody: JSON.stringify({ Operations: [] }) })
    ])
    expect(snapshot.exchanges.map((exchange) => exchange.kind)).toEqual(["api", "api"])
  })
})
