import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import type { Header } from "../../../src/core/model"
import { rpcProtocolOf } from "../../../src/core/traffic/rpc-call"
import { harEntry } from "../../builders/har"

const JSON_TYPE: Header[] = [{ name: "Content-Type", value: "application/json" }]
const GRAPHQL_URL = "https://api.example.test/graphql"

describe("rpcProtocolOf: calls to an RPC endpoint", () => {
  it.each([
    ["a GraphQL query", '{"query":"{ note(id: 1) { text } }"}'],
    [
      "a GraphQL mutation with variables",
      '{"query":"mutation Save($t: String) { save(text: $t) { id } }","variables":{"t":"x"}}'
    ],
    ["a named GraphQL query", '{"operationName":"Note","query":"query Note { note { id } }"}'],
    ["a batch of GraphQL operations", '[{"query":"{ a }"},{"query":"mutation { b }"}]'],
    ["an automatic persisted query", '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"ab12"}}}']
  ])("POST with %s is GraphQL", (_label, body) => {
    expect(rpcProtocolOf("POST", GRAPHQL_URL, JSON_TYPE, body)).toBe("GraphQL")
  })

  it("POST of a raw document as application/graphql is GraphQL", () => {
    const headers = [{ name: "content-type", value: "application/graphql; charset=utf-8" }]
    expect(rpcProtocolOf("POST", GRAPHQL_URL, headers, "{ note { id } }")).toBe("GraphQL")
  })

  it("GET with a GraphQL document or a persisted query in the query string is GraphQL", () => {
    const document = encodeURIComponent("{ note(id: 1) { text } }")
    expect(rpcProtocolOf("GET", `${GRAPHQL_URL}?query=${document}`, [], undefined)).toBe("GraphQL")
    expect(rpcProtocolOf("GET", `${GRAPHQL_URL}?query=query+Note+%7B+note+%7D`, [], undefined)).toBe(
      "GraphQL"
    )
    const extensions = encodeURIComponent('{"persistedQuery":{"version":1,"sha256Hash":"ab12"}}')
    expect(rpcProtocolOf("GET", `${GRAPHQL_URL}?extensions=${extensions}`, [], undefined)).toBe("GraphQL")
  })

  it("JSON-RPC 2.0 requests and batches, SOAP and gRPC-Web", () => {
    const call = '{"jsonrpc":"2.0","method":"notes.save","params":[1,"x"],"id":1}'
    expect(rpcProtocolOf("POST", "https://api.example.test/rpc", JSON_TYPE, call)).toBe("JSON-RPC")
    expect(rpcProtocolOf("POST", "https://api.example.test/rpc", JSON_TYPE, `[${call},${call}]`)).toBe(
      "JSON-RPC"
    )
    const soapAction = [{ name: "SOAPAction", value: '"urn:SaveNote"' }, ...JSON_TYPE]
    expect(rpcProtocolOf("POST", "https://api.example.test/ws", soapAction, "<x/>")).toBe("SOAP")
    const soap12 = [{ name: "Content-Type", value: 'application/soap+xml; action="urn:SaveNote"' }]
    expect(rpcProtocolOf("POST", "https://api.example.test/ws", soap12, "<x/>")).toBe("SOAP")
    const grpc = [{ name: "Content-Type", value: "application/grpc-web+proto" }]
    expect(rpcProtocolOf("POST", "https://api.example.test/notes.v1.Notes/Save", grpc, undefined)).toBe(
      "gRPC-Web"
    )
  })
})

