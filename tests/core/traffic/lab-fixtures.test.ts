/** Real Playwright captures of the teaching lab (tests/fixtures/lab-*.har) through the HAR reader and normalizer. */
import { readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

import { parseHarText } from "../../../src/core/har/read-har"
import { DEFAULT_ENGINE_OPTIONS, type Exchange } from "../../../src/core/model"
import { normalizeHarEntry } from "../../../src/core/traffic/normalize-har-entry"

const fixtures = join(__dirname, "../../fixtures")

function exchangesOf(file: string, options = DEFAULT_ENGINE_OPTIONS): Exchange[] {
  const { entries, problems } = parseHarText(readFileSync(join(fixtures, file), "utf8"), file)
  expect(problems).toEqual([])
  // An OData batch's operations follow it (the *-batch captures).
  return entries.flatMap((entry, index) => {
    const result = normalizeHarEntry(entry, {
      id: index + 1,
      index,
      origin: "import",
      options
    })
    if ("skipped" in result) throw new Error(`${file} entry ${index}: ${result.skipped.reason}`)
    return [result.exchange, ...(result.parts ?? []).map((part) => part.exchange)]
  })
}

const noteReads = (exchanges: Exchange[]) =>
  exchanges.filter((x) => x.method === "GET" && /\/api\/\w+\/notes\/1$/.test(x.url))

const labFiles = readdirSync(fixtures).filter((file) => /^lab-.*\.har$/.test(file))

describe("lab fixtures", () => {
  it("exist", () => {
    expect(labFiles.length).toBeGreaterThan(0)
  })

  it.each(labFiles)("%s: every entry normalizes; pages and assets are not API traffic", (file) => {
    const exchanges = exchangesOf(file)
    for (const exchange of exchanges) {
      const path = exchange.url.replace(/^https?:\/\/[^/]+/, "")
      const expected = path.endsWith("/$batch")
        ? "rpc"
        : path.startsWith("/api/")
          ? "api"
          : /\.(css|js)$/.test(path)
            ? "static"
            : "document"
      expect(`${path} ${exchange.kind}`).toBe(`${path} ${expected}`)
    }
    // Every policy tags its notes, except dated, which sends Last-Modified instead, and spring and
    // contentful and confluence, whose body `version`, `sys.version` and `version.number` are read only when configured.
    const unconfigured = ["lab-spring.har", "lab-contentful.har", "lab-confluence.har"]
    const tagged = !file.startsWith("lab-dated") && !unconfigured.includes(file)
    expect(noteReads(exchanges).every((read) => read.responseTags.length > 0 === tagged)).toBe(true)
  })

  const sourcesOf = (file: string) => noteReads(exchangesOf(file))[0]?.responseTags.map((t) => t.source)

  it("finds each policy's tag where the lab puts it", () => {
    expect(sourcesOf("lab-strict.har")).toEqual(["header"])
    expect(sourcesOf("lab-lax-batch.har")).toEqual(["header"]) // the GET inside a batch
    expect(sourcesOf("lab-nox.har")).toEqual(["header", "body:@odata.etag"])
    expect(sourcesOf("lab-eve.har")).toEqual(["body:_etag"])
    expect(sourcesOf("lab-couch.har")).toContain("body:_rev")
    expect(sourcesOf("lab-kube.har")).toEqual(["body:metadata.resourceVersion"])
    expect(noteReads(exchangesOf("lab-weak.har"))[0]?.responseTags[0]?.tag.weak).toBe(true)
    const springOptions = { ...DEFAULT_ENGINE_OPTIONS, bodyTagFields: ["version"] }
    expect(noteReads(exchangesOf("lab-spring.har", springOptions))[0]?.responseTags).toEqual([
      { tag: expect.objectContaining({ opaque: "1" }), source: "body:version" }
    ])
    const dated = exchangesOf("lab-dated.har").filter((x) => x.method === "PUT")
    expect(dated.map((x) => x.precondition.ifUnmodifiedSince)).toEqual([
      "Thu, 01 Jan 2026 00:01:00 GMT",
      undefined,
      "Thu, 01 Jan 2026 00:01:00 GMT"
    ])
  })

  it("reads the precondition of each write", () => {
    const writes = exchangesOf("lab-strict.har").filter((x) => x.method === "PUT")
    expect(writes.map((x) => [x.status, x.precondition.ifMatch?.kind ?? "none"])).toEqual([
      [200, "tags"],
      [428, "none"],
      [412, "tags"]
    ])
    const couchWrites = exchangesOf("lab-couch.har").filter((x) => x.method === "PUT")
    expect(couchWrites[0]?.precondition.bodyVersion?.source).toBe("body:_rev")
  })
})
