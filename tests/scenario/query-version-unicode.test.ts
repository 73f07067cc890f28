/**
 * A version sent back in the query (CouchDB's `?rev=`) that holds a character outside ASCII: both
 * flavours send its UTF-8 bytes percent-encoded, as `encodeURIComponent` does. The curl flavour
 * encoded the character's code point in a UTF-8 locale (`%E9` for é), which the server cannot read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"

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
    tagFrom: { header: false, bodyFields: ["_rev"] },
    carriers: [{ kind: "query-param", param: "rev" }]
  },
  '{"text":"x"}'
)

// The scripts run in a UTF-8 locale, as on most machines (where bash counted é as one character).
const savedLocale = process.env.LC_ALL
beforeAll(() => {
  process.env.LC_ALL = "C.UTF-8"
})
afterAll(() => {
  if (savedLocale === undefined) delete process.env.LC_ALL
  else process.env.LC_ALL = savedLocale
})

const scratch = useScratchDir()
const document = useVersionedDocument<string | null>()
const revOf = (version: number) => `${version}-é`
const server = useTinyServer(({ method, url, body }) => {
  const answer = (status: number) => ({
    status,
    json: { text: document.text, _rev: revOf(document.version) }
  })
  if (method === "GET") return answer(200)
  const sent = new URL(url, "http://localhost").searchParams.get("rev")
  document.sent.push(sent)
  if (sent !== revOf(document.version)) return answer(409)
  document.version++
  document.text = (JSON.parse(body) as { text?: string }).text ?? document.text
  return answer(200)
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (...flavour) => {
  it("sends a version with a character outside ASCII as its UTF-8 bytes in the query", async () => {
    await expectPassWithStaleRefused(flavour, scratch, scenario, server.baseUrl(), {
      firstTag: "3-é",
      staleStatus: 409
    })
    expect(document.sent).toEqual(["3-é", "3-é"])
  })
})
