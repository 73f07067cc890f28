import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { lineageByExchange } from "../../src/store/selectors"
import { harEntry } from "../adapters/har-entry-builder"

describe("lineageByExchange", () => {
  it("keeps an exchange's entry while its resource is unchanged, so its Traffic row does not re-render", () => {
    const engine = createEngine()
    const etag = (value: string) => [{ name: "ETag", value }]
    engine.ingestHarEntry(harEntry({ url: "http://h/api/a", responseHeaders: etag('"a1"') }), "live")
    const first = lineageByExchange(engine.snapshot()).get(1)
    engine.ingestHarEntry(harEntry({ url: "http://h/api/b", responseHeaders: etag('"b1"') }), "live")
    const second = lineageByExchange(engine.snapshot())
    expect(second.get(1)).toBe(first)
    expect(second.get(2)?.key).toBe("http://h/api/b")
    // A change to its own resource gives it a new entry.
    engine.ingestHarEntry(harEntry({ url: "http://h/api/a", responseHeaders: etag('"a1"') }), "live")
    expect(lineageByExchange(engine.snapshot()).get(1)).not.toBe(first)
  })
})
