import { describe, expect, it, vi } from "vitest"

import {
  createDevtoolsTrafficSource,
  type DevtoolsNetworkApi,
  type DevtoolsRequest
} from "../../src/adapters/devtools-traffic-source"
import type { HarEntry } from "../../src/adapters/traffic-source"
import { harEntry } from "./har-entry-builder"

type Listener<T> = (value: T) => void

function fakeEvent<T>() {
  const listeners = new Set<Listener<T>>()
  return {
    listeners,
    addListener: (listener: Listener<T>) => void listeners.add(listener),
    removeListener: (listener: Listener<T>) => void listeners.delete(listener)
  }
}

/** Chrome: callback-only API, getContent calls back (content, encoding). */
function chromeRequest(entry: HarEntry, content: string, encoding = ""): DevtoolsRequest {
  return Object.assign(
    Object.create({ getContent: (cb: (c: string, e: string) => void) => cb(content, encoding) }),
    entry
  )
}

/** Firefox: promise API, getContent resolves [body, mimeType]. */
function firefoxRequest(entry: HarEntry, content: string): DevtoolsRequest {
  return Object.assign(
    Object.create({ getContent: () => Promise.resolve([content, "application/json"]) }),
    entry
  )
}

function fakeNetwork(style: "callback" | "promise", har: unknown[]) {
  const onRequestFinished = fakeEvent<DevtoolsRequest>()
  const onNavigated = fakeEvent<string>()
  const network: DevtoolsNetworkApi = {
    getHAR: (callback?: (log: { entries?: unknown[] }) => void) => {
      if (style === "callback") callback?.({ entries: har })
      else return Promise.resolve({ entries: har })
    },
    onRequestFinished,
    onNavigated
  }
  return { network, onRequestFinished, onNavigated }
}

function nextEntry(source: ReturnType<typeof createDevtoolsTrafficSource>): Promise<HarEntry> {
  return new Promise((resolve) => {
    const stop = source.onEntry((entry) => {
      stop()
      resolve(entry)
    })
  })
}

/** A source over a fake network (no backfill); resolves with the entry it emits once `request` finishes. */
function entryFor(
  request: DevtoolsRequest,
  { style = "callback", maxBodyBytes = 1000 }: { style?: "callback" | "promise"; maxBodyBytes?: number } = {}
): Promise<HarEntry> {
  const fake = fakeNetwork(style, [])
  const received = nextEntry(createDevtoolsTrafficSource({ network: fake.network, style, maxBodyBytes }))
  for (const listener of fake.onRequestFinished.listeners) listener(request)
  return received
}

