/**
 * A body tag as PHP's `json_encode` writes it, every slash escaped: `"_etag": "W\/\"3\""`. The
 * curl flavour unescaped `\"` and `\\` only, so it sent `If-Match: W\/"3"`; both flavours must
 * send the tag the body holds, `W/"3"`.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"

import { afterAll, beforeAll, describe, expect, it } from "vitest"

import {
  expectPassWithStaleRefused,
  scenarioOnDoc,
  SCRIPT_FLAVOURS,
  useScratchDir,
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
let server: Server | undefined
let baseUrl = ""

/** The document as PHP encodes it: `/` escaped as `\/`, which JSON allows (RFC 8259 §7). */
function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/")
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk: Buffer) => (body += chunk.toString()))
    request.on("end", () => {
      let status = 200
      if (request.method !== "GET") {
        const sent = request.headers["if-match"]
        document.sent.push(sent)
        if (sent === `W/"${document.version}"`) {
          document.version++
          document.text = (JSON.parse(body) as { text?: string }).text ?? document.text
        } else status = 409
      }
      response.writeHead(status, { "Content-Type": "application/json" })
      response.end(phpJson({ text: document.text, _etag: `W/"${document.version}"` }))
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
})

describe.each(SCRIPT_FLAVOURS)("%s flavour", (...flavour) => {
  it("reads a body tag whose slash is escaped as the tag it is", async () => {
    await expectPassWithStaleRefused(flavour, scratch, scenario, baseUrl, {
      firstTag: 'W/"3"',
      staleStatus: 409
    })
    expect(document.sent).toEqual(['W/"3"', 'W/"3"'])
  })
})
