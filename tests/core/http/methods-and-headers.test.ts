import { describe, expect, it } from "vitest"

import { hasHeader, headerValue, headerValues } from "../../../src/core/http/headers"
import {
  isSafeMethod,
  isStateChangingMethod,
  normalizeMethod,
  overriddenMethod
} from "../../../src/core/http/methods"

describe("method-override headers (a POST standing for another method)", () => {
  const headers = (lines: Record<string, string>) =>
    Object.entries(lines).map(([name, value]) => ({ name, value }))

  it.each([
    ["X-HTTP-Method", "MERGE", "MERGE"],
    ["X-HTTP-Method", " delete ", "DELETE"],
    ["X-HTTP-Method-Override", "PATCH", "PATCH"],
    ["X-Method-Override", "PUT", "PUT"],
    ["X-HTTP-Method-Override", "GET", "GET"]
  ])("%s: %s on a POST stands for %s", (name, value, expected) => {
    expect(overriddenMethod("POST", headers({ [name]: value }))).toBe(expected)
  })

  it("not on other methods, nor naming POST, an unknown method or nothing", () => {
    expect(overriddenMethod("PUT", headers({ "X-HTTP-Method": "DELETE" }))).toBeUndefined()
    expect(overriddenMethod("GET", headers({ "X-HTTP-Method-Override": "PATCH" }))).toBeUndefined()
    for (const value of ["POST", "BREW", "", "MERGE; x"])
      expect(overriddenMethod("POST", headers({ "X-HTTP-Method": value }))).toBeUndefined()
    expect(overriddenMethod("POST", headers({}))).toBeUndefined()
  })
})

describe("methods (RFC 9110 §9.2.1)", () => {
  it.each(["GET", "head", "OPTIONS", "TRACE", "PROPFIND", "REPORT", "SEARCH"])("%s is safe", (method) => {
    expect(isSafeMethod(method)).toBe(true)
    expect(isStateChangingMethod(method)).toBe(false)
  })

  it.each([
    "PUT",
    "patch",
    "DELETE",
    "POST",
    "MERGE",
    "PROPPATCH",
    "MOVE",
    "COPY",
    "MKCOL",
    "LOCK",
    "UNLOCK"
  ])("%s changes state", (method) => {
    expect(isStateChangingMethod(method)).toBe(true)
    expect(isSafeMethod(method)).toBe(false)
  })

  it("does not classify CONNECT or unknown methods as either", () => {
    for (const method of ["CONNECT", "BREW", ""]) {
      expect(isSafeMethod(method)).toBe(false)
      expect(isStateChangingMethod(method)).toBe(false)
    }
  })

  it("normalizes method names", () => {
    expect(normalizeMethod(" patch ")).toBe("PATCH")
  })
})

describe("headers (RFC 9110 §5)", () => {
  const headers = [
    { name: "ETag", value: '"a"' },
    { name: "Cache-Control", value: "no-cache" },
    { name: "cache-control", value: "no-store" },
    { name: "Set-Cookie", value: "a=1; Path=/" },
    { name: "set-cookie", value: "b=2, c=3; Expires=Wed, 21 Oct 2015 07:28:00 GMT" }
  ]

  it("finds names case-insensitively", () => {
    expect(headerValue(headers, "etag")).toBe('"a"')
    expect(hasHeader(headers, "ETAG")).toBe(true)
    expect(hasHeader(headers, "Location")).toBe(false)
    expect(headerValue(headers, "Location")).toBeUndefined()
  })

  it("folds ASCII case only: field names are tokens (§5.1)", () => {
    expect(headerValue([{ name: "eTaG", value: '"x"' }], "ETag")).toBe('"x"')
    // U+212A KELVIN SIGN lower-cases to "k" in Unicode, but no header name contains it.
    expect(hasHeader([{ name: "\u212Aeep-Alive", value: "timeout=5" }], "keep-alive")).toBe(false)
    expect(hasHeader([{ name: "Keep-Alive", value: "timeout=5" }], "keep-alive")).toBe(true)
    expect(hasHeader([{ name: "X-A_B", value: "1" }], "x-a_b")).toBe(true)
    expect(hasHeader([{ name: "X-A_B", value: "1" }], "x-a\u007fb")).toBe(false)
  })

  it("joins repeated lines with a comma (§5.3)", () => {
    expect(headerValue(headers, "Cache-Control")).toBe("no-cache, no-store")
    expect(headerValues(headers, "CACHE-CONTROL")).toEqual(["no-cache", "no-store"])
  })

  it("never joins Set-Cookie lines", () => {
    expect(headerValue(headers, "Set-Cookie")).toBe("a=1; Path=/")
    expect(headerValues(headers, "set-cookie")).toHaveLength(2)
  })
})
