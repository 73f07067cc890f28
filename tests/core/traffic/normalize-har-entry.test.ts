import { describe, expect, it } from "vitest"

import { DEFAULT_ENGINE_OPTIONS, type Exchange } from "../../../src/core/model"
import { normalizeHarEntry, type NormalizeContext } from "../../../src/core/traffic/normalize-har-entry"
import { ingestHarEntries } from "../../builders/findings"
import { harEntry, type HarEntrySpec, type HarShape } from "../../builders/har"

const ctx: NormalizeContext = { id: 7, index: 3, origin: "import", options: DEFAULT_ENGINE_OPTIONS }

function exchangeOf(spec: HarEntrySpec, shape: HarShape = "chrome", context = ctx): Exchange {
  const result = normalizeHarEntry(harEntry(spec, shape), context)
  if (!("exchange" in result)) throw new Error(`skipped: ${result.skipped.reason}`)
  return result.exchange
}

const shapes: HarShape[] = ["chrome", "firefox", "playwright"]

describe("normalizeHarEntry: a SAP CAP style PUT in every capture shape", () => {
  it.each(shapes)("%s", (shape) => {
    const exchange = exchangeOf(
      {
        method: "put",
        url: "http://localhost:4004/odata/v4/catalog/Books(201)",
        status: 200,
        requestHeaders: [
          { name: "If-Match", value: 'W/"2024-01-01T00:00:00.000Z"' },
          { name: "Content-Type", value: "application/json" }
        ],
        requestBody: JSON.stringify({ title: "New" }),
        responseHeaders: [
          { name: "ETag", value: 'W/"2024-01-02T00:00:00.000Z"' },
          { name: "Content-Type", value: "application/json;odata.metadata=minimal" }
        ],
        responseBody: JSON.stringify({ ID: 201, title: "New", "@odata.etag": 'W/"2024-01-02T00:00:00.000Z"' })
      },
      shape
    )
    expect(exchange).toMatchObject({
      id: 7,
      method: "PUT",
      status: 200,
      kind: "api",
      origin: "import",
      startedAt: "2024-05-01T10:11:12.345Z",
      precondition: { ifMatch: { kind: "tags", tags: [{ weak: true, opaque: "2024-01-01T00:00:00.000Z" }] } },
      itemTags: []
    })
    expect(exchange.responseTags.map((t) => t.source)).toEqual(["header", "body:@odata.etag"])
    expect(exchange.requestBody).toEqual({ mimeType: "application/json", size: 15, text: '{"title":"New"}' })
    expect(exchange.resourceType).toBe(shape === "firefox" ? undefined : "fetch")
    expect(exchange.notes).toEqual([])
  })
})

