import { beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { versionBody } from "../../../src/core/lineage/version-body"
import type { Exchange } from "../../../src/core/model"
import { read, resetExchangeIds, write } from "../../builders/exchange"

beforeEach(resetExchangeIds)

const json = (text: string) => ({ size: text.length, text, mimeType: "application/json" })
const patch = (type: string, body: string, etag: string) =>
  write({ method: "PATCH", status: 204, etag, request: { "Content-Type": type }, requestBody: json(body) })

/** The bodies of every version of the one resource `exchanges` touch. */
function bodies(exchanges: readonly Exchange[]) {
  const engine = createEngine()
  for (const exchange of exchanges) engine.ingestExchange(exchange)
  const snapshot = engine.snapshot()
  const [resource] = snapshot.resources
  const byId = new Map(snapshot.exchanges.map((exchange) => [exchange.id, exchange]))
  return resource.versions.map((version) => versionBody(resource, (id) => byId.get(id), version.index))
}

describe("versionBody", () => {
  it("applies PATCHes answered without a body to the version before them, merge patch and JSON Patch alike", () => {
    expect(
      bodies([
        read('"a1"', { responseBody: json('{"text":"milk","done":false}') }),
        patch("application/merge-patch+json", '{"done":true,"text":null,"tags":["a"]}', '"a2"'),
        patch("application/json-patch+json", '[{"op":"add","path":"/tags/-","value":"b"}]', '"a3"')
      ])
    ).toEqual([
      { kind: "shown", text: '{"text":"milk","done":false}' },
      { kind: "patched", text: '{"done":true,"tags":["a"]}', from: 1 },
      { kind: "patched", text: '{"done":true,"tags":["a","b"]}', from: 1 }
    ])
  })

  it("shows an answer's body, or a PUT's, as it is", () => {
    expect(
      bodies([
        read('"a1"', { responseBody: json('{"text":"milk"}') }),
        write({ ifMatch: '"a1"', etag: '"a2"', requestBody: json('{"text":"eggs"}') }),
        write({
          method: "PATCH",
          ifMatch: '"a2"',
          etag: '"a3"',
          requestBody: json('{"text":"bread"}'),
          responseBody: json('{"text":"bread","updated":true}')
        })
      ]).map((body) => body?.text)
    ).toEqual(['{"text":"milk"}', '{"text":"eggs"}', '{"text":"bread","updated":true}'])
  })

  it("is the patch itself, said to be one, when the version before it or the patch cannot be read", () => {
    expect(
      bodies([
        read('"a1"'), // no body kept
        patch("application/merge-patch+json", '{"done":true}', '"a2"'),
        patch("application/json-patch+json", '[{"op":"remove","path":"/missing"}]', '"a3"')
      ]).slice(1)
    ).toEqual([
      { kind: "patch", text: '{"done":true}' },
      { kind: "patch", text: '[{"op":"remove","path":"/missing"}]' }
    ])
    resetExchangeIds()
    // A JSON Patch that does not apply to what was read.
    expect(
      bodies([
        read('"a1"', { responseBody: json('{"text":"milk"}') }),
        patch("application/json-patch+json", '[{"op":"remove","path":"/missing"}]', '"a2"')
      ])[1]
    ).toEqual({ kind: "patch", text: '[{"op":"remove","path":"/missing"}]' })
  })
})
