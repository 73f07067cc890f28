import { describe, expect, it } from "vitest"

import { crossOriginCaller, exposesHeader, sharedWithCaller } from "../../../src/core/traffic/cross-origin"
import { exchange } from "../../builders/exchange"

const headers = (record: Record<string, string>) =>
  Object.entries(record).map(([name, value]) => ({ name, value }))

describe("cross-origin reading rules (Fetch CORS protocol)", () => {
  it("a request is cross-origin when its Origin names another origin than its URL's", () => {
    const url = "https://API.example.test:443/v1/items/1"
    expect(crossOriginCaller(exchange({ url, request: { Origin: "https://app.example.test" } }))).toBe(
      "https://app.example.test"
    )
    expect(
      crossOriginCaller(exchange({ url, request: { Origin: "https://api.example.test" } }))
    ).toBeUndefined()
    expect(crossOriginCaller(exchange({ url }))).toBeUndefined()
    expect(crossOriginCaller(exchange({ url, request: { Origin: "null" } }))).toBe("null")
  })

  it("a URL that starts with the Origin's text is same-origin only when the origin ends there", () => {
    const from = (url: string, origin: string) =>
      crossOriginCaller(exchange({ url, request: { Origin: origin } }))
    expect(from("http://h.test:5173/api/notes/1", "http://h.test:5173")).toBeUndefined()
    expect(from("http://h.test:5173?x=1", "http://h.test:5173")).toBeUndefined()
    // Another port that starts with the same digits, another host that starts with the same name.
    expect(from("http://h.test:51730/api", "http://h.test:5173")).toBe("http://h.test:5173")
    expect(from("http://h.test.evil.example/api", "http://h.test")).toBe("http://h.test")
  })

  it("safelisted headers are always readable; others only when exposed, `*` only without credentials", () => {
    expect(exposesHeader([], "Last-Modified")).toBe(true)
    expect(exposesHeader([], "ETag")).toBe(false)
    expect(exposesHeader(headers({ "Access-Control-Expose-Headers": "Location,  ETAG " }), "etag")).toBe(true)
    // Repeated lines combine (RFC 9110 §5.3).
    const twoLines = [
      { name: "access-control-expose-headers", value: "Location" },
      { name: "Access-Control-Expose-Headers", value: "ETag" }
    ]
    expect(exposesHeader(twoLines, "ETag")).toBe(true)
    expect(exposesHeader(headers({ "Access-Control-Expose-Headers": "*" }), "ETag")).toBe(true)
    const withCredentials = headers({
      "Access-Control-Expose-Headers": "*",
      "Access-Control-Allow-Credentials": "true"
    })
    expect(exposesHeader(withCredentials, "ETag")).toBe(false)
    expect(exposesHeader(headers({ "Access-Control-Expose-Headers": "X-ETag-Id" }), "ETag")).toBe(false)
  })

  it("an answer is shared with the caller when it carries Access-Control-Allow-Origin", () => {
    expect(sharedWithCaller(headers({ "Access-Control-Allow-Origin": "*" }))).toBe(true)
    expect(sharedWithCaller([])).toBe(false)
  })
})
