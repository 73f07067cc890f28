import fc from "fast-check"
import { describe, it } from "vitest"

import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { resolveUrl, resourceKey } from "../../../src/core/traffic/resource-key"
import { RUNS, urlish } from "./arbitraries"

const optionsArbitrary = fc.record({
  identityQueryParams: fc.oneof(
    fc.constant("all" as const),
    fc.array(fc.constantFrom("a", "x", "tenant", "rev"), { maxLength: 3 })
  ),
  queryVersionParams: fc.array(fc.constantFrom("rev", "version", "a"), { maxLength: 2 })
})

describe("URLs under fuzz", () => {
  it("resourceKey never throws and is idempotent", () => {
    fc.assert(
      fc.property(urlish, optionsArbitrary, (url, options) => {
        const key = resourceKey(url, options)
        return typeof key === "string" && resourceKey(key, options) === key
      }),
      { numRuns: RUNS.resourceKey }
    )
  })

  it("resourceKey agrees with WHATWG URL on origin for web URLs", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (url) => {
        const parsed = new URL(url)
        return resourceKey(url, DEFAULT_ENGINE_OPTIONS).startsWith(`${parsed.protocol}//${parsed.host}/`)
      }),
      { numRuns: RUNS.whatwgOrigin }
    )
  })

  it("resolveUrl never throws and always yields an absolute reference when it yields one", () => {
    fc.assert(
      fc.property(urlish, fc.oneof(fc.webUrl(), urlish), (ref, base) => {
        const resolved = resolveUrl(ref, base)
        return resolved === undefined || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(resolved)
      }),
      { numRuns: RUNS.resolveUrl }
    )
  })
})
