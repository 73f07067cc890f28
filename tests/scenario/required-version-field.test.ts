/**
 * An API that requires its version field in the body and answers a body without it with 422, as
 * GitHub's contents API does for a file update without `sha` (a stale `sha` is 409). The write with
 * no version, sent after the same body passed with the version, counts as refused.
 */
import { describe, expect, it } from "vitest"

import { REFUSED_UNVERSIONED_STATUSES, type Scenario } from "../../src/core/scenario/scenario"
import {
  run,
  scenarioOnDoc,
  SCRIPT_FLAVOURS,
  useScratchDir,
  useTinyServer,
  useVersionedDocument
} from "./run-generated"

const scenario: Scenario = {
  ...scenarioOnDoc(
    {
      tagFrom: { header: false, bodyFields: ["sha"] },
      carriers: [{ kind: "body-field", field: "sha" }]
    },
    '{"message":"edit","text":"x"}'
  ),
  refusedStatuses: [412, 409, 428],
  unversionedRefusedStatuses: REFUSED_UNVERSIONED_STATUSES
}

const scratch = useScratchDir()
const document = useVersionedDocument<string | undefined>()
const server = useTinyServer(({ method, body }) => {
  const file = (status: number) => ({ status, json: { sha: `sha-${document.version}`, text: document.text } })
  if (method === "GET") return file(200)
  const sent = JSON.parse(body) as { sha?: string; text?: string }
  document.sent.push(sent.sha)
  if (sent.sha === undefined)
    return { status: 422, json: { message: 'Invalid request. "sha" wasn\'t supplied.' } }
  if (sent.sha !== `sha-${document.version}`) return { status: 409, json: { message: "is at another sha" } }
  document.version++
  document.text = sent.text ?? document.text
  return file(200)
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (command, extension, generate) => {
  it("counts a 422 to the write with no version as refused, and the stale sha's 409 too", async () => {
    const result = await run(command, [
      scratch.write(`sha.${extension}`, generate(scenario)),
      server.baseUrl()
    ])
    expect(result.stdout).toContain("step 3/5 write with no version: PUT with no version → 422 — ok")
    expect(result.stdout).toMatch(/step 4\/5 stale write: .* → 409 — ok/)
    expect(result.stdout).toContain("PASS")
    expect(result.code).toBe(0)
    expect(document.sent).toEqual(["sha-3", undefined, "sha-3"])
  })
})