describe("normalizeHarEntry: kinds", () => {
  it("marks a CORS preflight", () => {
    const exchange = exchangeOf({
      method: "OPTIONS",
      status: 204,
      requestHeaders: [{ name: "Access-Control-Request-Method", value: "PUT" }],
      resourceType: "preflight"
    })
    expect(exchange.kind).toBe("preflight")
    expect(
      exchangeOf(
        {
          method: "OPTIONS",
          status: 204,
          requestHeaders: [{ name: "access-control-request-method", value: "PUT" }]
        },
        "firefox"
      ).kind
    ).toBe("preflight")
    expect(exchangeOf({ method: "OPTIONS", status: 200 }).kind).toBe("api")
  })

  it("marks failed and aborted requests (status 0, Playwright -1, _error)", () => {
    expect(exchangeOf({ method: "PUT", status: 0 }, "firefox").kind).toBe("failed")
    expect(exchangeOf({ method: "PUT", status: -1 }, "playwright")).toMatchObject({
      kind: "failed",
      status: 0
    })
    const aborted = harEntry({ method: "PUT", status: 0 })
    ;(aborted.response as Record<string, unknown>)._error = "net::ERR_ABORTED"
    const result = normalizeHarEntry(aborted, ctx)
    expect("exchange" in result && result.exchange.kind).toBe("failed")
    expect("exchange" in result && result.exchange.notes).toContain("request failed: net::ERR_ABORTED")
  })

  it("marks 304s and cache hits", () => {
    expect(exchangeOf({ status: 304 }).kind).toBe("not-modified")
    expect(exchangeOf({ status: 304 }, "firefox").kind).toBe("not-modified")
    const memoryHit = { ...harEntry({ status: 200 }), _fromCache: "memory" }
    expect(
      "exchange" in normalizeHarEntry(memoryHit, ctx) &&
        (normalizeHarEntry(memoryHit, ctx) as { exchange: Exchange }).exchange.kind
    ).toBe("cached")
    const beforeRequest = {
      ...harEntry({ status: 200 }),
      cache: { beforeRequest: { lastAccess: "x", eTag: '"a"', hitCount: 2 } }
    }
    expect((normalizeHarEntry(beforeRequest, ctx) as { exchange: Exchange }).exchange.kind).toBe("cached")
  })

  it("marks Safari's cache hits (_fetchType) and notes its service-worker fetches", () => {
    const safari = (fetchType: string) => ({ ...harEntry({ status: 200 }, "firefox"), _fetchType: fetchType })
    const kindOf = (entry: unknown) => (normalizeHarEntry(entry, ctx) as { exchange: Exchange }).exchange
    expect(kindOf(safari("Memory Cache")).kind).toBe("cached")
    expect(kindOf(safari("Disk Cache")).kind).toBe("cached")
    expect(kindOf(safari("Network Load")).kind).toBe("api")
    expect(kindOf(safari("Service Worker"))).toMatchObject({
      kind: "api",
      notes: ["fetched via a service worker"]
    })
  })

  it("a Safari re-read from its memory cache is no evidence that the server shows the refused tag", () => {
    // WebKit Web Inspector's export: a save refused with 412, the page re-reads (Safari answers
    // from its memory cache, its old copy) and saves with the same tag, refused again.
    const at = (second: number) => `2024-05-01T10:11:1${second}.000Z`
    const read = (second: number, fetchType: string) => ({
      ...harEntry({ startedDateTime: at(second), responseHeaders: [{ name: "ETag", value: '"v1"' }] }),
      _fetchType: fetchType
    })
    const save = (second: number) => ({
      ...harEntry({
        method: "PUT",
        startedDateTime: at(second),
        status: 412,
        requestHeaders: [{ name: "If-Match", value: '"v1"' }],
        requestBody: "{}"
      }),
      _fetchType: "Network Load"
    })
    const snapshot = ingestHarEntries([read(0, "Network Load"), save(1), read(2, "Memory Cache"), save(3)])
    // Read as the server's answer, the cached copy was a current-tag-refused: "#3 GET shows that tag".
    expect(snapshot.findings.map((finding) => finding.message)).toEqual([])
    expect(snapshot.exchanges.map((exchange) => exchange.kind)).toEqual(["api", "api", "cached", "api"])
  })

  it("marks pages and assets by _resourceType", () => {
    expect(exchangeOf({ resourceType: "Document", responseMime: "text/html" }).kind).toBe("document")
    for (const resourceType of ["stylesheet", "script", "image", "font", "media", "manifest"]) {
      expect(exchangeOf({ resourceType, responseMime: "application/octet-stream" }, "playwright").kind).toBe(
        "static"
      )
    }
    expect(exchangeOf({ resourceType: "other", responseMime: "text/html" }).kind).toBe("document")
    expect(exchangeOf({ resourceType: "xhr", responseMime: "text/html" }).kind).toBe("api")
  })

  it("marks pages and assets by mime type and Accept in Firefox captures", () => {
    const page = {
      responseMime: "text/html",
      requestHeaders: [{ name: "Accept", value: "text/html,application/xhtml+xml" }]
    }
    expect(exchangeOf(page, "firefox").kind).toBe("document")
    expect(exchangeOf({ responseMime: "text/css" }, "firefox").kind).toBe("static")
    expect(exchangeOf({ responseMime: "image/png" }, "firefox").kind).toBe("static")
    expect(exchangeOf({ responseMime: "text/javascript" }, "firefox").kind).toBe("static")
    const apiErrorPage = {
      responseMime: "text/html",
      requestHeaders: [{ name: "Accept", value: "application/json" }]
    }
    expect(exchangeOf(apiErrorPage, "firefox").kind).toBe("api")
    expect(exchangeOf({ method: "PUT", status: 500, responseMime: "text/html" }, "firefox").kind).toBe("api")
  })
})

