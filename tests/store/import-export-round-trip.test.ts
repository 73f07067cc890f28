import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { createPanelStore } from "../../src/store/create-panel-store"
import { harEntry } from "../adapters/har-entry-builder"
import { laxScenario, settings } from "../ui/panel-harness"

const newStore = () => createPanelStore({ engine: createEngine(), settings })

describe("HAR export → import through the panel store", () => {
  it("restores the same exchanges, lineage and findings (origins and kinds included)", () => {
    const recorded = newStore()
    recorded.getState().ingest(laxScenario().slice(0, 2), "backfill")
    recorded.getState().ingest(laxScenario().slice(2), "live")
    recorded.getState().ingest(
      [
        harEntry({
          url: "http://127.0.0.1:8787/app.js",
          mimeType: "text/javascript",
          resourceType: "script"
        })
      ],
      "live"
    )
    const exported = recorded.getState().exportHar({ includeSecrets: true })

    const reopened = newStore()
    reopened.getState().importHar(exported, "session.har")
    const before = recorded.getState().snapshot
    const after = reopened.getState().snapshot
    expect(after.exchanges).toEqual(before.exchanges)
    expect(after.resources).toEqual(before.resources)
    expect(after.findings).toEqual(before.findings)
    expect(reopened.getState().notice?.kind).toBe("info")
  })

  it("imports a foreign HAR (no ETag Lens extras) as import traffic and reports unusable entries", () => {
    const store = newStore()
    const har = JSON.stringify({
      log: {
        version: "1.2",
        creator: { name: "x", version: "1" },
        entries: [...laxScenario(), { request: 42 }]
      }
    })
    store.getState().importHar(har, "foreign.har")
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.origin)).toEqual(
      Array(4).fill("import")
    )
    expect(store.getState().notice?.text).toMatch(/foreign\.har.*log\.entries\[4\]/)
  })
})