describe("rpcProtocolOf: requests to a resource stay so", () => {
  it("a `query` field that holds data, not a GraphQL document", () => {
    expect(
      rpcProtocolOf("POST", "https://api.example.test/searches", JSON_TYPE, '{"query":"status:open"}')
    ).toBe(undefined)
    expect(rpcProtocolOf("GET", "https://api.example.test/search?query=open+notes", [], undefined)).toBe(
      undefined
    )
  })

  it("a write other than POST, even with a GraphQL-looking body (a saved query is data)", () => {
    const body = '{"name":"mine","query":"{ notes { id } }"}'
    expect(rpcProtocolOf("PUT", "https://api.example.test/saved-queries/1", JSON_TYPE, body)).toBe(undefined)
    expect(rpcProtocolOf("PATCH", "https://api.example.test/saved-queries/1", JSON_TYPE, body)).toBe(
      undefined
    )
  })

  it("JSON that is not an envelope, a mixed batch, another JSON-RPC version, broken JSON", () => {
    const post = (body: string) => rpcProtocolOf("POST", "https://api.example.test/x", JSON_TYPE, body)
    expect(post('{"title":"a query about notes"}')).toBe(undefined)
    expect(post('[{"query":"{ a }"},{"title":"x"}]')).toBe(undefined)
    expect(post("[]")).toBe(undefined)
    expect(post('{"jsonrpc":"1.0","method":"x"}')).toBe(undefined)
    expect(post('{"query":"{ a }"')).toBe(undefined)
  })

  it("never throws, whatever the URL, headers and body", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("GET", "POST", "PUT"),
        fc.string(),
        fc.array(fc.record({ name: fc.string(), value: fc.string() }), { maxLength: 3 }),
        fc.option(fc.oneof(fc.string(), fc.json()), { nil: undefined }),
        (method, query, headers, body) => {
          const protocol = rpcProtocolOf(method, `https://api.example.test/graphql?${query}`, headers, body)
          expect([undefined, "GraphQL", "JSON-RPC", "SOAP", "gRPC-Web"]).toContain(protocol)
        }
      )
    )
  })
})

describe("the engine and RPC calls", () => {
  it("keeps GraphQL calls as rpc exchanges with a note, outside lineage and findings; a REST write beside them is still judged", () => {
    const engine = createEngine()
    const graphql = (body: string, tag?: string) =>
      harEntry({
        method: "POST",
        url: GRAPHQL_URL,
        requestHeaders: JSON_TYPE,
        requestBody: body,
        responseHeaders: tag === undefined ? JSON_TYPE : [...JSON_TYPE, { name: "ETag", value: tag }],
        responseBody: '{"data":{}}'
      })
    const document = encodeURIComponent("{ note(id: 1) { text } }")
    engine.ingestHarEntry(
      harEntry({
        url: `${GRAPHQL_URL}?query=${document}`,
        responseHeaders: [{ name: "ETag", value: '"q1"' }]
      }),
      "import"
    )
    engine.ingestHarEntry(graphql('{"query":"mutation { save(id: 1, text: \\"b\\") { id } }"}'), "import")
    engine.ingestHarEntry(graphql('{"query":"{ note(id: 1) { text } }"}', '"q2"'), "import")
    engine.ingestHarEntry(graphql('{"query":"mutation { save(id: 1, text: \\"c\\") { id } }"}'), "import")
    const rest = "https://api.example.test/notes/1"
    engine.ingestHarEntry(
      harEntry({ url: rest, responseHeaders: [{ name: "ETag", value: '"v1"' }] }),
      "import"
    )
    engine.ingestHarEntry(harEntry({ method: "PUT", url: rest, requestBody: "{}" }), "import")

    const { exchanges, resources, findings, policies } = engine.snapshot()
    expect(exchanges.map((exchange) => exchange.kind)).toEqual(["rpc", "rpc", "rpc", "rpc", "api", "api"])
    expect(exchanges[1].notes).toEqual([
      "GraphQL call: one endpoint for every operation, so HTTP preconditions guard no resource here; not part of any lineage or finding"
    ])
    expect(resources.map((resource) => resource.key)).toEqual([rest])
    expect(findings.map((finding) => [finding.ruleId, finding.exchangeIds])).toContainEqual([
      "missing-if-match",
      [6]
    ])
    expect(findings.flatMap((finding) => finding.exchangeIds).filter((id) => id <= 4)).toEqual([])
    const policyEvidence = policies.flatMap((policy) => policy.traits.flatMap((trait) => trait.evidence))
    expect(policyEvidence).toContain(6) // the REST PUT without a precondition, accepted
    expect(policyEvidence.filter((id) => id <= 4)).toEqual([])
  })
})
