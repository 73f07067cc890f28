/**
 * Property: a secret value put in any secret-bearing place of a request (listed header, header
 * matching the name pattern, cookie, secret query or fragment parameter, userinfo, JSON password)
 * never survives a default HAR export, curl or fetch snippet; with includeSecrets it always does.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { exportHar } from "../../../src/core/export/export-har"
import { SECRET_HEADER_NAMES, SECRET_QUERY_PARAMS } from "../../../src/core/export/secret-names"
import { toCurl, toFetch } from "../../../src/core/export/snippets"
import type { Exchange, Header } from "../../../src/core/model"
import { exchange } from "../../builders/exchange"

/** Distinctive values: letters and digits only, so no encoding can hide them from `includes`. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((text) => `S3CRET${text}`)
const caseOf = fc.constantFrom(
  (s: string) => s,
  (s: string) => s.toUpperCase(),
  (s: string) => s.toLowerCase()
)

type Placement = (secret: string) => { headers?: Header[]; url?: string; body?: string }
const placement: fc.Arbitrary<Placement> = fc.oneof(
  fc.tuple(fc.constantFrom(...SECRET_HEADER_NAMES), caseOf).map(([name, cased]): Placement => (secret) => ({
    headers: [{ name: cased(name), value: `Bearer ${secret}` }]
  })),
  fc
    .constantFrom("X-Client-Secret", "X-Upload-Token", "X-Session", "Partner-Api-Key")
    .map((name): Placement => (secret) => ({
      headers: [{ name, value: secret }]
    })),
  fc
    .tuple(fc.constantFrom(...SECRET_QUERY_PARAMS), caseOf, fc.boolean())
    .map(([name, cased, inFragment]): Placement => (secret) => ({
      url: `http://127.0.0.1:8787/api/notes/1${inFragment ? "#" : "?sv=2023-11-03&"}${cased(name)}=${secret}`
    })),
  fc.constant<Placement>((secret) => ({ url: `http://alice:${secret}@127.0.0.1:8787/api/notes/1` })),
  fc.constant<Placement>((secret) => ({ body: `{"title":"t","password":"${secret}"}` }))
)

function withSecret(place: Placement, secret: string): Exchange {
  const { headers = [], url, body } = place(secret)
  return exchange({
    method: "PUT",
    ...(url !== undefined && { url }),
    requestHeaders: [
      { name: "If-Match", value: '"v1"' },
      { name: "Content-Type", value: "application/json" },
      ...headers
    ],
    ...(body !== undefined && {
      requestBody: { size: body.length, mimeType: "application/json", text: body }
    })
  })
}

function snippetRequest(ex: Exchange) {
  return { method: ex.method, url: ex.url, headers: ex.requestHeaders, body: ex.requestBody?.text }
}

describe("redaction (property)", () => {
  it("no secret survives a default export, every secret survives an opted-in one", () => {
    fc.assert(
      fc.property(placement, secretValue, (place, secret) => {
        const ex = withSecret(place, secret)
        const har = exportHar([ex])
        const curl = toCurl(snippetRequest(ex))
        const fetchCall = toFetch(snippetRequest(ex))
        for (const text of [JSON.stringify(har), curl, fetchCall]) expect(text).not.toContain(secret)
        // The precondition is kept in every form.
        expect(har.log.entries[0].request.headers).toContainEqual({ name: "If-Match", value: '"v1"' })
        expect(curl).toContain(`'If-Match: "v1"'`)
        expect(fetchCall).toContain(`"If-Match": "\\"v1\\""`)
        expect(JSON.stringify(exportHar([ex], { includeSecrets: true }))).toContain(secret)
        expect(toCurl(snippetRequest(ex), { includeSecrets: true })).toContain(secret)
      }),
      { numRuns: 500 }
    )
  })
})
