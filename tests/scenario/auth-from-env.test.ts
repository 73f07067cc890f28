/**
 * Generated tests take credentials from ETAG_LENS_AUTHORIZATION / ETAG_LENS_COOKIE and send them
 * on every request (a tiny server records what arrives); without them, no auth header is sent.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"

import { afterAll, beforeAll, describe, expect, it } from "vitest"

import { toCurlScript } from "../../src/core/scenario/to-curl-script"
import { toNodeScript } from "../../src/core/scenario/to-node-script"
import type { Scenario } from "../../src/core/scenario/scenario"
import { run, scratchDir } from "./run-generated"

const received: IncomingHttpHeaders[] = []
let server: Server
let baseUrl: string
const scratch = scratchDir()

const scenario: Scenario = {
  title: "lost-update on /doc",
  ruleId: "lost-update",
  recordedOrigin: "http://recorded.example",
  resourcePath: "/doc",
  tagFrom: { header: true, bodyFields: [] },
  carriers: [{ kind: "if-match" }],
  write: { method: "PUT", contentType: "application/json", body: '{"text":"x"}' },
  markerField: "text",
  refusedStatuses: [412, 409, 428],
  evidence: [1]
}

beforeAll(async () => {
  // Answers every GET with a tag and every write with 412: enough to see steps 1 and 2 go out.
  server = createServer((request, response) => {
    received.push(request.headers)
    request.resume()
    request.on("end", () => {
      response.writeHead(request.method === "GET" ? 200 : 412, {
        ETag: '"t1"',
        "Content-Type": "application/json"
      })
      response.end('{"text":"x"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  scratch.remove()
})

describe.each([
  ["node", "auth.test.mjs", toNodeScript],
  ["bash", "auth.test.sh", toCurlScript]
] as const)("%s flavour", (command, fileName, generate) => {
  const path = () => scratch.write(fileName, generate(scenario))

  it("sends the environment's Authorization and Cookie on every request", async () => {
    received.length = 0
    const env = { ...process.env, ETAG_LENS_AUTHORIZATION: "Bearer from-env", ETAG_LENS_COOKIE: "s=from-env" }
    const result = await run(command, [path(), baseUrl], { env })
    expect(result.stdout).toContain("step 2/4 concurrent write")
    expect(result.code).toBe(1)
    expect(received).toHaveLength(2)
    for (const headers of received) {
      expect(headers.authorization).toBe("Bearer from-env")
      expect(headers.cookie).toBe("s=from-env")
    }
    expect(received[1]["if-match"]).toBe('"t1"')
  })

  it("says so when the server does not answer", async () => {
    const result = await run(command, [path(), "http://127.0.0.1:9"])
    expect(result.stdout).toMatch(
      /step 1\/4 read: GET http:\/\/127\.0\.0\.1:9\/doc expected 200, got (no answer|000)/
    )
    expect(result.code).toBe(1)
  })

  it("sends no credentials when none are set", async () => {
    received.length = 0
    const env = { ...process.env, ETAG_LENS_AUTHORIZATION: "", ETAG_LENS_COOKIE: "" }
    await run(command, [path(), baseUrl], { env })
    expect(received.length).toBeGreaterThan(0)
    for (const headers of received) {
      expect(headers.authorization).toBeUndefined()
      expect(headers.cookie).toBeUndefined()
    }
  })
})
