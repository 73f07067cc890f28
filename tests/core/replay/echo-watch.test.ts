import { describe, expect, it } from "vitest"

import {
  announcingReplays,
  createEchoWatch,
  ECHO_AFTER_ANSWER_MS,
  ECHO_WINDOW_MS
} from "../../../src/core/replay"

const NOTE = "http://127.0.0.1:8787/api/lax/notes/1"
const plan = {
  method: "PUT",
  url: NOTE,
  headers: [{ name: "If-Match", value: '"v1"' }],
  body: '{"text":"x"}'
}
const entry = (overrides: { method?: string; url?: string; ifMatch?: string; body?: string } = {}) => ({
  request: {
    method: overrides.method ?? "PUT",
    url: overrides.url ?? NOTE,
    headers:
      overrides.ifMatch === undefined
        ? [{ name: "if-match", value: '"v1"' }]
        : [{ name: "If-Match", value: overrides.ifMatch }],
    ...(overrides.body !== "" && {
      postData: { mimeType: "application/json", text: overrides.body ?? '{"text":"x"}' }
    })
  }
})

describe("echo watch", () => {
  it("claims the first live entry with the announced method, URL, If-Match and body, once", () => {
    const watch = createEchoWatch()
    watch.expect(plan, 1000)
    expect(watch.claims(entry(), 1500)).toBe(true)
    expect(watch.claims(entry(), 1600)).toBe(false)
  })

  it("does not claim an entry that differs in any of them", () => {
    const watch = createEchoWatch()
    watch.expect(plan, 0)
    expect(watch.claims(entry({ method: "PATCH" }), 1)).toBe(false)
    expect(watch.claims(entry({ url: `${NOTE}?x=1` }), 1)).toBe(false)
    expect(watch.claims(entry({ ifMatch: '"v2"' }), 1)).toBe(false)
    expect(watch.claims(entry({ body: '{"text":"y"}' }), 1)).toBe(false)
    expect(watch.claims(entry({ body: "" }), 1)).toBe(false)
    expect(watch.claims(entry(), 1)).toBe(true)
  })

  it("matches a replay sent without If-Match or body (a GET refresh) only by an entry without them", () => {
    const watch = createEchoWatch()
    watch.expect({ method: "get", url: NOTE, headers: [] }, 0)
    expect(
      watch.claims({ request: { method: "GET", url: NOTE, headers: [{ name: "If-Match", value: "*" }] } }, 1)
    ).toBe(false)
    expect(watch.claims({ request: { method: "GET", url: NOTE, headers: [] } }, 1)).toBe(true)
  })

  it("stops waiting after the echo window", () => {
    const watch = createEchoWatch()
    watch.expect(plan, 0)
    expect(watch.claims(entry(), ECHO_WINDOW_MS + 1)).toBe(false)
  })

  it("once the replay's answer is back, waits for its echo only a little longer", () => {
    const watch = createEchoWatch()
    watch.expect(plan, 0).answered(2000)
    expect(watch.claims(entry(), 2000 + ECHO_AFTER_ANSWER_MS + 1)).toBe(false)
    const again = createEchoWatch()
    again.expect(plan, 0).answered(2000)
    expect(again.claims(entry(), 2000 + ECHO_AFTER_ANSWER_MS)).toBe(true)
    // An answer after the window (a very slow replay) does not extend it.
    const late = createEchoWatch()
    late.expect(plan, 0).answered(ECHO_WINDOW_MS)
    expect(late.claims(entry(), ECHO_WINDOW_MS + 1)).toBe(false)
  })

  it("announcingReplays announces each replay before it is sent and ends the wait after its answer", async () => {
    const watch = createEchoWatch()
    let clock = 0
    const sent: string[] = []
    const send = announcingReplays(
      watch,
      async (replay: typeof plan, permission: string) => {
        // Announced already when the request goes out: an echo seen now is claimed.
        sent.push(`${replay.method} ${permission}`)
        clock = 3000
        return 200
      },
      () => clock
    )
    expect(await send(plan, "granted")).toBe(200)
    expect(sent).toEqual(["PUT granted"])
    expect(watch.claims(entry(), 3000 + ECHO_AFTER_ANSWER_MS + 1)).toBe(false)
    // A failed send ends the wait too (without it, the echo would be awaited for ECHO_WINDOW_MS),
    // and the failure reaches the caller.
    const afterFailure = createEchoWatch()
    const failing = announcingReplays(
      afterFailure,
      async (_: typeof plan) => Promise.reject(new Error("blocked")),
      () => 0
    )
    await expect(failing(plan)).rejects.toThrow("blocked")
    expect(afterFailure.claims(entry(), ECHO_AFTER_ANSWER_MS + 1)).toBe(false)
  })

  it("does not take the page's own identical request that started before the replay for its echo", () => {
    const watch = createEchoWatch()
    const announcedAt = Date.parse("2026-11-26T10:00:10.000Z")
    watch.expect(plan, announcedAt)
    const pageRequest = { ...entry(), startedDateTime: "2026-11-26T10:00:05.000Z" }
    expect(watch.claims(pageRequest, announcedAt + 100)).toBe(false)
    // The echo itself started after the announcement (a clock a little behind is tolerated).
    const echo = { ...entry(), startedDateTime: "2026-11-26T10:00:09.600Z" }
    expect(watch.claims(echo, announcedAt + 200)).toBe(true)
  })

  it("claims nothing from malformed entries, and never throws", () => {
    const watch = createEchoWatch()
    watch.expect(plan, 0)
    for (const bad of [
      null,
      5,
      "x",
      {},
      { request: null },
      { request: { method: 1, url: NOTE } },
      { request: { method: "PUT", url: NOTE, headers: [null, { name: 1 }] } }
    ])
      expect(watch.claims(bad, 1)).toBe(false)
    expect(watch.claims(entry(), 1)).toBe(true)
  })

  it("awaits at most 32 replays, dropping the oldest", () => {
    const watch = createEchoWatch()
    for (let index = 0; index < 33; index++) watch.expect({ ...plan, url: `${NOTE}?n=${index}` }, 0)
    expect(watch.claims(entry({ url: `${NOTE}?n=0` }), 1)).toBe(false)
    expect(watch.claims(entry({ url: `${NOTE}?n=1` }), 1)).toBe(true)
    expect(watch.claims(entry({ url: `${NOTE}?n=32` }), 1)).toBe(true)
  })
})
