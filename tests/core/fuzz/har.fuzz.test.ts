import fc from "fast-check"
import { describe, it } from "vitest"

import { jsonErrorOffset } from "../../../src/core/har/json-error-offset"
import { HarFormatError, parseHarText } from "../../../src/core/har/read-har"
import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { normalizeHarEntry, type NormalizeContext } from "../../../src/core/traffic/normalize-har-entry"
import { harEntry, harLog, type HarShape } from "../../builders/har"
import { RUNS, nastyString, urlish } from "./arbitraries"

const ctx: NormalizeContext = {
  id: 1,
  index: 0,
  origin: "import",
  options: { ...DEFAULT_ENGINE_OPTIONS, maxBodyBytes: 2_000 }
}

/** An ingest result is well formed: an exchange with the context's id, or a skip with a reason. */
function wellFormed(entry: unknown): boolean {
  const result = normalizeHarEntry(entry, ctx)
  if ("skipped" in result) return result.skipped.index === ctx.index && result.skipped.reason.length > 0
  const { exchange } = result
  return (
    exchange.id === ctx.id &&
    exchange.method === exchange.method.toUpperCase() &&
    Array.isArray(exchange.notes)
  )
}

const jsonish = fc.jsonValue({ maxDepth: 3 })

/** Replace one field at a path of a realistic entry with arbitrary JSON (or delete it). */
const FIELD_PATHS = [
  ["request"],
  ["response"],
  ["request", "url"],
  ["request", "method"],
  ["request", "headers"],
  ["request", "postData"],
  ["request", "postData", "text"],
  ["response", "status"],
  ["response", "headers"],
  ["response", "content"],
  ["response", "content", "text"],
  ["response", "content", "encoding"],
  ["response", "content", "mimeType"],
  ["response", "content", "size"],
  ["startedDateTime"],
  ["cache"],
  ["_resourceType"],
  ["_fromCache"]
] as const

function mutate(
  entry: Record<string, unknown>,
  path: readonly string[],
  value: unknown
): Record<string, unknown> {
  const copy = structuredClone(entry)
  let holder: Record<string, unknown> = copy
  for (const key of path.slice(0, -1)) {
    const next = holder[key]
    if (typeof next !== "object" || next === null) return copy
    holder = next as Record<string, unknown>
  }
  const last = path[path.length - 1] ?? ""
  if (value === undefined) delete holder[last]
  else holder[last] = value
  return copy
}

const realisticEntry = fc
  .record({
    shape: fc.constantFrom<HarShape>("chrome", "firefox", "playwright"),
    method: fc.constantFrom("GET", "PUT", "patch", "DELETE", "POST", "OPTIONS", "MERGE"),
    url: urlish,
    status: fc.constantFrom(0, -1, 200, 201, 204, 302, 304, 409, 412, 428, 500),
    ifMatch: nastyString,
    etag: nastyString,
    body: fc.oneof(
      nastyString,
      jsonish.map((value) => JSON.stringify(value))
    ),
    base64: fc.boolean(),
    mime: fc.constantFrom(
      "application/json",
      "text/html",
      "image/png",
      "",
      "text/plain",
      "application/octet-stream"
    )
  })
  .map(({ shape, method, url, status, ifMatch, etag, body, base64, mime }) =>
    harEntry(
      {
        method,
        url,
        status,
        requestHeaders: [{ name: "If-Match", value: ifMatch }],
        responseHeaders: [{ name: "ETag", value: etag }],
        requestBody: body,
        responseBody: base64 ? Buffer.from(body, "latin1").toString("base64") : body,
        responseEncoding: base64 ? "base64" : undefined,
        responseMime: mime
      },
      shape
    )
  )

describe("HAR input under fuzz", () => {
  it("normalizeHarEntry never throws on arbitrary JSON-ish values", () => {
    fc.assert(
      fc.property(
        fc.oneof(jsonish, fc.anything({ maxDepth: 3 }), fc.record({ request: jsonish, response: jsonish })),
        wellFormed
      ),
      { numRuns: RUNS.normalizeAnything }
    )
  })

  it("normalizeHarEntry never throws on realistic entries with nasty values or a field replaced", () => {
    fc.assert(
      fc.property(
        realisticEntry,
        fc.constantFrom(...FIELD_PATHS),
        fc.option(fc.oneof(jsonish, fc.constant(undefined)), { nil: null }),
        (entry, path, replacement) =>
          wellFormed(replacement === null ? entry : mutate(entry, path, replacement))
      ),
      { numRuns: RUNS.normalizeMutated }
    )
  })

  it("parseHarText throws nothing but HarFormatError", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString,
          fc.string({ unit: "binary", maxLength: 200 }),
          jsonish.map((v) => JSON.stringify(v))
        ),
        (text) => {
          try {
            return Array.isArray(parseHarText(text, "fuzz.har").entries)
          } catch (error) {
            return error instanceof HarFormatError && error.message.startsWith("fuzz.har: ")
          }
        }
      ),
      { numRuns: RUNS.parseHarText }
    )
  })

  it("a truncated HAR says it is truncated", () => {
    const text = JSON.stringify(
      harLog([harEntry({ responseBody: '{"_etag":"x"}' }), harEntry({ method: "PUT" })]),
      null,
      1
    )
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
        try {
          parseHarText(text.slice(0, cut))
          return false
        } catch (error) {
          return error instanceof HarFormatError && /truncated/.test(error.message)
        }
      }),
      { numRuns: RUNS.truncatedHar }
    )
  })

  it("jsonErrorOffset agrees with JSON.parse on valid and damaged JSON", () => {
    const damaged = fc
      .tuple(
        jsonish.map((v) => JSON.stringify(v)),
        fc.nat(),
        fc.constantFrom("", ",", "]", "}", '"', ":", "x", "\\", " ")
      )
      .map(([text, at, insert]) => {
        const position = text.length === 0 ? 0 : at % text.length
        return text.slice(0, position) + insert + text.slice(position + (insert === "" ? 1 : 0))
      })
    fc.assert(
      fc.property(
        fc.oneof(
          jsonish.map((v) => JSON.stringify(v)),
          damaged
        ),
        (text) => {
          let valid = true
          try {
            JSON.parse(text)
          } catch {
            valid = false
          }
          return (jsonErrorOffset(text) === undefined) === valid
        }
      ),
      { numRuns: RUNS.jsonErrorOffset }
    )
  })
})
