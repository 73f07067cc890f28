import vm from "node:vm"

import { describe, expect, it } from "vitest"

import { createMemoryReplayer } from "../../src/adapters/memory-replayer"
import { createPageReplayer, type InspectedWindowEvalApi } from "../../src/adapters/page-replayer"
import {
  planReplay,
  REPLAY_MARKER_HEADER,
  REPLAY_SCRIPT_URL,
  ReplayRefusedError,
  type ReplayPlan
} from "../../src/core/replay"
import { API, write } from "../builders/exchange"
import { lineageWith } from "../core/replay/replay-builders"

const put = write({ ifMatch: '"n1-v2"', requestBody: { size: 2, text: '{"t":1}' } })
const plan = planReplay(put, lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"']), {
  kind: "version",
  versionIndex: 1
})
const allowed = { confirmed: true, recordedUrl: put.url }

interface FetchCall {
  url: string
  init: { method: string; headers: [string, string][]; body?: string; credentials: string }
}

/** A fake inspected page: expressions run in a vm context whose `fetch` is scripted by the test. */
function fakePage(
  fetchImpl: (call: FetchCall) => Promise<unknown>,
  pageUrl = "http://127.0.0.1:8787/scenario.html"
) {
  const calls: FetchCall[] = []
  const context = vm.createContext({
    URL,
    location: { href: pageUrl, origin: new URL(pageUrl).origin },
    fetch: (url: string, init: FetchCall["init"]) => {
      calls.push({ url, init })
      return fetchImpl({ url, init })
    },
    String
  })
  context.window = context
  const evals: string[] = []
  const inspectedWindow: InspectedWindowEvalApi = {
    eval(expression) {
      evals.push(expression)
      try {
        // eval returns by value: a JSON round-trip, like DevTools does.
        const result: unknown = vm.runInContext(expression, context)
        return Promise.resolve([JSON.parse(JSON.stringify(result ?? null)), undefined])
      } catch (error) {
        return Promise.resolve([undefined, { isException: true, value: String(error) }])
      }
    }
  }
  return { calls, evals, context, inspectedWindow }
}

function response(status: number, body: string, headers: Record<string, string>) {
  return {
    status,
    statusText: "Precondition Failed",
    headers: {
      forEach: (visit: (value: string, name: string) => void) =>
        Object.entries(headers).forEach(([n, v]) => visit(v, n))
    },
    text: () => Promise.resolve(body)
  }
}

const fastOptions = { style: "promise" as const, pollIntervalMs: 1, newId: () => "id-1" }

