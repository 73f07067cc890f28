/**
 * Issue #9/#10: a capture with Basic auth, cookies, Set-Cookie, an API key, a token in the URL and a
 * password in the body. No export path (scenario tests in every flavour, HAR, curl, fetch) leaks them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"

import { createEngine, type EngineSnapshot } from "../../src/core/engine"
import { exportHar } from "../../src/core/export/export-har"
import { toCurl, toFetch } from "../../src/core/export/snippets"
import { exportScenarioTests } from "../../src/core/scenario/export-tests"
import { startLab } from "../../src/lab/server"
import { LabRecorder } from "./lab-recorder"

const BASIC = "Basic YWxpY2U6b3BlbiBzZXNhbWU=" // alice:open sesame
const SECRETS = ["YWxpY2U6b3BlbiBzZXNhbWU=", "sess-4242", "refresh-9999", "key-8888", "tok-7777", "pw-6666"]

let lab: Awaited<ReturnType<typeof startLab>>
let snapshot: EngineSnapshot

beforeAll(async () => {
  lab = await startLab({ port: 0 })
  const recorder = new LabRecorder(lab.url)
  const secretHeaders = { Authorization: BASIC, Cookie: "session=sess-4242", "X-Api-Key": "key-8888" }
  const path = "/api/lax/notes/1?access_token=tok-7777"
  const write = { ...secretHeaders, "Content-Type": "application/json" }
  const read = await recorder.call({ method: "GET", path, headers: secretHeaders })
  const tag = read.headers.get("etag") ?? ""
  await recorder.call({
    method: "PUT",
    path,
    headers: { ...write, "If-Match": tag },
    body: '{"text":"a","password":"pw-6666"}'
  })
  await recorder.call({
    method: "PUT",
    path,
    headers: { ...write, "If-Match": tag },
    body: '{"text":"b","password":"pw-6666"}'
  })
  for (const entry of recorder.entries) {
    entry.response.headers.push({ name: "Set-Cookie", value: "refresh=refresh-9999; HttpOnly" })
  }
  const engine = createEngine()
  for (const entry of recorder.entries) engine.ingestHarEntry(entry, "live")
  snapshot = engine.snapshot()
})
afterAll(() => lab.close())

const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret))

describe("no recorded secret in any export", () => {
  it("the capture really holds them", () => {
    expect(leaked(JSON.stringify(snapshot.exchanges))).toEqual(SECRETS)
  })

  it("scenario tests, every flavour", () => {
    const { files } = exportScenarioTests(snapshot)
    expect(files.map((f) => f.flavour)).toEqual(["node", "playwright", "curl"])
    for (const file of files) expect(leaked(file.contents)).toEqual([])
  })

  it("HAR export by default, and keeps them only on opt-in", () => {
    expect(leaked(JSON.stringify(exportHar(snapshot.exchanges)))).toEqual([])
    expect(leaked(JSON.stringify(exportHar(snapshot.exchanges, { includeSecrets: true })))).toEqual(SECRETS)
  })

  it("copy as curl and fetch", () => {
    for (const exchange of snapshot.exchanges) {
      const request = {
        method: exchange.method,
        url: exchange.url,
        headers: exchange.requestHeaders,
        body: exchange.requestBody?.text
      }
      expect(leaked(toCurl(request))).toEqual([])
      expect(leaked(toFetch(request))).toEqual([])
    }
  })
})