describe("normalizeHarEntry: bodies", () => {
  it("decodes base64 JSON and finds its tags", () => {
    const text = '{"_id":"n1","_etag":"e-ü"}'
    const base64 = Buffer.from(text, "utf8").toString("base64")
    const exchange = exchangeOf({ responseBody: base64, responseEncoding: "base64" })
    expect(exchange.responseBody).toEqual({
      mimeType: "application/json",
      size: Buffer.byteLength(text),
      text
    })
    expect(exchange.responseTags[0]).toMatchObject({ source: "body:_etag", tag: { opaque: "e-ü" } })
  })

  it("skips binary bodies but keeps the exchange", () => {
    const exchange = exchangeOf(
      { responseBody: "iVBORw0KGgo=", responseEncoding: "base64", responseMime: "image/png" },
      "playwright"
    )
    expect(exchange.responseBody).toEqual({ mimeType: "image/png", size: 8, skipped: "binary" })
    expect(exchange.notes).toContain("response body skipped: binary")
  })

  it("skips invalid base64 with the reason", () => {
    const exchange = exchangeOf({ responseBody: "not*base64!", responseEncoding: "base64" })
    expect(exchange.responseBody?.skipped).toBe("invalid base64")
  })

  it("skips bodies larger than maxBodyBytes, saying how large", () => {
    const small = { ...ctx, options: { ...DEFAULT_ENGINE_OPTIONS, maxBodyBytes: 10 } }
    const exchange = exchangeOf({ responseBody: JSON.stringify({ _etag: "abcdef" }) }, "chrome", small)
    expect(exchange.responseBody?.skipped).toBe("too large (18 bytes > 10 bytes limit)")
    expect(exchange.responseTags).toEqual([])
    const big = exchangeOf({ method: "PUT", requestBody: "é".repeat(6) }, "firefox", small)
    expect(big.requestBody?.skipped).toBe("too large (12 bytes > 10 bytes limit)")
  })

  it("takes a declared size equal to the text's length only while it cannot break the limit", () => {
    const entryWithDeclaredSize = (size: number) => {
      const entry = harEntry({ responseBody: "é".repeat(6) })
      ;(entry.response as { content: { size: number } }).content.size = size
      return entry
    }
    // Six characters, twelve UTF-8 bytes; a capture that declares six is wrong, not the text.
    const roomy = normalizeHarEntry(entryWithDeclaredSize(6), ctx) as { exchange: Exchange }
    expect(roomy.exchange.responseBody?.size).toBe(6)
    const tight = { ...ctx, options: { ...DEFAULT_ENGINE_OPTIONS, maxBodyBytes: 17 } }
    const measured = normalizeHarEntry(entryWithDeclaredSize(6), tight) as { exchange: Exchange }
    expect(measured.exchange.responseBody?.size).toBe(12)
    const limited = { ...ctx, options: { ...DEFAULT_ENGINE_OPTIONS, maxBodyBytes: 10 } }
    const skipped = normalizeHarEntry(entryWithDeclaredSize(6), limited) as { exchange: Exchange }
    expect(skipped.exchange.responseBody?.skipped).toBe("too large (12 bytes > 10 bytes limit)")
    const other = normalizeHarEntry(entryWithDeclaredSize(99), ctx) as { exchange: Exchange }
    expect(other.exchange.responseBody?.size).toBe(12)
  })

  it("says when a body was not captured", () => {
    const entry = harEntry({})
    ;(entry.response as { content: unknown }).content = { size: 120, mimeType: "application/json" }
    const result = normalizeHarEntry(entry, ctx) as { exchange: Exchange }
    expect(result.exchange.responseBody).toEqual({
      mimeType: "application/json",
      size: 120,
      skipped: "not captured"
    })
  })

  it("reads a form written as postData.params without text (HAR 1.2: the two are exclusive)", () => {
    const url = "http://127.0.0.1:5984/db/n1"
    const read = harEntry({ url, responseBody: '{"_id":"n1","_rev":"1-a"}' })
    const save = harEntry({ method: "PUT", url, status: 201, responseBody: '{"ok":true,"rev":"2-b"}' })
    save.startedDateTime = "2024-05-01T10:11:13.000Z"
    const params = [
      { name: "_rev", value: "1-a" },
      { name: "text", value: "a b&c" }
    ]
    ;(save.request as { postData: unknown }).postData = {
      mimeType: "application/x-www-form-urlencoded",
      params
    }
    const snapshot = ingestHarEntries([read, save])
    // Unread, the save's _rev went unseen: a false missing-if-match.
    expect(snapshot.findings.map((finding) => finding.ruleId)).toEqual([])
    expect(snapshot.exchanges[1].requestBody?.text).toBe("_rev=1-a&text=a+b%26c")
    // A multipart form with a file cannot be rebuilt: no body, as before.
    const upload = harEntry({ method: "POST" })
    ;(upload.request as { postData: unknown }).postData = {
      mimeType: "multipart/form-data; boundary=x",
      params: [{ name: "f", fileName: "a.txt", contentType: "text/plain" }]
    }
    expect((normalizeHarEntry(upload, ctx) as { exchange: Exchange }).exchange.requestBody).toBeUndefined()
  })

  it("says when a body is in a file of its own (Playwright's recordHar with content: attach)", () => {
    const entry = harEntry({ method: "PUT", requestBody: '{"_rev":"1-a"}', status: 201 }, "playwright")
    const request = entry.request as { postData: Record<string, unknown> }
    request.postData = { mimeType: "application/json", text: "", params: [], _file: "4f1c.json" }
    const response = entry.response as { content: Record<string, unknown> }
    response.content = { size: 37, mimeType: "application/json", _file: "9a2b.json" }
    const exchange = (normalizeHarEntry(entry, ctx) as { exchange: Exchange }).exchange
    expect(exchange.requestBody).toEqual({
      mimeType: "application/json",
      size: -1,
      skipped: 'in a file of its own ("4f1c.json"), not read'
    })
    expect(exchange.responseBody?.skipped).toBe('in a file of its own ("9a2b.json"), not read')
    expect(exchange.notes).toContain('request body skipped: in a file of its own ("4f1c.json"), not read')
    // An empty body's file (size 0) is no body; an image's is binary, as embedded.
    response.content = { size: 0, mimeType: "application/json", _file: "da39.dat" }
    expect((normalizeHarEntry(entry, ctx) as { exchange: Exchange }).exchange.responseBody).toBeUndefined()
    response.content = { size: 9, mimeType: "image/png", _file: "77aa.png" }
    const image = (normalizeHarEntry(entry, ctx) as { exchange: Exchange }).exchange
    expect(image.responseBody).toEqual({ mimeType: "image/png", size: 9, skipped: "binary" })
  })
})

