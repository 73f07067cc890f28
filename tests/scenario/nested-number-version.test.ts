/**
 * A version kept as a JSON number inside a nested object (`{"meta":{"version":3}}`): both flavours
 * read it from the nested key and send it back as the number it is, against a tiny server that
 * answers 400 to anything but a number, 409 to an older one and 200 (and a new version) to the
 * current one.
 */
import { describe, expect, it } from "vitest"

import {
  expectPassWithStaleRefused,
  scenarioOnDoc,
  SCRIPT_FLAVOURS,
  useScratchDir,
  useTinyServer,
  useVersionedDocument
} from "./run-generated"

const scenario = scenarioOnDoc(
  {
    tagFrom: { header: false, bodyFields: ["meta.version"] },
    carriers: [{ kind: "body-field", field: "meta.version" }]
  },
  '{"meta":{"version":1},"text":"x"}'
)

const scratch = useScratchDir()
const document = useVersionedDocument<unknown>()
const server = useTinyServer(({ method, body }) => {
  const answer = (status: number) => ({
    status,
    json: { meta: { version: document.version }, text: document.text }
  })
  if (method === "GET") return answer(200)
  const sent = JSON.parse(body) as { meta?: { version?: unknown }; text?: string }
  document.sent.push(sent.meta?.version)
  if (typeof sent.meta?.version !== "number") return answer(400) // a string "3" is refused
  if (sent.meta.version !== document.version) return answer(409)
  document.version++
  document.text = sent.text ?? document.text
  return answer(200)
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (...flavour) => {
  it("reads the nested numeric version and writes it back as a number: the stale write gets 409", async () => {
    await expectPassWithStaleRefused(flavour, scratch, scenario, server.baseUrl(), {
      firstTag: "3",
      staleStatus: 409
    })
    expect(document.sent).toEqual([3, 3])
  })
})
