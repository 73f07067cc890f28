/**
 * A version kept as a JSON number inside a nested object (`{"meta":{"version":3}}`): both flavours
 * read it from the nested key and send it back as the number it is, against a tiny server that
 * answers 400 to anything but a number, 409 to an older one and 200 (and a new version) to the
 * current one.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"

import type { Scenario } from "../../src/core/scenario/scenario"
import { toCurlScript } from "../../src/core/scenario/to-curl-script"
import { toNodeScript } from "../../src/core/scenario/to-node-script"
import { run, scratchDir } from "./run-generated"

const scenario: Scenario = {
  title: "lost-update on /doc",
  ruleId: "lost-update",
  recordedOrigin: "http://recorded.example",
  resourcePath: "/doc",
  tagFrom: { header: false, bodyFields: ["meta.version"] },
  carriers: [{ kind: "body-field", field: "meta.version" }],
  write: { method: "PUT", contentType: "application/json", body: '{"meta":{"version":1},"text":"x"}' },
  markerField: "text",
  refusedStatuses: [409],
  evidence: [1]
}

let server: Server
let baseUrl: string
let version = 3
let text = "first"
const sentVersions: unknown[] = []
const scratch = scratchDir()

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk: Buffer) => (body += chunk.toString()))
    request.on("end", () => {
      const answer = (status: number) => {
        response.writeHead(status, { "Content-Type": "application/json" })
        response.end(JSON.stringify({ meta: { version }, text }))
      }
      if (request.method === "GET") return answer(200)
      const sent = JSON.parse(body) as { meta?: { version?: unknown }; text?: string }
      sentVersions.push(sent.meta?.version)
      if (typeof sent.meta?.version !== "number") return answer(400) // a string "3" is refused
      if (sent.meta.version !== version) return answer(409)
      version++
      text = sent.text ?? text
      answer(200)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  scratch.remove()
})
beforeEach(() => {
  version = 3
  text = "first"
  sentVersions.length = 0
})

describe.each([
  ["node", "nested.test.mjs", toNodeScript],
  ["bash", "nested.test.sh", toCurlScript]
] as const)("%s flavour", (command, fileName, generate) => {
  it("reads the nested numeric version and writes it back as a number: the stale write gets 409", async () => {
    const result = await run(command, [scratch.write(fileName, generate(scenario)), baseUrl])
    expect(result.stdout).toContain("step 1/4 read: GET → 200, tag 3")
    expect(result.stdout).toMatch(/step 3\/4 stale write: .* → 409 — ok/)
    expect(result.stdout).toContain("PASS")
    expect(result.code).toBe(0)
    expect(sentVersions).toEqual([3, 3])
  })
})
