import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { lineageByExchange, selectListedResources } from "../../src/store/selectors"
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

describe("selectListedResources", () => {
  it("lists a resource with a tag or a write, not a URL only ever read without a tag", () => {
    const engine = createEngine()
    engine.ingestHarEntry(harEntry({ url: "http://h/api/config", text: '{"theme":"dark"}' }), "live")
    engine.ingestHarEntry(
      harEntry({ url: "http://h/api/notes/1", responseHeaders: [{ name: "ETag", value: '"n1"' }] }),
      "live"
    )
    // Written without a tag ever seen: a concurrency story (a write without If-Match) all the same.
    engine.ingestHarEntry(harEntry({ url: "http://h/api/untagged/2", text: "{}" }), "live")
    engine.ingestHarEntry(
      harEntry({ url: "http://h/api/untagged/2", method: "PUT", requestBody: '{"a":1}' }),
      "live"
    )
    const { resources } = engine.snapshot()
    expect(resources.map((resource) => resource.key)).toContain("http://h/api/config")
    const listed = selectListedResources(resources)
    expect(listed.map((resource) => resource.key)).toEqual([
      "http://h/api/notes/1",
      "http://h/api/untagged/2"
    ])
    // The same snapshot gives the same list (the view and the tab count share it).
    expect(selectListedResources(resources)).toBe(listed)
  })
})