describe("normalizeHarEntry: tags, versions and locations", () => {
  it("reads item tags of a collection GET", () => {
    const body = JSON.stringify({
      "@odata.context": "$metadata#Docs",
      value: [{ ID: "a", "@odata.etag": 'W/"1"' }]
    })
    const exchange = exchangeOf({ url: "http://h/odata/v4/svc/Docs", responseBody: body })
    expect(exchange.itemTags).toEqual([
      {
        url: "http://h/odata/v4/svc/Docs('a')",
        tag: { source: "item:@odata.etag", tag: { weak: true, opaque: "1", raw: 'W/"1"' } }
      }
    ])
  })

  it("reads a CouchDB body version on a write but not on a read", () => {
    const put = exchangeOf({
      method: "PUT",
      url: "http://h/db/doc",
      requestBody: '{"_rev":"1-abc","x":1}',
      status: 409
    })
    expect(put.precondition).toEqual({
      bodyVersion: {
        source: "body:_rev",
        tag: { weak: false, opaque: "1-abc", raw: "1-abc", lenient: "unquoted" }
      }
    })
    const del = exchangeOf({ method: "DELETE", url: "http://h/db/doc?rev=2-def" })
    expect(del.precondition.bodyVersion?.source).toBe("query:rev")
    expect(exchangeOf({ url: "http://h/db/doc?rev=2-def" }).precondition).toEqual({})
  })

  it("resolves the Location of a create against the request URL", () => {
    const exchange = exchangeOf({
      method: "POST",
      url: "http://127.0.0.1:8787/api/strict/notes",
      status: 201,
      responseHeaders: [
        { name: "location", value: "/api/strict/notes/2" },
        { name: "ETag", value: '"n2-v1"' }
      ]
    })
    expect(exchange.location).toBe("http://127.0.0.1:8787/api/strict/notes/2")
  })

  it("notes a redirect instead of taking its Location as the resource's", () => {
    const exchange = exchangeOf({ status: 302, responseHeaders: [{ name: "Location", value: "/login" }] })
    expect(exchange.location).toBeUndefined()
    expect(exchange.notes).toContain("redirect to http://127.0.0.1:8787/login")
  })

  it("notes an ETag that is not an entity-tag, and how it was read; a body version without quotes is no mistake", () => {
    const etag = (value: string) => ({ name: "ETag", value })
    expect(exchangeOf({ responseHeaders: [etag("58a74a7a")] }).notes).toEqual([
      "ETag is not an entity-tag (RFC 9110 §8.8.3), read leniently: unquoted"
    ])
    expect(exchangeOf({ responseHeaders: [etag('"a1"'), etag('"a2"')] }).notes).toEqual([
      "ETag is not an entity-tag (RFC 9110 §8.8.3), read leniently: one of 2 ETag lines"
    ])
    expect(exchangeOf({ responseHeaders: [etag('W/"a1"')] }).notes).toEqual([])
    expect(exchangeOf({ responseBody: JSON.stringify({ _rev: "1-abc" }) }).notes).toEqual([])
  })

  it("carries the replay link", () => {
    const replay = { of: 3, choice: "version:1" }
    expect(exchangeOf({ method: "PUT" }, "chrome", { ...ctx, origin: "replay", replay }).replay).toEqual(
      replay
    )
  })
})

