import { describe, expect, it } from "vitest"
import type { LineageEvent } from "../../src/core/model"
import { eventPreconditionText, preconditionText } from "../../src/ui/format"

const write = (precondition: LineageEvent["precondition"]): LineageEvent => ({
  exchangeId: 3,
  role: "write",
  method: "PUT",
  status: 201,
  precondition
})

describe("eventPreconditionText", () => {
  it("names where a body version travelled when the engine recorded it", () => {
    const event = write({
      mechanism: "body-version",
      sent: '"1-a"',
      state: "stale",
      versionIndex: 1,
      currentVersionIndex: 2,
      source: "body:_rev"
    })
    expect(eventPreconditionText(event)).toBe("body:_rev v1 (STALE, current was v2)")
  })

  it("names a version header as the header, for the event and for the request's precondition", () => {
    const event = write({
      mechanism: "body-version",
      sent: "3",
      state: "current",
      versionIndex: 3,
      source: "header:X-Contentful-Version"
    })
    expect(eventPreconditionText(event)).toBe("X-Contentful-Version v3 (current)")
    const sent = { tag: { weak: false, opaque: "3", raw: "3" }, source: "header:X-Contentful-Version" }
    expect(preconditionText({ bodyVersion: sent })).toBe("X-Contentful-Version: 3")
    expect(preconditionText({ bodyVersion: { ...sent, source: "body:_rev" } })).toBe("body:_rev: 3")
  })

  it("falls back to 'body version' for events recorded without a source (older sessions)", () => {
    const event = write({ mechanism: "body-version", sent: '"1-a"', state: "current", versionIndex: 1 })
    expect(eventPreconditionText(event)).toBe("body version v1 (current)")
  })

  it("words header preconditions and their absence", () => {
    expect(
      eventPreconditionText(write({ mechanism: "if-match", sent: '"a"', state: "current", versionIndex: 2 }))
    ).toBe("If-Match v2 (current)")
    expect(eventPreconditionText(write({ mechanism: "none", state: "none" }))).toBe("(no precondition)")
  })
})
