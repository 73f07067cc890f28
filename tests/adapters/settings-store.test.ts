import { describe, expect, it } from "vitest"

import { createMemorySettingsStore } from "../../src/adapters/memory-settings-store"
import { engineOptionsFrom, readSettings, type PanelSettings } from "../../src/adapters/settings-store"
import { themeFromDevtools } from "../../src/adapters/theme"
import { panelSettings } from "../builders/panel-settings"

const defaults: PanelSettings = panelSettings({
  bodyTagFields: ["_etag"],
  queryVersionParams: ["rev"],
  maxExchanges: 100,
  maxBodyBytes: 1000
})

describe("settings", () => {
  it("round-trips saved settings", async () => {
    const store = createMemorySettingsStore(defaults)
    const changed = {
      ...defaults,
      bodyTagFields: ["version"],
      versionHeaders: ["X-Contentful-Version"],
      nextVersionFields: ["version.number"],
      policyOverrides: { "http://a": "lax" as const }
    }
    await store.save(changed)
    expect(await store.load()).toEqual(changed)
  })

  it("falls back to the default for each corrupt field", () => {
    const read = readSettings(
      {
        bodyTagFields: [1, 2],
        versionHeaders: "X-Contentful-Version",
        maxExchanges: -5,
        maxBodyBytes: 2048,
        policyOverrides: { a: "bogus", b: "strict" },
        theme: "neon",
        detailPaneShare: "wide"
      },
      defaults
    )
    expect(read).toEqual({ ...defaults, maxBodyBytes: 2048, policyOverrides: { b: "strict" } })
    expect(readSettings("garbage", defaults)).toEqual(defaults)
  })

  it("keeps a stored detail pane share within 0.2–0.8", () => {
    expect(readSettings({ detailPaneShare: 0.65 }, defaults).detailPaneShare).toBe(0.65)
    expect(readSettings({ detailPaneShare: 0.01 }, defaults).detailPaneShare).toBe(0.2)
    expect(readSettings({ detailPaneShare: 5 }, defaults).detailPaneShare).toBe(0.8)
    expect(readSettings({ detailPaneShare: Number.NaN }, defaults).detailPaneShare).toBe(0.4)
  })

  it("keeps the Traffic columns' stored layout, widths within bounds; anything else is dropped", () => {
    const read = readSettings(
      {
        trafficColumns: {
          hidden: ["Tag", "Source"],
          widths: { Method: 90.4, URL: 3, Tag: 99_999, Source: "wide", Status: Number.NaN }
        }
      },
      defaults
    )
    expect(read.trafficColumns).toEqual({
      hidden: ["Tag", "Source"],
      widths: { Method: 90, URL: 24, Tag: 1600 }
    })
    expect(readSettings({ trafficColumns: { hidden: "Tag" } }, defaults).trafficColumns).toEqual({
      hidden: [],
      widths: {}
    })
    expect(readSettings({ trafficColumns: null }, defaults).trafficColumns).toBe(defaults.trafficColumns)
  })

  it("moves a body tag field list saved at an earlier default to today's default; an edited one stays", () => {
    const today = { ...defaults, bodyTagFields: ["@odata.etag", "_rev", "metadata.resourceVersion"] }
    const earlier = ["@odata.etag", "odata.etag", "_etag", "_rev"]
    expect(readSettings({ bodyTagFields: earlier }, today).bodyTagFields).toEqual(today.bodyTagFields)
    const edited = ["version", ...earlier]
    expect(readSettings({ bodyTagFields: edited }, today).bodyTagFields).toEqual(edited)
  })

  it("keeps the query parameters that name a resource; '*' hands the engine every one", () => {
    expect(readSettings({ identityQueryParams: ["id"] }, defaults).identityQueryParams).toEqual(["id"])
    expect(readSettings({ identityQueryParams: "id" }, defaults).identityQueryParams).toEqual(
      defaults.identityQueryParams
    )
    expect(engineOptionsFrom({ ...defaults, identityQueryParams: ["id"] }).identityQueryParams).toEqual([
      "id"
    ])
    expect(engineOptionsFrom({ ...defaults, identityQueryParams: ["id", "*"] }).identityQueryParams).toBe(
      "all"
    )
  })

  it("hands the engine its options and nothing UI-only", () => {
    expect(engineOptionsFrom(defaults)).not.toHaveProperty("theme")
    expect(engineOptionsFrom(defaults)).not.toHaveProperty("detailPaneShare")
    expect(engineOptionsFrom(defaults).bodyTagFields).toEqual(["_etag"])
    const contentful = { ...defaults, versionHeaders: ["X-Contentful-Version"] }
    expect(engineOptionsFrom(contentful).versionHeaders).toEqual(["X-Contentful-Version"])
  })

  it("maps DevTools theme names from Chrome and Firefox", () => {
    expect(themeFromDevtools("dark")).toBe("dark")
    expect(themeFromDevtools("default")).toBe("light")
    expect(themeFromDevtools("light")).toBe("light")
    expect(themeFromDevtools(undefined)).toBe("light")
  })
})