describe("devtools traffic source", () => {
  it("puts a Chrome getContent body into response.content and returns plain JSON", async () => {
    const entry = await entryFor(chromeRequest(harEntry({}), '{"n":1}'))
    expect(entry.response.content.text).toBe('{"n":1}')
    expect(entry.response.content.encoding).toBeUndefined()
    expect(typeof (entry as unknown as { getContent?: unknown }).getContent).toBe("undefined")
    expect(() => structuredClone(entry)).not.toThrow()
  })

  it("keeps Chrome's base64 encoding", async () => {
    const entry = await entryFor(chromeRequest(harEntry({}), "eyJuIjoxfQ==", "base64"))
    expect(entry.response.content).toMatchObject({ text: "eyJuIjoxfQ==", encoding: "base64" })
  })

  it("reads Firefox's [body, mimeType] promise", async () => {
    expect(
      (await entryFor(firefoxRequest(harEntry({}), '{"_etag":"a"}'), { style: "promise" })).response.content
        .text
    ).toBe('{"_etag":"a"}')
  })

  it("drops a body over the limit, says why, and keeps the entry", async () => {
    const entry = await entryFor(chromeRequest(harEntry({}), "x".repeat(11)), { maxBodyBytes: 10 })
    expect(entry.response.content.text).toBeUndefined()
    expect(entry.response.content.comment).toMatch(/too large \(11 bytes > 10/)
  })

  it("fetches an OData batch's multipart answer: the engine reads its operations from it", async () => {
    const answer = "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n--b--"
    const entry = await entryFor(chromeRequest(harEntry({ mimeType: "multipart/mixed; boundary=b" }), answer))
    expect(entry.response.content.text).toBe(answer)
  })

  it("does not fetch bodies of images", async () => {
    expect(
      (await entryFor(chromeRequest(harEntry({ mimeType: "image/png" }), "PNGDATA"))).response.content.text
    ).toBeUndefined()
  })

  it("backfills from getHAR in both call styles, skipping junk entries", async () => {
    for (const style of ["callback", "promise"] as const) {
      const request =
        style === "callback"
          ? chromeRequest(harEntry({ method: "PUT" }), "{}")
          : firefoxRequest(harEntry({ method: "PUT" }), "{}")
      const fake = fakeNetwork(style, [request, null, { nope: true }])
      const source = createDevtoolsTrafficSource({ network: fake.network, style, maxBodyBytes: 1000 })
      const entries = await source.backfill()
      expect(entries.map((entry) => entry.request.method)).toEqual(["PUT"])
      expect(entries[0].response.content.text).toBe("{}")
    }
  })

  it("leaves a request in flight out of the backfill (it comes live, with its status), keeps a failed one", async () => {
    const inFlight = harEntry({ method: "PUT", status: 0 })
    const failed = harEntry({ method: "DELETE", status: 0 })
    failed.response = { ...failed.response, _error: "net::ERR_FAILED" } as HarEntry["response"]
    const fake = fakeNetwork("callback", [chromeRequest(inFlight, ""), chromeRequest(failed, "")])
    const source = createDevtoolsTrafficSource({
      network: fake.network,
      style: "callback",
      maxBodyBytes: 1000
    })
    expect((await source.backfill()).map((entry) => entry.request.method)).toEqual(["DELETE"])
  })

  it("keeps the entry without a body when getContent never answers", async () => {
    const fake = fakeNetwork("callback", [])
    const source = createDevtoolsTrafficSource({
      network: fake.network,
      style: "callback",
      maxBodyBytes: 1000,
      contentTimeoutMs: 10
    })
    const received = nextEntry(source)
    const silent = Object.assign(
      Object.create({ getContent: () => undefined }),
      harEntry({})
    ) as DevtoolsRequest
    for (const listener of fake.onRequestFinished.listeners) listener(silent)
    expect((await received).request.url).toContain("/notes/1")
  })

  it("forwards navigations and unsubscribes", () => {
    const fake = fakeNetwork("callback", [])
    const source = createDevtoolsTrafficSource({
      network: fake.network,
      style: "callback",
      maxBodyBytes: 1000
    })
    const seen: string[] = []
    const stop = source.onNavigated((url) => seen.push(url))
    for (const listener of fake.onNavigated.listeners) listener("http://x/")
    stop()
    expect(seen).toEqual(["http://x/"])
    expect(fake.onNavigated.listeners.size).toBe(0)
  })

  it("applies new body limits from the next request on (settings changed)", async () => {
    const fake = fakeNetwork("callback", [])
    const source = createDevtoolsTrafficSource({
      network: fake.network,
      style: "callback",
      maxBodyBytes: 1000
    })
    const body = '{"text":"' + "x".repeat(100) + '"}'
    const finish = () => {
      for (const listener of fake.onRequestFinished.listeners) listener(chromeRequest(harEntry({}), body))
    }
    const kept = nextEntry(source)
    finish()
    expect((await kept).response.content.text).toBe(body)
    source.setBodyLimits?.({ maxBodyBytes: 50 })
    const dropped = nextEntry(source)
    finish()
    const entry = await dropped
    expect(entry.response.content.text).toBeUndefined()
    expect(entry.response.content.comment).toMatch(/50 byte limit/)
  })

  it("in Chrome too, hands over a request getHAR lists but no event announced (the page never read its answer), once later traffic came", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-25T12:00:10.000Z") })
    try {
      const log: unknown[] = []
      const fake = fakeNetwork("callback", log)
      const source = createDevtoolsTrafficSource({
        network: fake.network,
        style: "callback",
        maxBodyBytes: 1000
      })
      const received: HarEntry[] = []
      const stop = source.onEntry((entry) => void received.push(entry))
      await vi.advanceTimersByTimeAsync(0) // the first read: what is there is the backfill's
      const unread = harEntry({
        method: "PUT",
        url: "http://127.0.0.1:8787/api/lax/notes/1",
        startedDateTime: "2026-11-25T12:00:10.000Z",
        responseHeaders: [{ name: "ETag", value: '"v2"' }]
      })
      log.push(unread)
      const read = harEntry({
        url: "http://127.0.0.1:8787/api/lax/notes/1?read=1",
        startedDateTime: "2026-11-25T12:00:11.000Z"
      })
      log.push(read)
      for (const listener of fake.onRequestFinished.listeners) listener(chromeRequest(read, "{}"))
      await vi.advanceTimersByTimeAsync(6000)
      expect(received.map((entry) => `${entry.request.method} ${entry.request.url}`)).toEqual([
        "GET http://127.0.0.1:8787/api/lax/notes/1?read=1",
        "PUT http://127.0.0.1:8787/api/lax/notes/1"
      ])
      // Without a body (nothing to read it with), with its tag.
      expect(received[1].response.headers).toContainEqual({ name: "ETag", value: '"v2"' })
      stop()
    } finally {
      vi.useRealTimers()
    }
  })
})

