/**
 * A representation that repeats a member's name in a nested object after it (an embedded author
 * with its own `text`, an expanded item with its own `_etag`): the tag and the read-back's marker
 * are the resource's own, top-level members. The curl flavour reads them with sed; it took the
 * last occurrence in the body, the nested one.
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
    tagFrom: { header: false, bodyFields: ["_etag"] },
    carriers: [{ kind: "if-match" }]
  },
  '{"text":"x"}'
)

const scratch = useScratchDir()
const document = useVersionedDocument<string | undefined>()
const server = useTinyServer(({ method, headers, body }) => {
  const answer = (status: number) => ({
    status,
    json: {
      text: document.text,
      _etag: String(document.version),
      author: { text: "Dr", _etag: "99" },
      items: [{ text: "item", _etag: "98" }]
    }
  })
  if (method === "GET") return answer(200)
  const sent = headers["if-match"]
  document.sent.push(sent)
  if (sent !== `"${document.version}"`) return answer(409)
  document.version++
  document.text = (JSON.parse(body) as { text?: string }).text ?? document.text
  return answer(200)
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (...flavour) => {
  it("reads the top-level tag and marker, not the nested members of the same name after them", async () => {
    await expectPassWithStaleRefused(flavour, scratch, scenario, server.baseUrl(), {
      firstTag: "3",
      staleStatus: 409
    })
    expect(document.sent).toEqual(['"3"', '"3"'])
    expect(document.text).toMatch(/^ETag Lens writer A /)
  })
})
