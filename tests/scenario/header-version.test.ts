/**
 * A version carried only in headers: the server answers `X-Resource-Version: n` and reads the version
 * a write is based on from the same request header (409 when it is older or missing). Both flavours
 * read the version from the response header and send it back in the request header.
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
    tagFrom: { header: false, versionHeaders: ["X-Resource-Version"], bodyFields: [] },
    carriers: [{ kind: "version-header", name: "X-Resource-Version" }]
  },
  '{"text":"x"}'
)

const scratch = useScratchDir()
const document = useVersionedDocument<string | undefined>()
const server = useTinyServer(({ method, headers, body }) => {
  // Lower case on purpose: the scripts must match the name case-insensitively.
  const answer = (status: number) => ({
    status,
    headers: { "x-resource-version": String(document.version) },
    json: { text: document.text }
  })
  if (method === "GET") return answer(200)
  const sent = headers["x-resource-version"]
  document.sent.push(typeof sent === "string" ? sent : undefined)
  if (sent !== String(document.version)) return answer(409)
  document.version++
  document.text = (JSON.parse(body) as { text?: string }).text ?? document.text
  return answer(200)
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (...flavour) => {
  it("reads the version from the response header and sends it back in the request header: the stale write gets 409", async () => {
    await expectPassWithStaleRefused(flavour, scratch, scenario, server.baseUrl(), {
      firstTag: "3",
      staleStatus: 409
    })
    expect(document.sent).toEqual(["3", "3"])
  })
})
