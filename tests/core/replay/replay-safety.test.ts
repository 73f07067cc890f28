import { describe, expect, it } from "vitest"

import {
  assertReplayAllowed,
  isReplayEcho,
  REPLAY_SCRIPT_URL,
  planReplay,
  REPLAY_MARKER_HEADER,
  ReplayRefusedError,
  toReplayHarEntry
} from "../../../src/core/replay"
import { API, write } from "../../builders/exchange"
import { lineageWith } from "./replay-builders"

const lineage = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"'])
const put = write({ ifMatch: '"n1-v2"', requestBody: { size: 2, text: "{}" } })
const plan = planReplay(put, lineage, { kind: "version", versionIndex: 1 })

function refusal(run: () => void): string | undefined {
  try {
    run()
  } catch (error) {
    return error instanceof ReplayRefusedError ? error.refusal : "other"
  }
  return undefined
}

describe("assertReplayAllowed", () => {
  it("allows a confirmed replay to the recorded origin", () => {
    expect(
      refusal(() => assertReplayAllowed(plan, { confirmed: true, recordedUrl: put.url }))
    ).toBeUndefined()
  })

  it("refuses without confirmation", () => {
    expect(refusal(() => assertReplayAllowed(plan, { confirmed: false, recordedUrl: put.url }))).toBe(
      "not-confirmed"
    )
  })

  it("refuses a plan pointed at another origin, whatever the plan claims", () => {
    const elsewhere = { ...plan, url: "http://evil.example/api/strict/notes/1" }
    expect(refusal(() => assertReplayAllowed(elsewhere, { confirmed: true, recordedUrl: put.url }))).toBe(
      "cross-origin"
    )
    const otherPort = {
      ...plan,
      url: "http://127.0.0.1:9999/api/strict/notes/1",
      origin: "http://127.0.0.1:9999"
    }
    expect(refusal(() => assertReplayAllowed(otherPort, { confirmed: true, recordedUrl: put.url }))).toBe(
      "cross-origin"
    )
    expect(refusal(() => assertReplayAllowed(plan, { confirmed: true, recordedUrl: "not a url" }))).toBe(
      "cross-origin"
    )
  })

  it("refuses a URL a browser reads differently from how it is written, and plans on the origin it goes to", () => {
    const misleading = "https://attacker.example\\@bank.example/api/notes/1"
    const imported = write({ url: misleading, ifMatch: '"n1-v2"', requestBody: { size: 2, text: "{}" } })
    const misleadingPlan = planReplay(imported, lineageWith(misleading, ['"n1-v1"', '"n1-v2"']), {
      kind: "version",
      versionIndex: 1
    })
    expect(misleadingPlan.origin).toBe(new URL(misleading).origin)
    expect(
      refusal(() => assertReplayAllowed(misleadingPlan, { confirmed: true, recordedUrl: misleading }))
    ).toBe("misleading-url")
    const withNewline = { ...plan, url: `${plan.url.replace("127.0.0.1", "127.0.\n0.1")}` }
    expect(refusal(() => assertReplayAllowed(withNewline, { confirmed: true, recordedUrl: put.url }))).toBe(
      "misleading-url"
    )
  })

  it("treats default ports and host case as the same origin", () => {
    const recorded = "http://Example.test/a"
    const same = { ...plan, url: "http://example.test:80/a", origin: "http://example.test" }
    expect(
      refusal(() => assertReplayAllowed(same, { confirmed: true, recordedUrl: recorded }))
    ).toBeUndefined()
  })
})

describe("replay HAR entries", () => {
  it("recognises the live echo of a replay by its marker header", () => {
    expect(
      isReplayEcho({ request: { headers: [{ name: REPLAY_MARKER_HEADER.toLowerCase(), value: "x1" }] } })
    ).toBe(true)
    expect(isReplayEcho({ request: { headers: [{ name: "If-Match", value: '"a"' }] } })).toBe(false)
    expect(isReplayEcho(null)).toBe(false)
    expect(isReplayEcho({ request: { headers: "nope" } })).toBe(false)
  })

  it("recognises a cross-origin echo (no marker header) by the replay script in Chromium's initiator stack", () => {
    const frame = (url: string) => ({ functionName: "", scriptId: "7", url, lineNumber: 12, columnNumber: 3 })
    const started = (stack: unknown) => ({
      request: { headers: [{ name: "If-Match", value: '"a"' }] },
      _initiator: { type: "script", stack }
    })
    expect(isReplayEcho(started({ callFrames: [frame(REPLAY_SCRIPT_URL)] }))).toBe(true)
    // An async stack: the replay script is in a parent segment.
    const nested = {
      callFrames: [frame("http://app.test/lib.js")],
      parent: { callFrames: [frame(REPLAY_SCRIPT_URL)] }
    }
    expect(isReplayEcho(started(nested))).toBe(true)
    expect(isReplayEcho(started({ callFrames: [frame("http://app.test/app.js")] }))).toBe(false)
    expect(isReplayEcho(started({ callFrames: [frame(`http://app.test/${REPLAY_SCRIPT_URL}`)] }))).toBe(false)
    expect(isReplayEcho(started(undefined))).toBe(false)
    expect(isReplayEcho(started({ callFrames: "nope", parent: 5 }))).toBe(false)
    // A cyclic capture (only possible in memory) ends at the segment bound instead of looping.
    const cyclic: { callFrames: unknown[]; parent?: unknown } = { callFrames: [] }
    cyclic.parent = cyclic
    expect(isReplayEcho(started(cyclic))).toBe(false)
  })

  it("records what was sent and what came back", () => {
    const response = {
      status: 412,
      statusText: "Precondition Failed",
      headers: [{ name: "ETag", value: '"n1-v2"' }],
      bodyText: "{}"
    }
    const entry = toReplayHarEntry(plan, response, { startedAt: "2026-01-01T00:00:00.000Z", durationMs: 12 })
    expect(entry.request).toMatchObject({ method: "PUT", url: plan.url, postData: { text: "{}" } })
    expect(entry.request.headers).toContainEqual({ name: "If-Match", value: '"n1-v1"' })
    expect(entry.response).toMatchObject({ status: 412, headers: [{ name: "ETag", value: '"n1-v2"' }] })
    expect(isReplayEcho(entry)).toBe(false)
  })

  it("records a failed replay as status 0 with the error", () => {
    const entry = toReplayHarEntry(
      plan,
      { error: "Failed to fetch" },
      { startedAt: "2026-01-01T00:00:00.000Z", durationMs: 1 }
    )
    expect(entry.response.status).toBe(0)
    expect(entry).toMatchObject({ _error: "Failed to fetch" })
  })
})
