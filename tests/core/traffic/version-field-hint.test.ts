import { describe, expect, it } from "vitest"

import type { BodyInfo } from "../../../src/core/model"
import { versionLikeBodyField } from "../../../src/core/traffic/version-field-hint"

const body = (text: string, mimeType = "application/json"): BodyInfo => ({
  mimeType,
  size: text.length,
  text
})

describe("versionLikeBodyField", () => {
  it("finds the first optimistic-locking field of a JSON object, numbers as text", () => {
    expect(versionLikeBodyField(body('{"text":"x","lock_version":4}'))).toEqual({
      field: "lock_version",
      value: "4"
    })
    expect(versionLikeBodyField(body('{"etag":"abc","version":2}'))).toEqual({ field: "version", value: "2" })
  })

  it("finds nothing in other bodies: no such field, not JSON, an array, an object value, a long text", () => {
    expect(versionLikeBodyField(body('{"text":"version"}'))).toBeUndefined()
    expect(versionLikeBodyField(body("version=3", "application/x-www-form-urlencoded"))).toBeUndefined()
    expect(versionLikeBodyField(body('[{"version":1}]'))).toBeUndefined()
    expect(versionLikeBodyField(body('{"version":{"major":1}}'))).toBeUndefined()
    // A release number is the software's or the API's version, not the row's.
    expect(versionLikeBodyField(body('{"version":"1.4.2"}'))).toBeUndefined()
    expect(versionLikeBodyField(body('{"version":"v2.0"}'))).toBeUndefined()
    expect(versionLikeBodyField(body(JSON.stringify({ revision: "r".repeat(101) })))).toBeUndefined()
    expect(versionLikeBodyField(undefined)).toBeUndefined()
  })
})