describe("normalizeHarEntry: malformed entries", () => {
  it.each([
    [null, "entry is not an object"],
    [[], "entry is not an object"],
    [{}, "entry has no request"],
    [{ request: { method: "GET" }, response: {} }, "request has no URL"],
    [{ request: { method: "GET", url: "/relative" }, response: {} }, "unparsable URL (no scheme)"],
    [
      { request: { method: "GET", url: "data:image/png;base64,AAAA" }, response: {} },
      "not a network URL (data:)"
    ],
    [{ request: { method: "GET", url: "http://h/x" } }, "entry has no response"],
    [{ request: { url: "http://h/x" }, response: { status: 200 } }, "request has no method"]
  ])("skips %j: %s", (entry, reason) => {
    expect(normalizeHarEntry(entry, ctx)).toMatchObject({ skipped: { index: 3, reason } })
  })

  it("tolerates missing headers, times and status with notes", () => {
    const result = normalizeHarEntry(
      { request: { method: "get", url: "http://h/x", headers: "nope" }, response: {} },
      ctx
    )
    expect("exchange" in result && result.exchange).toMatchObject({
      method: "GET",
      status: 0,
      kind: "failed",
      startedAt: "",
      requestHeaders: [],
      responseHeaders: [],
      notes: [
        "no startedDateTime",
        "request: no headers array; read as no headers",
        "response: no headers array; read as no headers",
        "response has no status; read as failed"
      ]
    })
  })

  it("reads a status some tools write as text, with a note; other text is no status", () => {
    const withStatus = (status: unknown) => {
      const entry = harEntry({})
      ;(entry.response as { status: unknown }).status = status
      const result = normalizeHarEntry(entry, ctx)
      if (!("exchange" in result)) throw new Error("skipped")
      return result.exchange
    }
    expect(withStatus("200")).toMatchObject({ status: 200, kind: "api" })
    expect(withStatus(" 412 ").notes).toContain('response status written as text ("412"), read as a number')
    expect(withStatus("OK")).toMatchObject({ status: 0, kind: "failed" })
    expect(withStatus("2000").status).toBe(0)
  })

  it("drops malformed header items with a note", () => {
    const entry = harEntry({})
    ;(entry.request as { headers: unknown }).headers = [
      { name: "If-Match", value: '"a"' },
      { value: "x" },
      null,
      { name: "X-N", value: 5 }
    ]
    const result = normalizeHarEntry(entry, ctx) as { exchange: Exchange }
    expect(result.exchange.requestHeaders).toEqual([
      { name: "If-Match", value: '"a"' },
      { name: "X-N", value: "5" }
    ])
    expect(result.exchange.notes).toContain("request: 2 malformed headers dropped")
  })
})

describe("normalizeHarEntry: analysisOnly (the audit CLI keeps no exchanges)", () => {
  const lean: NormalizeContext = { ...ctx, analysisOnly: true }
  const image = {
    url: "https://app.example.test/logo.png",
    resourceType: "image",
    responseHeaders: [
      { name: "ETag", value: '"img-1"' },
      { name: "Content-Type", value: "image/png" }
    ],
    responseBody: "iVBORw0KGgo="
  }

  it("reads capture noise only as far as telling it is noise", () => {
    const full = exchangeOf(image)
    const bare = exchangeOf(image, "chrome", lean)
    expect(full.kind).toBe("static")
    expect(full.responseTags.map((observed) => observed.tag.raw)).toEqual(['"img-1"'])
    expect(bare).toMatchObject({ kind: "static", method: "GET", url: image.url, status: 200 })
    expect(bare.responseTags).toEqual([])
    expect(bare.responseBody).toBeUndefined()
  })

  it("reads API traffic in full", () => {
    const spec = {
      method: "PUT",
      requestHeaders: [{ name: "If-Match", value: '"a1"' }],
      responseHeaders: [{ name: "ETag", value: '"a2"' }]
    }
    expect(exchangeOf(spec, "chrome", lean)).toEqual(exchangeOf(spec))
  })
})
