import { execFile, execFileSync } from "node:child_process"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

import { describe, expect, it } from "vitest"

import { shellQuote, toCurl, toFetch, type SnippetRequest } from "../../../src/core/export/snippets"
import { BASIC_CREDENTIALS, SAS_URL, leakedSecrets, secretEntry } from "./secret-entry"

function recordedRequest(): SnippetRequest {
  const { request } = secretEntry()
  return {
    method: request.method,
    url: request.url,
    headers: [
      ...request.headers,
      { name: ":authority", value: "acct" },
      { name: "Content-Length", value: "40" }
    ],
    body: request.postData?.text
  }
}

/** Run a snippet's words through bash and get back each argument curl would receive. */
function shellWords(command: string): string[] {
  const script = `printarg() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${command.replace(/^curl/, "printarg")}`
  return execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\0").slice(0, -1)
}

describe("shellQuote", () => {
  it("round-trips quotes, newlines, dollars and backslashes through bash", () => {
    const nasty = `it's "quoted"\n$HOME \`id\` \\n '' end`
    expect(shellWords(`curl ${shellQuote(nasty)}`)).toEqual([nasty])
  })
})

describe("toCurl", () => {
  it("passes method, headers and an exact --data-raw body to curl", () => {
    const request: SnippetRequest = {
      method: "put",
      url: "http://127.0.0.1:8787/api/strict/notes/1",
      headers: [
        { name: "If-Match", value: '"v1"' },
        { name: "Content-Type", value: "application/json" }
      ],
      body: `{"text":"line 1\\nit's \\"here\\"\n real newline"}`
    }
    expect(shellWords(toCurl(request))).toEqual([
      "--globoff",
      "http://127.0.0.1:8787/api/strict/notes/1",
      "-X",
      "PUT",
      "-H",
      'If-Match: "v1"',
      "-H",
      "Content-Type: application/json",
      "--data-raw",
      request.body
    ])
  })

  it("redacts recorded secrets by default, skips pseudo-headers and Content-Length, keeps If-Match", () => {
    const curl = toCurl(recordedRequest())
    expect(leakedSecrets(curl)).toEqual([])
    expect(curl).not.toContain(":authority")
    expect(curl).not.toContain("Content-Length")
    expect(shellWords(curl)).toContain('If-Match: "0x8DC1"')
  })

  it("keeps secrets only when asked", () => {
    const curl = toCurl(recordedRequest(), { includeSecrets: true })
    expect(curl).toContain(BASIC_CREDENTIALS)
    expect(shellWords(curl)).toContain(SAS_URL)
  })

  it("replaces or removes the precondition", () => {
    expect(shellWords(toCurl(recordedRequest(), { precondition: '"stale"' }))).toContain('If-Match: "stale"')
    expect(toCurl(recordedRequest(), { precondition: null })).not.toMatch(/if-match/i)
  })
})

describe("toCurl, where curl's options differ from the request line", () => {
  const url = "http://127.0.0.1:8787/api/strict/notes/1"

  it("sends HEAD with --head, not -X HEAD (curl would wait for a body until it times out)", () => {
    expect(shellWords(toCurl({ method: "HEAD", url, headers: [] }))).toEqual(["--globoff", url, "--head"])
    // A recorded body cannot go with --head: curl refuses --head with --data-raw.
    expect(shellWords(toCurl({ method: "head", url, headers: [], body: "x" }))).toEqual([
      "--globoff",
      url,
      "--head"
    ])
  })

  it("adds --compressed when the request accepted a content coding, and keeps its Accept-Encoding", () => {
    const words = shellWords(
      toCurl({ method: "GET", url, headers: [{ name: "Accept-Encoding", value: "gzip, deflate, br, zstd" }] })
    )
    expect(words).toEqual([
      "--globoff",
      url,
      "-H",
      "Accept-Encoding: gzip, deflate, br, zstd",
      "--compressed"
    ])
    for (const value of ["identity", "gzip;q=0, identity", ""])
      expect(toCurl({ method: "GET", url, headers: [{ name: "accept-encoding", value }] })).not.toContain(
        "--compressed"
      )
    expect(
      toCurl({ method: "GET", url, headers: [{ name: "Accept-Encoding", value: "br;q=0.5" }] })
    ).toContain("--compressed")
  })

  it("writes an empty header as Name; (curl removes a header given as Name: with no value)", () => {
    const words = shellWords(
      toCurl({
        method: "GET",
        url,
        headers: [
          { name: "X-Empty", value: "" },
          { name: "X-Blank", value: "  " }
        ]
      })
    )
    expect(words).toEqual(["--globoff", url, "-H", "X-Empty;", "-H", "X-Blank;"])
  })
})