describe("devtools traffic source: delivery order", () => {
  /** A Chrome request whose getContent calls back only when the test says so. */
  function slowRequest(entry: HarEntry, content: string) {
    let answer: () => void = () => undefined
    const request = Object.assign(
      Object.create({
        getContent: (cb: (c: string, e: string) => void) => void (answer = () => cb(content, ""))
      }),
      entry
    ) as DevtoolsRequest
    return { request, answer: () => answer() }
  }
  const source = (fake: ReturnType<typeof fakeNetwork>) =>
    createDevtoolsTrafficSource({
      network: fake.network,
      style: "callback",
      maxBodyBytes: 1000,
      harReconcileMs: 0
    })
  const finish = (fake: ReturnType<typeof fakeNetwork>, request: DevtoolsRequest) => {
    for (const listener of fake.onRequestFinished.listeners) listener(request)
  }

  it("delivers requests in the order DevTools announced them, whichever body is read first", async () => {
    const fake = fakeNetwork("callback", [])
    const seen: string[] = []
    source(fake).onEntry((entry) => void seen.push(entry.request.method))
    const read = slowRequest(harEntry({ text: undefined }), '{"big":true}')
    finish(fake, read.request)
    finish(fake, chromeRequest(harEntry({ method: "PUT" }), "{}"))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(seen).toEqual([])
    read.answer()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(seen).toEqual(["GET", "PUT"])
  })

  it("delivers a navigation after the requests announced before it, before those after it", async () => {
    const fake = fakeNetwork("callback", [])
    const traffic = source(fake)
    const seen: string[] = []
    traffic.onEntry((entry) => void seen.push(`${entry.request.method} ${entry.request.url}`))
    traffic.onNavigated((url) => void seen.push(`navigated ${url}`))
    const last = slowRequest(harEntry({ method: "PUT", url: "http://127.0.0.1/a/notes/1" }), "{}")
    finish(fake, last.request)
    for (const listener of fake.onNavigated.listeners) listener("http://127.0.0.1/b")
    finish(fake, chromeRequest(harEntry({ url: "http://127.0.0.1/b/notes/1" }), "{}"))
    last.answer()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(seen).toEqual([
      "PUT http://127.0.0.1/a/notes/1",
      "navigated http://127.0.0.1/b",
      "GET http://127.0.0.1/b/notes/1"
    ])
  })
})
