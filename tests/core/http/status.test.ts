import { describe, expect, it } from "vitest"

import { isSuccess } from "../../../src/core/http/status"

describe("isSuccess (RFC 9110 §15.3)", () => {
  it("is true for 2xx only", () => {
    for (const status of [200, 201, 204, 299]) expect(isSuccess(status)).toBe(true)
    for (const status of [0, 199, 300, 304, 412, 428, 500]) expect(isSuccess(status)).toBe(false)
  })
})
