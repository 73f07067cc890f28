/**
 * A version named by a JSON Patch's `test` operation, as Azure DevOps work items take it: the item
 * shows `rev` in its body, an update is a JSON Patch, and `{"op": "test", "path": "/rev", "value": n}`
 * makes it apply only to revision n (RFC 6902 §4.6). The tiny server here is shaped like that; it
 * answers a failed test with 412 and takes an update without a test. The generated tests put the
 * revision they read in the test (or add one), and leave it out of the write with no version.
 */
import { describe, expect, it } from "vitest"

import { findApiPreset, withApiPreset } from "../../src/core/api-presets"
import { createEngine } from "../../src/core/engine"
import { DEFAULT_ENGINE_OPTIONS } from "../../src/core/model"
import { extractScenario } from "../../src/core/scenario/extract-scenario"
import type { Scenario } from "../../src/core/scenario/scenario"
import { toPlaywrightTest } from "../../src/core/scenario/to-playwright-test"
import { harEntry } from "../adapters/har-entry-builder"
import { basicAuthorization } from "../builders/exchange"
import {
  run,
  runPlaywright,
  SCRIPT_FLAVOURS,
  useScratchDir,
  useTinyServer,
  useVersionedDocument
} from "./run-generated"

interface PatchOperation {
  readonly op: string
  readonly path: string
  readonly value?: unknown
}

const scratch = useScratchDir()
/** `sent`: the revision each update's test named, or "none". */
const document = useVersionedDocument<string>()
const server = useTinyServer(({ method, body }) => {
  const item = (status: number) => ({
    status,
    json: { id: 7, rev: document.version, fields: { "System.Title": document.text } }
  })
  if (method === "GET") return item(200)
  const operations = JSON.parse(body) as PatchOperation[]
  const test = operations.find((operation) => operation.op === "test" && operation.path === "/rev")
  document.sent.push(test === undefined ? "none" : JSON.stringify(test.value))
  if (test !== undefined && test.value !== document.version)
    return { status: 412, json: { message: "The work item was changed by someone else." } }
  const title = operations.find((operation) => operation.path === "/fields/System.Title")
  if (typeof title?.value === "string") document.text = title.value
  document.version++
  return item(200)
})

const ITEM = "http://recorded.example/_apis/wit/workitems/7"
const options = withApiPreset(DEFAULT_ENGINE_OPTIONS, findApiPreset("azure-devops")!)

/** A capture of one work item: a read, then updates testing the revisions given (undefined: none). */
function scenarioFrom(updates: readonly { readonly tested?: number; readonly user?: string }[]): Scenario {
  const answer = (rev: number) => JSON.stringify({ id: 7, rev, fields: { "System.Title": `title ${rev}` } })
  const by = (user: string | undefined) =>
    user === undefined ? [] : [{ name: "Authorization", value: basicAuthorization(user) }]
  const entries = [
    harEntry({ url: ITEM, text: answer(3), requestHeaders: by("bob") }),
    harEntry({ url: ITEM, text: answer(3), requestHeaders: by("alice") }),
    ...updates.map(({ tested, user }, index) =>
      harEntry({
        method: "PATCH",
        url: ITEM,
        requestHeaders: [{ name: "Content-Type", value: "application/json-patch+json" }, ...by(user)],
        requestBody: JSON.stringify([
          ...(tested === undefined ? [] : [{ op: "test", path: "/rev", value: tested }]),
          { op: "replace", path: "/fields/System.Title", value: `edited by ${user ?? "a client"}` }
        ]),
        text: answer(4 + index)
      })
    )
  ]
  const engine = createEngine(options)
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const snapshot = engine.snapshot()
  const named = (ruleId: string) => snapshot.findings.find((candidate) => candidate.ruleId === ruleId)
  const finding = named("lost-update") ?? named("missing-if-match")
  const result = extractScenario(snapshot.resources[0], snapshot.exchanges, {
    ruleId: finding?.ruleId,
    evidence: finding?.exchangeIds,
    contextEvidence: finding?.contextExchangeIds,
    bodyTagFields: options.bodyTagFields
  })
  if (!result.ok) throw new Error(result.reason)
  return result.scenario
}

describe("scenarios from JSON Patch updates that test /rev", () => {
  it("keep the recorded test, its value taken out; a capture without one gets the field as the carrier", () => {
    const stale = scenarioFrom([{ tested: 3 }, { tested: 3 }])
    expect(stale.ruleId).toBe("lost-update")
    expect(stale.carriers).toEqual([{ kind: "body-field", field: "rev" }])
    expect(stale.versionOperation).toBe(0)
    expect(stale.write.body).toBe(
      '[{"op":"test","path":"/rev","value":null},{"op":"replace","path":"/fields/System.Title","value":"edited by a client"}]'
    )
    const blind = scenarioFrom([{}])
    expect(blind.ruleId).toBe("missing-if-match")
    expect(blind.carriers).toEqual([{ kind: "body-field", field: "rev" }])
    expect(blind.versionOperation).toBeUndefined()
  })
})

describe.each(SCRIPT_FLAVOURS)(
  "%s flavour against a server shaped like Azure DevOps",
  (command, extension, generate) => {
    it("a stale test accepted in the capture: the concurrent update tests the revision read, the stale one is refused", async () => {
      const script = scratch.write(
        `stale.${extension}`,
        generate(scenarioFrom([{ tested: 3 }, { tested: 3 }]))
      )
      const result = await run(command, [script, server.baseUrl()])
      expect(result.stdout).toContain("step 1/4 read: GET → 200, tag 3")
      expect(result.stdout).toContain("step 3/4 stale write: PATCH with the ")
      expect(result.stdout).toMatch(/step 3\/4 stale write: .* → 412 — ok/)
      expect(result.code).toBe(0)
      expect(document.sent).toEqual(["3", "3"])
    })

    it("updates with no test at all: the test is added; two users' blind updates add a write with no test", async () => {
      const blind = scratch.write(`blind.${extension}`, generate(scenarioFrom([{}])))
      expect((await run(command, [blind, server.baseUrl()])).code).toBe(0)
      expect(document.sent).toEqual(["3", "3"])
      document.sent.length = 0
      const twoUsers = scenarioFrom([{ tested: 3, user: "alice" }, { user: "bob" }])
      expect(twoUsers.unversionedRefusedStatuses).toBeDefined()
      const lost = scratch.write(`lost.${extension}`, generate(twoUsers))
      const result = await run(command, [lost, server.baseUrl()])
      expect(result.stdout).toContain(
        "step 3/5 write with no version: expected 428/409/412/422/400, got 200 — LOST UPDATE"
      )
      expect(result.code).toBe(1)
      expect(document.sent).toEqual(["4", "none"])
    })
  }
)

describe("playwright flavour against a server shaped like Azure DevOps", () => {
  it("passes with npx playwright test, the test of /rev carrying the revision read", async () => {
    scratch.write("rev.spec.ts", toPlaywrightTest(scenarioFrom([{ tested: 3 }, { tested: 3 }])))
    const result = await runPlaywright(scratch, "rev.spec.ts", server.baseUrl())
    expect(result.stdout + result.stderr).toContain("1 passed")
    expect(document.sent).toEqual(["3", "3"])
  }, 120_000)
})
