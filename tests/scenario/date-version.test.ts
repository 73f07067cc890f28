/**
 * A server without tags that names versions by `Last-Modified` on a real clock, as most do: one
 * second's resolution (RFC 9110 §8.8.2.2). The document is modified right before each run, so the
 * read falls in the second of its last change: a concurrent write in that same second would keep the
 * date, and the stale write would pass for current. The scripts pause past the read's second first.
 */
import { describe, expect, it } from "vitest"

import { extractScenario } from "../../src/core/scenario/extract-scenario"
import { createEngine } from "../../src/core/engine"
import { harEntry } from "../adapters/har-entry-builder"
import { expectPassWithStaleRefused, SCRIPT_FLAVOURS, useScratchDir, useTinyServer } from "./run-generated"

/** The scenario the engine extracts from a capture of a date-versioned document. */
function datedScenario() {
  const url = "http://recorded.example/doc"
  const lastModified = [{ name: "Last-Modified", value: "Thu, 26 Nov 2026 10:00:00 GMT" }]
  const engine = createEngine()
  engine.ingestHarEntry(harEntry({ url, responseHeaders: lastModified, text: '{"text":"a"}' }), "import")
  engine.ingestHarEntry(
    harEntry({
      method: "PUT",
      url,
      requestHeaders: [{ name: "Content-Type", value: "application/json" }],
      requestBody: '{"text":"b"}',
      responseHeaders: [{ name: "Last-Modified", value: "Thu, 26 Nov 2026 10:05:00 GMT" }],
      text: '{"text":"b"}'
    }),
    "import"
  )
  const snapshot = engine.snapshot()
  const result = extractScenario(snapshot.resources[0], snapshot.exchanges)
  if (!result.ok) throw new Error(result.reason)
  return result.scenario
}

const document = { modified: 0, text: "first", sent: [] as (string | undefined)[] }
const httpDate = (millis: number) => new Date(millis).toUTCString()
const scratch = useScratchDir()
const server = useTinyServer(({ method, headers, body }) => {
  const answer = (status: number) => ({
    status,
    headers: { "Last-Modified": httpDate(document.modified) },
    json: { text: document.text }
  })
  if (method === "GET") return answer(200)
  const since = headers["if-unmodified-since"]
  document.sent.push(typeof since === "string" ? since : undefined)
  // §13.1.4: compare at the date's one-second resolution.
  if (typeof since !== "string" || Math.floor(document.modified / 1000) * 1000 > Date.parse(since))
    return answer(412)
  document.modified = Date.now()
  document.text = (JSON.parse(body) as { text?: string }).text ?? document.text
  return answer(200)
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (...flavour) => {
  it("sends the read's Last-Modified as If-Unmodified-Since, a second later: the stale write gets 412", async () => {
    const scenario = { ...datedScenario(), markerField: "text" }
    expect(scenario.carriers).toEqual([{ kind: "if-unmodified-since" }])
    document.modified = Date.now()
    const firstModified = document.modified
    document.sent.length = 0
    await expectPassWithStaleRefused(flavour, scratch, scenario, server.baseUrl(), {
      firstTag: httpDate(document.modified),
      staleStatus: 412
    })
    // Both writes sent the date the read gave: the first passed, the second was refused.
    expect(document.sent).toEqual([httpDate(firstModified), httpDate(firstModified)])
  })
})
