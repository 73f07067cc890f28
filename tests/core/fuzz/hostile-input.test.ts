/**
 * Hostile input (issue #9): long pathological strings must not hang any parser (no quadratic or
 * exponential regular expressions), and nasty real-world values must be read sensibly.
 */
import { describe, expect, it } from "vitest"

import { jsonErrorOffset } from "../../../src/core/har/json-error-offset"
import { HarFormatError, parseHarText } from "../../../src/core/har/read-har"
import { parsePrecondition, parseTagCondition } from "../../../src/core/http/conditional-headers"
import { parseEntityTag } from "../../../src/core/http/entity-tag"
import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { normalizeHarEntry } from "../../../src/core/traffic/normalize-har-entry"
import { resolveUrl, resourceKey } from "../../../src/core/traffic/resource-key"
import { findResponseTags } from "../../../src/core/traffic/tag-sources"
import { harEntry } from "../../builders/har"

const N = 100_000
const PATHOLOGICAL: Record<string, string> = {
  "letters then %": "/" + "a".repeat(N) + "%",
  "many slashes": "http://h/" + "/".repeat(N) + "a",
  "slash runs at the end": "http://h/a" + "/".repeat(N),
  "many segments": "http://h/" + "a/".repeat(N / 2),
  "dot segments": "http://h/" + "../".repeat(N / 3),
  quotes: '"'.repeat(N),
  "W/ prefixes": "W/".repeat(N / 2),
  commas: ",".repeat(N),
  "quoted list": '"a", '.repeat(N / 5),
  parentheses: "http://h/Docs" + "(".repeat(N),
  "OData apostrophes": "http://h/Docs(" + "'".repeat(N) + ")",
  "OData commas": "http://h/Docs(" + "a=1,".repeat(N / 4) + "b=2)",
  percents: "%".repeat(N),
  "broken escapes": "%2".repeat(N / 2),
  "open brackets": "[".repeat(N),
  "long number": "[" + "1".repeat(N) + "x",
  "cut number": "-" + "1".repeat(N) + ".",
  "long host": "http://" + "a".repeat(N),
  colons: ":".repeat(N),
  "no colon": "a".repeat(N),
  "long query": "http://h/?" + "a=1&".repeat(N / 4)
}

function cpuMillis(run: () => void): number {
  const start = process.cpuUsage()
  run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

const all = { ...DEFAULT_ENGINE_OPTIONS, identityQueryParams: "all" as const }

describe("long pathological input finishes quickly", () => {
  it.each(Object.entries(PATHOLOGICAL))("%s", (_name, text) => {
    const millis = cpuMillis(() => {
      parseEntityTag(text)
      parseTagCondition(text)
      parsePrecondition([{ name: "If-Match", value: text }])
      resourceKey(text, DEFAULT_ENGINE_OPTIONS)
      resourceKey(text, all)
      resolveUrl(text, "http://h/a/b")
      resolveUrl("../g", text)
      jsonErrorOffset(text)
      try {
        parseHarText(text, "hostile.har")
      } catch (error) {
        expect(error).toBeInstanceOf(HarFormatError)
      }
      const entry = harEntry({
        url: text,
        requestHeaders: [{ name: "If-Match", value: text }],
        responseHeaders: [{ name: "ETag", value: text }],
        responseBody: text
      })
      normalizeHarEntry(entry, { id: 1, index: 0, origin: "import", options: DEFAULT_ENGINE_OPTIONS })
    })
    // Linear work on 100k characters takes a few ms; quadratic or worse takes seconds.
    expect(millis).toBeLessThan(1_500)
  })
})

describe("nasty real-world values", () => {
  it("drops an Azure SAS signature from the resource key", () => {
    const sas =
      "https://acct.blob.core.windows.net/c/b.txt?sv=2021-08-06&se=2024-01-01T00%3A00%3A00Z&sp=rw&sig=abc%2Bdef%3D"
    expect(resourceKey(sas, DEFAULT_ENGINE_OPTIONS)).toBe("https://acct.blob.core.windows.net/c/b.txt")
  })

  it("keeps IPv6 hosts with zone ids and normalizes zero-padded default ports", () => {
    expect(resourceKey("http://[fe80::1%25eth0]:8080/x", DEFAULT_ENGINE_OPTIONS)).toBe(
      "http://[fe80::1%25eth0]:8080/x"
    )
    expect(resourceKey("HTTP://EXAMPLE.com:0080/", DEFAULT_ENGINE_OPTIONS)).toBe("http://example.com/")
  })

  it("is not fooled by __proto__ or prototype names in bodies and options", () => {
    const body = { mimeType: "application/json", size: 40, text: '{"__proto__":{"_etag":"x"},"_etag":"y"}' }
    expect(findResponseTags([], body, DEFAULT_ENGINE_OPTIONS).map((t) => t.tag.opaque)).toEqual(["y"])
    const empty = { mimeType: "application/json", size: 2, text: '{"toString":1}' }
    expect(findResponseTags([], empty, { bodyTagFields: ["constructor", "hasOwnProperty"] })).toEqual([])
  })

  it("reads a header value full of control characters as a lenient tag, not a crash", () => {
    expect(parseEntityTag('"a\u0000b\u001b"')?.lenient).toBe("characters outside etagc")
  })
})
