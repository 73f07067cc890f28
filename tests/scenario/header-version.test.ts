/**
 * A version carried only in headers: the server answers `X-Resource-Version: n` and reads the version
 * a write is based on from the same request header (409 when it is older or missing). Both flavours
 * read the version from the response header and send it back in the request header.
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
  tagFrom: { header: false, versionHeaders: ["X-Resource-Version"], bodyFields: [] },
  carriers: [{ kind: "version-header", name: "X-Resource-Version" }],
  write: { method: "PUT", contentType: "application/json", body: '{"text":"x"}' },
  markerField: "text",
  refusedStatuses: [409],
  evidence: [1]
}

let server: Server
let baseUrl: string
let version = 3
let text = "first"
const sentVersions: (string | undefined)[] = []
const scratch = scratchDir()

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk: Buffer) => (body += chunk.toString()))
    request.on("end", () => {
      const answer = (status: number) => {
        // Lower case on purpose: the scripts must match the name case-insensitively.
        response.writeHead(status, {
          "Content-Type": "application/json",
          "x-resource-version": String(version)
        })
        response.end(JSON.stringify({ text }))
      }
      if (request.method === "GET") return answer(200)
      const sent = request.headers["x-resource-version"]
      sentVersions.push(typeof sent === "string" ? sent : undefined)
      if (sent !== String(version)) return answer(409)
      version++
      text = (JSON.parse(body) as { text?: string }).text ?? text
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
  ["node", "header.test.mjs", toNodeScript],
  ["bash", "header.test.sh", toCurlScript]
] as const)("%s flavour", (command, fileName, generate) => {
  it("reads the version from the response header and sends it back in the request header: the stale write gets 409", async () => {
    const result = await run(command, [scratch.write(fileName, generate(scenario)), baseUrl])
    expect(result.stdout).toContain("step 1/4 read: GET → 200, tag 3")
    expect(result.stdout).toMatch(/step 3\/4 stale write: .* → 409 — ok/)
    expect(result.stdout).toContain("PASS")
    expect(result.code).toBe(0)
    expect(sentVersions).toEqual(["3", "3"])
  })
})