describe("page replayer over inspectedWindow.eval", () => {
  it("runs fetch in the page with the plan, the marker and credentials, polls the slot, then deletes it", async () => {
    const page = fakePage(() => Promise.resolve(response(412, '{"error":"stale"}', { etag: '"n1-v2"' })))
    const replayer = createPageReplayer({ inspectedWindow: page.inspectedWindow, ...fastOptions })
    const answer = await replayer.send(plan, allowed)
    expect(answer).toEqual({
      status: 412,
      statusText: "Precondition Failed",
      headers: [{ name: "etag", value: '"n1-v2"' }],
      bodyText: '{"error":"stale"}'
    })
    expect(page.calls).toHaveLength(1)
    expect(page.calls[0].url).toBe(plan.url)
    expect(page.calls[0].init).toMatchObject({ method: "PUT", body: '{"t":1}', credentials: "include" })
    expect(page.calls[0].init.headers).toContainEqual(["If-Match", '"n1-v1"'])
    expect(page.calls[0].init.headers).toContainEqual([REPLAY_MARKER_HEADER, "id-1"])
    expect(vm.runInContext("Object.keys(window.__etagLensReplay)", page.context)).toEqual([])
  })

  it("adds no marker header on a cross-origin API (its CORS preflight would have to allow it)", async () => {
    const page = fakePage(() => Promise.resolve(response(412, "", {})), "http://app.example/page")
    const replayer = createPageReplayer({ inspectedWindow: page.inspectedWindow, ...fastOptions })
    expect(await replayer.send(plan, allowed)).toMatchObject({ status: 412 })
    expect(page.calls[0].init.headers.map(([name]) => name)).not.toContain(REPLAY_MARKER_HEADER)
    expect(page.calls[0].init.headers).toContainEqual(["If-Match", '"n1-v1"'])
  })

  it("names its script in the page, so the stack that starts the fetch shows the replay (cross-origin echoes)", async () => {
    let scriptsAtFetch: (string | null)[] = []
    const page = fakePage(() => {
      // V8's call sites (the test runner's stack formatting would show the vm's file name instead).
      const format = Error.prepareStackTrace
      Error.prepareStackTrace = (_error, callSites) => callSites
      const callSites = new Error("at fetch").stack as unknown as NodeJS.CallSite[]
      Error.prepareStackTrace = format
      scriptsAtFetch = callSites.map((site) => site.getScriptNameOrSourceURL())
      return Promise.resolve(response(412, "", {}))
    }, "http://app.example/page")
    const replayer = createPageReplayer({ inspectedWindow: page.inspectedWindow, ...fastOptions })
    await replayer.send(plan, allowed)
    expect(scriptsAtFetch).toContain(REPLAY_SCRIPT_URL)
  })

  it("reports a network/CORS failure with the error's name and message", async () => {
    const page = fakePage(() => Promise.reject(new TypeError("Failed to fetch")))
    const replayer = createPageReplayer({ inspectedWindow: page.inspectedWindow, ...fastOptions })
    expect(await replayer.send(plan, allowed)).toEqual({ error: "TypeError: Failed to fetch" })
  })

  it("truncates large bodies to the limit and says so", async () => {
    const page = fakePage(() => Promise.resolve(response(200, "x".repeat(50), {})))
    const replayer = createPageReplayer({
      inspectedWindow: page.inspectedWindow,
      ...fastOptions,
      maxBodyChars: 10
    })
    expect(await replayer.send(plan, allowed)).toMatchObject({
      bodyText: "x".repeat(10),
      bodyTruncated: true
    })
  })

  it("times out on a fetch that never settles, and deletes the slot", async () => {
    const page = fakePage(() => new Promise(() => undefined))
    let clock = 0
    const replayer = createPageReplayer({
      inspectedWindow: page.inspectedWindow,
      ...fastOptions,
      timeoutMs: 1000,
      now: () => clock,
      wait: (ms) => {
        clock += ms
        return Promise.resolve()
      }
    })
    expect(await replayer.send(plan, allowed)).toEqual({ error: "replay timed out after 1000 ms" })
    expect(vm.runInContext("Object.keys(window.__etagLensReplay)", page.context)).toEqual([])
  })

  it("says so when the page navigated away and the slot vanished", async () => {
    const page = fakePage(() => new Promise(() => undefined))
    const replayer = createPageReplayer({
      inspectedWindow: page.inspectedWindow,
      ...fastOptions,
      wait: () => {
        vm.runInContext("delete window.__etagLensReplay", page.context)
        return Promise.resolve()
      }
    })
    expect(await replayer.send(plan, allowed)).toEqual({
      error: "the page navigated or reloaded before the answer came"
    })
  })

  it("works with Chrome's native promise, which resolves the result alone", async () => {
    const page = fakePage(() => Promise.resolve(response(409, "", {})))
    const nativeApi: InspectedWindowEvalApi = {
      eval: (expression) =>
        (page.inspectedWindow.eval(expression) as Promise<[unknown, undefined]>).then(([result]) => result)
    }
    const replayer = createPageReplayer({ inspectedWindow: nativeApi, ...fastOptions })
    expect(await replayer.send(plan, allowed)).toMatchObject({ status: 409 })
  })

  it("works with Chrome's callback style", async () => {
    const page = fakePage(() => Promise.resolve(response(204, "", {})))
    const callbackApi: InspectedWindowEvalApi = {
      eval(expression, _options, callback) {
        void (page.inspectedWindow.eval(expression) as Promise<[unknown, undefined]>).then(
          ([result, exception]) => callback?.(result, exception)
        )
      }
    }
    const replayer = createPageReplayer({ inspectedWindow: callbackApi, ...fastOptions, style: "callback" })
    expect(await replayer.send(plan, allowed)).toMatchObject({ status: 204 })
  })

  it.each([
    ["unconfirmed", plan, { confirmed: false, recordedUrl: put.url }],
    ["cross-origin", { ...plan, url: "http://other.test/api/strict/notes/1" } as ReplayPlan, allowed]
  ])("refuses a %s replay before touching the page", async (_name, badPlan, permission) => {
    const page = fakePage(() => Promise.resolve(response(200, "", {})))
    const replayer = createPageReplayer({ inspectedWindow: page.inspectedWindow, ...fastOptions })
    await expect(replayer.send(badPlan, permission)).rejects.toBeInstanceOf(ReplayRefusedError)
    expect(page.evals).toEqual([])
  })
})

describe("memory replayer", () => {
  it("answers from the function and applies the same safety checks", async () => {
    const replayer = createMemoryReplayer(() => ({
      status: 200,
      statusText: "OK",
      headers: [],
      bodyText: ""
    }))
    await expect(replayer.send(plan, { confirmed: false, recordedUrl: put.url })).rejects.toThrow(
      /confirmation/
    )
    expect(replayer.sent).toEqual([])
    expect(await replayer.send(plan, allowed)).toMatchObject({ status: 200 })
    expect(replayer.sent).toEqual([plan])
  })
})