describe("toCurl and toFetch on a header value holding CR/LF (an imported HAR; no real message can)", () => {
  const injected: SnippetRequest = {
    method: "GET",
    url: "http://127.0.0.1:8787/x",
    headers: [
      { name: "X-A", value: "one\r\nX-Injected: yes" },
      { name: "X-B\n", value: "two\u0000\u007f\tthree" }
    ]
  }

  /** The raw header names and values a server received from the curl command. */
  async function headersCurlSends(command: string): Promise<string[]> {
    const received: string[][] = []
    const server = createServer((request, response) => {
      received.push(request.rawHeaders)
      response.end()
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const { port } = server.address() as AddressInfo
    try {
      const withPort = command.replace("127.0.0.1:8787", `127.0.0.1:${port}`)
      await new Promise<void>((resolve, reject) =>
        execFile("bash", ["-c", `${withPort} -s -o /dev/null --max-time 5`], (error) =>
          error ? reject(error) : resolve()
        )
      )
    } finally {
      server.close()
    }
    return received[0]
  }

  it("sends each recorded header as one header, its control characters as spaces", async () => {
    const curl = toCurl(injected, { includeSecrets: true })
    expect(shellWords(curl)).toEqual([
      "--globoff",
      "http://127.0.0.1:8787/x",
      "-H",
      "X-A: one  X-Injected: yes",
      "-H",
      "X-B: two  \tthree"
    ])
    const sent = await headersCurlSends(curl)
    expect(sent).not.toContain("X-Injected")
    expect(sent).toEqual(expect.arrayContaining(["X-A", "one  X-Injected: yes", "X-B", "two  \tthree"]))
  })

  it("gives fetch() one valid header for each, which it would otherwise refuse", async () => {
    const source = toFetch(injected)
    const requests: Request[] = []
    const fetchLike = async (url: string, init: RequestInit) => requests.push(new Request(url, init))
    await new Function("fetch", `return (async () => { ${source} })()`)(fetchLike)
    expect([...requests[0].headers]).toEqual([
      ["x-a", "one  X-Injected: yes"],
      ["x-b", "two  \tthree"]
    ])
  })
})

describe("toFetch", () => {
  it("leaves out a GET's or HEAD's recorded body, which fetch() refuses, and says so", async () => {
    for (const method of ["GET", "HEAD"]) {
      const source = toFetch({
        method,
        url: "http://127.0.0.1:9200/notes/_search",
        headers: [{ name: "Content-Type", value: "application/json" }],
        body: '{"query":{"match_all":{}}}'
      })
      expect(source).toMatch(new RegExp(`^// The recorded ${method} body is left out`))
      const requests: Request[] = []
      const fetchLike = async (url: string, init: RequestInit) => requests.push(new Request(url, init))
      await new Function("fetch", `return (async () => { ${source} })()`)(fetchLike)
      expect(requests.map((request) => request.method)).toEqual([method])
    }
  })

  it("produces a valid fetch call with the body and headers as literals", async () => {
    const source = toFetch(recordedRequest(), { precondition: "*" })
    expect(leakedSecrets(source)).toEqual([])
    const calls: { url: string; init: RequestInit }[] = []
    const fakeFetch = async (url: string, init: RequestInit) => calls.push({ url, init })
    await new Function("fetch", `return (async () => { ${source} })()`)(fakeFetch)
    expect(calls).toHaveLength(1)
    expect(calls[0].init.method).toBe("PUT")
    expect((calls[0].init.headers as Record<string, string>)["If-Match"]).toBe("*")
    expect(JSON.parse(calls[0].init.body as string).title).toBe(`it's "quoted"`)
  })

  it("keeps secrets only when asked", () => {
    expect(toFetch(recordedRequest(), { includeSecrets: true })).toContain(BASIC_CREDENTIALS)
  })

  it("leaves to the browser what a script cannot set, sends the page's cookies, and joins repeated lines", async () => {
    const source = toFetch(
      {
        method: "PUT",
        url: "http://127.0.0.1:8787/api/strict/notes/1",
        headers: [
          { name: "Cookie", value: "sid=1" },
          { name: "Origin", value: "http://localhost:8787" },
          { name: "Sec-Fetch-Mode", value: "cors" },
          { name: "X-Trace", value: "a" },
          { name: "x-trace", value: "b" },
          { name: "If-Match", value: '"v1"' }
        ],
        body: "{}"
      },
      { includeSecrets: true }
    )
    expect(source.split("\n")[0]).toBe(
      "// Left to the browser, which sets them itself: Cookie, Origin, Sec-Fetch-Mode."
    )
    const requests: { url: string; init: RequestInit }[] = []
    const fetchLike = async (url: string, init: RequestInit) => requests.push({ url, init })
    await new Function("fetch", `return (async () => { ${source} })()`)(fetchLike)
    expect(requests[0].init.headers).toEqual({ "X-Trace": "a, b", "If-Match": '"v1"' })
    expect(requests[0].init.credentials).toBe("include")
  })
})
