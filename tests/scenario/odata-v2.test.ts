/**
 * OData V2 as SAP Gateway and CAP's V2 adapter serve it: an entity wrapped in `{"d": {…}}` with its
 * tag in `d.__metadata.etag` (and the ETag header), updated by MERGE, or by a POST naming MERGE in
 * `X-HTTP-Method` as SAP UI5's V2 model sends it. The generated tests send the write the way it
 * was recorded and read the marker and the tag inside `d`.
 */
import { describe, expect, it } from "vitest"

import type { Scenario } from "../../src/core/scenario/scenario"
import { toPlaywrightTest } from "../../src/core/scenario/to-playwright-test"
import {
  run,
  runPlaywright,
  SCRIPT_FLAVOURS,
  useScratchDir,
  useTinyServer,
  useVersionedDocument
} from "./run-generated"

const scratch = useScratchDir()
const document = useVersionedDocument<string>()
const tagOf = (version: number) => `W/"${version}"`
const server = useTinyServer(({ method, headers, body }) => {
  const tag = tagOf(document.version)
  const entity = (status: number) => ({
    status,
    headers: { ETag: tagOf(document.version) },
    json: {
      d: { ID: 1, text: document.text, __metadata: { type: "lens.Notes", etag: tagOf(document.version) } }
    }
  })
  if (method === "GET") return entity(200)
  const override = headers["x-http-method"]
  const named = method === "POST" && typeof override === "string" ? override : method
  document.sent.push(`${method} as ${named}`)
  if (named !== "MERGE") return { status: 405, json: { error: { message: `no ${named} here` } } }
  const ifMatch = headers["if-match"]
  if (ifMatch === undefined) return { status: 428, json: { error: { message: "If-Match required" } } }
  if (ifMatch !== tag) return { status: 412, json: { error: { message: "stale" } } }
  document.version++
  document.text = (JSON.parse(body) as { text?: string }).text ?? document.text
  return entity(200)
})

function mergeScenario(write: Scenario["write"], tagFrom: Scenario["tagFrom"]): Scenario {
  return {
    title: "lost-update on /Notes(1)",
    ruleId: "lost-update",
    recordedOrigin: "http://recorded.example",
    resourcePath: "/Notes(1)",
    tagFrom,
    carriers: [{ kind: "if-match" }],
    write,
    markerField: "text",
    refusedStatuses: [412, 409, 428],
    evidence: [1]
  }
}

const body = '{"text":"recorded"}'
const direct = mergeScenario(
  { method: "MERGE", contentType: "application/json", body },
  { header: true, bodyFields: ["__metadata.etag"] }
)
// The tag only from the body: read inside `d`.
const tunnelled = mergeScenario(
  {
    method: "POST",
    methodOverride: { header: "X-HTTP-Method", method: "MERGE" },
    contentType: "application/json",
    body
  },
  { header: false, bodyFields: ["__metadata.etag"] }
)

describe.each(SCRIPT_FLAVOURS)("%s flavour on an OData V2 service", (command, extension, generate) => {
  it("MERGE: the tag read from the header, the stale MERGE refused, the marker found inside d", async () => {
    const result = await run(command, [
      scratch.write(`merge.${extension}`, generate(direct)),
      server.baseUrl()
    ])
    expect(result.stdout).toContain("step 2/4 concurrent write: MERGE with the current tag → 200 — ok")
    expect(result.stdout).toMatch(/step 3\/4 stale write: MERGE .* → 412 — ok/)
    expect(result.stdout).toContain("step 4/4 read back: the concurrent write survived — ok")
    expect(result.code).toBe(0)
    expect(document.text).toMatch(/^ETag Lens writer A /)
    expect(document.sent).toEqual(["MERGE as MERGE", "MERGE as MERGE"])
  })

  it("a POST naming MERGE in X-HTTP-Method: sent the same way, the tag read from d.__metadata.etag", async () => {
    const result = await run(command, [
      scratch.write(`tunnel.${extension}`, generate(tunnelled)),
      server.baseUrl()
    ])
    expect(result.stdout).toContain('step 1/4 read: GET → 200, tag W/"3"')
    expect(result.stdout).toContain(
      "step 2/4 concurrent write: MERGE (POST with X-HTTP-Method) with the current tag → 200 — ok"
    )
    expect(result.stdout).toContain("PASS")
    expect(result.code).toBe(0)
    expect(document.sent).toEqual(["POST as MERGE", "POST as MERGE"])
  })
})

describe("playwright flavour on an OData V2 service", () => {
  it("passes with npx playwright test, MERGE and the POST naming it alike", async () => {
    scratch.write("merge.spec.ts", toPlaywrightTest(direct))
    scratch.write(
      "tunnel.spec.ts",
      toPlaywrightTest({ ...tunnelled, title: "tunnelled lost-update on /Notes(1)" })
    )
    const result = await runPlaywright(scratch, "*.spec.ts", server.baseUrl())
    expect(result.stdout + result.stderr).toContain("2 passed")
    expect(result.code).toBe(0)
    expect([...document.sent].sort()).toEqual([
      "MERGE as MERGE",
      "MERGE as MERGE",
      "POST as MERGE",
      "POST as MERGE"
    ])
    expect(document.text).toMatch(/^ETag Lens writer A /)
  }, 120_000)
})
