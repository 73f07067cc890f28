import fc from "fast-check"
import { describe, expect, it } from "vitest"

import type { BodyInfo } from "../../../src/core/model"
import { mayContainKeys } from "../../../src/core/traffic/json-body"

const body = (text: string): BodyInfo => ({ mimeType: "application/json", size: text.length, text })

describe("mayContainKeys (the cheap check before parsing a body for tags)", () => {
  const keys = ["@odata.etag", "odata.etag", "_etag", "_rev", "rev", "__metadata"]

  it("says yes for a body that has any of the keys, including keys implied by shorter ones", () => {
    for (const key of keys)
      expect(mayContainKeys(body(JSON.stringify({ [key]: "x", id: 1 })), keys)).toBe(true)
    expect(mayContainKeys(body('{"@odata.etag":"W/\\"1\\""}'), ["@odata.etag"])).toBe(true)
  })

  it("says no for a body without them, and for an absent or empty body", () => {
    expect(mayContainKeys(body('{"id":1,"title":"etags and revisions"}'), keys)).toBe(false)
    expect(mayContainKeys(body(""), keys)).toBe(false)
    expect(mayContainKeys(undefined, keys)).toBe(false)
  })

  it("may say yes to a value that ends like a key (the body is then parsed and has no tag)", () => {
    expect(mayContainKeys(body('{"title":"a rev"}'), ["_rev", "rev"])).toBe(true)
  })

  it("never says no to an object that has one of the keys (property)", () => {
    const key = fc.constantFrom(...keys, "version", "ETag", "x")
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(key, { minLength: 1 }),
        key,
        (extra, wanted, present) => {
          const text = JSON.stringify({ ...extra, [present]: "v1" })
          const chosen = [...wanted, present]
          expect(mayContainKeys(body(text), chosen)).toBe(true)
        }
      )
    )
  })
})
