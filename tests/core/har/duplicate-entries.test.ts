import { describe, expect, it } from "vitest"

import { createDuplicateEntryCheck } from "../../../src/core/har/duplicate-entries"
import { harEntry } from "../../builders/har"

const save = (text: string, startedDateTime = "2026-11-28T10:00:00.000Z") =>
  harEntry({ method: "PUT", requestBody: text, responseBody: "{}", startedDateTime })

describe("createDuplicateEntryCheck", () => {
  it("names where an entry with the same start, request and answer was read first", () => {
    const isRepeat = createDuplicateEntryCheck()
    expect(isRepeat(save('{"a":1}'), { file: "one.har", index: 0 })).toBeUndefined()
    // A copy (another export of the same log): another object, the same content.
    expect(isRepeat(structuredClone(save('{"a":1}')), { file: "two.har", index: 4 })).toEqual({
      file: "one.har",
      index: 0
    })
  })

  it("keeps apart two requests that share start, method, URL and status but not their bodies", () => {
    const isRepeat = createDuplicateEntryCheck()
    expect(isRepeat(save('{"a":1}'), { file: "one.har", index: 0 })).toBeUndefined()
    expect(isRepeat(save('{"a":2}'), { file: "one.har", index: 1 })).toBeUndefined()
    expect(isRepeat(save('{"a":2}'), { file: "two.har", index: 0 })).toEqual({ file: "one.har", index: 1 })
    expect(
      isRepeat(save('{"a":1}', "2026-11-28T10:00:01.000Z"), { file: "two.har", index: 1 })
    ).toBeUndefined()
  })

  it("passes over what is no entry (the reader reports it)", () => {
    const isRepeat = createDuplicateEntryCheck()
    for (const odd of [null, 42, "entry"]) {
      expect(isRepeat(odd, { file: "one.har", index: 0 })).toBeUndefined()
      expect(isRepeat(odd, { file: "one.har", index: 1 })).toBeUndefined()
    }
  })
})
