import { describe, expect, it } from "vitest"

import { DEFAULT_ENGINE_OPTIONS } from "../../src/core/model"
import { extensionConfig } from "../../plasmo.config"

describe("engine defaults", () => {
  it("share the extension's default tag fields and limits", () => {
    expect(DEFAULT_ENGINE_OPTIONS.bodyTagFields).toEqual(extensionConfig.defaults.bodyTagFields)
    expect(DEFAULT_ENGINE_OPTIONS.queryVersionParams).toEqual(extensionConfig.defaults.queryVersionParams)
    expect(DEFAULT_ENGINE_OPTIONS.versionHeaders).toEqual(extensionConfig.defaults.versionHeaders)
    expect(DEFAULT_ENGINE_OPTIONS.maxExchanges).toBe(extensionConfig.defaults.maxExchanges)
    expect(DEFAULT_ENGINE_OPTIONS.maxBodyBytes).toBe(extensionConfig.defaults.maxBodyBytes)
  })
})
