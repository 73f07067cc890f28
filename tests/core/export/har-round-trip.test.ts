import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { exportHar } from "../../../src/core/export/export-har"
import { importHarEntries } from "../../../src/core/export/import-har"
import type { Exchange } from "../../../src/core/model"
import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { normalizeHarEntry } from "../../../src/core/traffic/normalize-har-entry"
import { harEntry as recordedEntry } from "../../adapters/har-entry-builder"
import { leakedSecrets, secretEntry } from "./secret-entry"

const tagText = fc.oneof(
  fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((opaque) => `"${opaque}"`),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((opaque) => `W/"${opaque}"`),
  fc.constant("*"),
  fc.string({ maxLength: 8 })
)
const header = fc.oneof(
  tagText.map((value) => ({ name: "ETag", value })),
  tagText.map((value) => ({ name: "If-Match", value })),
  tagText.map((value) => ({ name: "If-None-Match", value })),
  fc.constant({ name: "Content-Type", value: "application/json" }),
  fc.constant({ name: "Location", value: "/api/notes/7" }),
  fc.record({ name: fc.stringMatching(/^X-[A-Za-z]{1,8}$/), value: fc.string({ maxLength: 20 }) })
)
const jsonBody = fc.oneof(
  fc.constant(undefined),
  fc
    .record({ text: fc.string({ maxLength: 30 }), _rev: fc.stringMatching(/^[0-9]-[a-f]{4}$/) })
    .map((b) => JSON.stringify(b)),
  fc.record({ "@odata.etag": tagText, id: fc.nat(99) }).map((b) => JSON.stringify(b)),
  fc.string({ maxLength: 40 })
)

/** A HAR entry as a browser would record it: the source of realistic exchanges. */
const harEntry = fc
  .record({
    method: fc.constantFrom("GET", "PUT", "PATCH", "POST", "DELETE", "OPTIONS"),
    path: fc.constantFrom("/api/strict/notes/1", "/api/couch/notes/2?rev=1-ab", "/api/notes", "/app.js", "/"),
    status: fc.constantFrom(0, 200, 201, 204, 304, 409, 412, 428, 500),
    requestHeaders: fc.array(header, { maxLength: 4 }),
    responseHeaders: fc.array(header, { maxLength: 4 }),
    requestBody: jsonBody,
    responseBody: jsonBody,
    resourceType: fc.constantFrom(undefined, "fetch", "xhr", "document", "script"),
    millis: fc.integer({ min: 0, max: 86_400_000 })
  })
  .map((g) => ({
    startedDateTime: new Date(Date.UTC(2026, 10, 25) + g.millis).toISOString(),
    time: 3,
    request: {
      method: g.method,
      url: `http://127.0.0.1:8787${g.path}`,
      httpVersion: "HTTP/1.1",
      headers: g.requestHeaders,
      cookies: [],
      queryString: [],
      ...(g.requestBody !== undefined && { postData: { mimeType: "application/json", text: g.requestBody } }),
      headersSize: -1,
      bodySize: -1
    },
    response: {
      status: g.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: g.responseHeaders,
      cookies: [],
      content: {
        size: g.responseBody?.length ?? 0,
        mimeType: "application/json",
        ...(g.responseBody !== undefined && { text: g.responseBody })
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    ...(g.resourceType !== undefined && { _resourceType: g.resourceType })
  }))

/** What the session adds on top of a recorded entry: where it came from, a replay link, notes. */
const sessionExtras = fc.record({
  origin: fc.constantFrom("live", "backfill", "import", "replay" as const),
  replayOf: fc.option(fc.nat(10), { nil: undefined }),
  note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  bodyNotCaptured: fc.boolean()
})

function sessionExchanges(
  entries: readonly unknown[],
  extras: readonly fc.Arbitrary<unknown>[] | unknown[]
): Exchange[] {
  const exchanges: Exchange[] = []
  entries.forEach((entry, index) => {
    const extra = extras[index] as {
      origin: Exchange["origin"]
      replayOf?: number
      note?: string
      bodyNotCaptured: boolean
    }
    const result = normalizeHarEntry(entry, {
      id: exchanges.length + 1,
      index,
      origin: extra.origin,
      options: DEFAULT_ENGINE_OPTIONS
    })
    if (!("exchange" in result)) return
    let exchange: Exchange = result.exchange
    if (extra.replayOf !== undefined && extra.replayOf < exchange.id) {
      exchange = {
        ...exchange,
        replay: { of: extra.replayOf + 1, choice: "version:1", verdict: "lost-update" }
      }
    }
    if (extra.note !== undefined) exchange = { ...exchange, notes: [...exchange.notes, extra.note] }
    if (extra.bodyNotCaptured && exchange.responseBody) {
      // As a capture with a smaller body limit would have it: no text, so no tags from the body.
      exchange = {
        ...exchange,
        responseBody: {
          size: 1234,
          skipped: "too large (1234 bytes > 1000 bytes limit)",
          mimeType: "application/json"
        },
        responseTags: exchange.responseTags.filter((tag) => tag.source === "header"),
        itemTags: []
      }
    }
    exchanges.push(exchange)
  })
  return exchanges
}

function roundTrip(exchanges: readonly Exchange[], includeSecrets: boolean): readonly Exchange[] {
  const har = JSON.parse(JSON.stringify(exportHar(exchanges, { includeSecrets })))
  const imported = importHarEntries(har.log.entries)
  expect(imported.skipped).toEqual([])
  return imported.exchanges
}

describe("HAR export → import round-trip", () => {
  it("gives back identical exchanges (property)", () => {
    const session = fc
      .array(harEntry, { maxLength: 12 })
      .chain((entries) =>
        fc.tuple(
          fc.constant(entries),
          fc.array(sessionExtras, { minLength: entries.length, maxLength: entries.length })
        )
      )
    fc.assert(
      fc.property(session, ([entries, extras]) => {
        const exchanges = sessionExchanges(entries, extras)
        expect(roundTrip(exchanges, true)).toEqual(exchanges)
        // No secret in these entries: the default (redacting) export round-trips too.
        expect(roundTrip(exchanges, false)).toEqual(exchanges)
      }),
      { numRuns: 150 }
    )
  })

  it("renumbers ids 1..n and keeps replay links pointing at the same exchange", () => {
    const entries = [secretEntry(), secretEntry(), secretEntry()]
    const all = sessionExchanges(
      entries,
      entries.map(() => ({ origin: "live", bodyNotCaptured: false }))
    )
    const evicted = [
      { ...all[1], id: 41 },
      { ...all[2], id: 42, origin: "replay" as const, replay: { of: 41, choice: "version:1" } }
    ]
    const back = roundTrip(evicted, true)
    expect(back.map((e) => e.id)).toEqual([1, 2])
    expect(back[1].replay).toEqual({ of: 1, choice: "version:1" })
    expect(back[1].origin).toBe("replay")
  })

  it("notes a replay whose original was not exported instead of pointing at the wrong exchange", () => {
    const [one] = sessionExchanges([secretEntry()], [{ origin: "replay", bodyNotCaptured: false }])
    const back = roundTrip([{ ...one, id: 9, replay: { of: 3, choice: "none" } }], true)
    expect(back[0].replay).toBeUndefined()
    expect(back[0].notes).toContain("replay of #3, which is not in this export")
  })

  it("redacts secrets by default and keeps entity tags and preconditions", () => {
    const exchanges = sessionExchanges([secretEntry()], [{ origin: "live", bodyNotCaptured: false }])
    const har = exportHar(exchanges)
    expect(leakedSecrets(JSON.stringify(har))).toEqual([])
    const [back] = importHarEntries(JSON.parse(JSON.stringify(har)).log.entries).exchanges
    expect(back.precondition).toEqual(exchanges[0].precondition)
    expect(back.responseTags).toEqual(exchanges[0].responseTags)
    expect(leakedSecrets(JSON.stringify(exportHar(exchanges, { includeSecrets: true })))).not.toEqual([])
  })

  it("redacts URLs quoted in notes", () => {
    const [one] = sessionExchanges([secretEntry()], [{ origin: "live", bodyNotCaptured: false }])
    const noted = { ...one, notes: ["redirect to https://idp.example/cb?access_token=tok-in-note"] }
    expect(JSON.stringify(exportHar([noted]))).not.toContain("tok-in-note")
    expect(JSON.stringify(exportHar([noted], { includeSecrets: true }))).toContain("tok-in-note")
  })

  it("skips a kept body that is over the importing panel's limit, with the reason, as in any HAR", () => {
    const read = (version: number) =>
      recordedEntry({
        url: "http://127.0.0.1/api/notes/1",
        text: JSON.stringify({ text: String(version).repeat(5000) }),
        responseHeaders: [
          { name: "ETag", value: `"v${version}"` },
          { name: "Content-Type", value: "application/json" }
        ]
      })
    const recorded = createEngine({ maxBodyBytes: 1_000_000 })
    recorded.ingestHarEntry(read(1), "live")
    recorded.ingestHarEntry(read(2), "live")
    const har = JSON.parse(JSON.stringify(exportHar(recorded.snapshot().exchanges)))
    const limited = { ...DEFAULT_ENGINE_OPTIONS, maxBodyBytes: 1024 }
    const withExtras = importHarEntries(har.log.entries, limited).exchanges
    const tooLarge = "too large (5011 bytes > 1024 bytes limit)"
    expect(withExtras.map((exchange) => exchange.responseBody)).toEqual([
      { mimeType: "application/json", size: 5011, skipped: tooLarge },
      { mimeType: "application/json", size: 5011, skipped: tooLarge }
    ])
    expect(withExtras[0].notes).toEqual([`response body skipped: ${tooLarge}`])
    // The same as the entries without our extras (another tool's HAR) give.
    const plain = har.log.entries.map(({ _etagLens, ...entry }: Record<string, unknown>) => entry)
    const withoutExtras = importHarEntries(plain, limited).exchanges
    expect(withExtras.map((exchange) => [exchange.responseBody, exchange.notes])).toEqual(
      withoutExtras.map((exchange) => [exchange.responseBody, exchange.notes])
    )
    // Two bodies not read are not "the same content": the changed tag is no finding.
    const judged = createEngine(limited)
    for (const exchange of withExtras) judged.ingestExchange(exchange)
    expect(judged.snapshot().findings).toEqual([])
  })

  it("imports entries of other tools as origin import, and skips unusable ones with the reason", () => {
    const { exchanges, skipped } = importHarEntries([secretEntry(), { request: {} }, 42])
    expect(exchanges.map((e) => [e.id, e.origin])).toEqual([[1, "import"]])
    expect(skipped.map((s) => s.index)).toEqual([1, 2])
  })
})
