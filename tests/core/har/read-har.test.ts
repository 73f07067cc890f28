import { describe, expect, it } from "vitest"

import { jsonErrorOffset } from "../../../src/core/har/json-error-offset"
import { HarFormatError, parseHarText, readHarLog } from "../../../src/core/har/read-har"
import { harEntry, harLog } from "../../builders/har"

function errorOf(run: () => unknown): HarFormatError {
  try {
    run()
  } catch (error) {
    if (error instanceof HarFormatError) return error
    throw error
  }
  throw new Error("expected a HarFormatError")
}

describe("readHarLog", () => {
  it("hands back the entries and the creator", () => {
    const entry = harEntry({})
    expect(readHarLog(harLog([entry], { name: "Playwright", version: "1.65.1" }))).toEqual({
      entries: [entry],
      creator: "Playwright 1.65.1",
      problems: []
    })
  })

  it("tolerates unknown versions and a missing creator with problem notes", () => {
    const result = readHarLog({ log: { version: "9.9", entries: [] } })
    expect(result.entries).toEqual([])
    expect(result.problems).toEqual(['unknown HAR version "9.9"; read as HAR 1.2', "log.creator is missing"])
    expect(readHarLog({ log: { entries: [] } }).problems).toContain("log.version is missing; read as HAR 1.2")
  })

  it.each([
    [[], 'not a HAR file: the top level is an array, not an object with "log"'],
    ["text", 'not a HAR file: the top level is a string, not an object with "log"'],
    [null, 'not a HAR file: the top level is null, not an object with "log"'],
    [{ entries: [] }, 'not a HAR file: no "log" at the top level'],
    [{ log: [] }, 'not a HAR file: "log" is an array, not an object'],
    [{ log: {} }, 'not a HAR file: "log.entries" is missing'],
    [{ log: { entries: {} } }, '"log.entries" is an object, not an array']
  ])("rejects %j, naming the file", (json, message) => {
    const error = errorOf(() => readHarLog(json, "capture.har"))
    expect(error.message).toBe(`capture.har: ${message}`)
    expect(error.file).toBe("capture.har")
    expect(error.name).toBe("HarFormatError")
  })
})

describe("parseHarText", () => {
  it("parses a HAR with a UTF-8 byte order mark", () => {
    const text = "\uFEFF" + JSON.stringify(harLog([harEntry({})]))
    expect(parseHarText(text, "bom.har").entries).toHaveLength(1)
  })

  it("says where a truncated file ends", () => {
    const full = JSON.stringify(harLog([harEntry({})]), null, 2)
    const error = errorOf(() => parseHarText(full.slice(0, 200), "cut.har"))
    expect(error.message).toMatch(
      /^cut\.har: invalid JSON at the end \(line \d+, column \d+\): the file looks truncated: /
    )
  })

  it("gives line and column of a syntax error even when JSON.parse does not", () => {
    const error = errorOf(() => parseHarText('{\n  "log": {\n    "entries": [1,]\n  }\n}', "comma.har"))
    expect(error.message).toMatch(/^comma\.har: invalid JSON at line 3, column 19: /)
  })

  it("rejects empty files and non-HAR JSON", () => {
    expect(errorOf(() => parseHarText("  \n", "empty.har")).message).toBe("empty.har: empty file")
    expect(errorOf(() => parseHarText('{"hello":1}')).message).toBe(
      'not a HAR file: no "log" at the top level'
    )
  })
})

describe("jsonErrorOffset", () => {
  it.each([
    ["{}", undefined],
    ['[1, -2.5e3, "a\\u00e9\\n", true, false, null, {"k": []}]', undefined],
    ["  42  ", undefined],
    ["", 0],
    ["[1,]", 3],
    ['{"a" 1}', 5],
    ['{"a":1,}', 7],
    ["[01]", 2],
    ['"tab\there"', 4],
    ['"\\x"', 2],
    ['"\\u12"', 3],
    ["{} []", 3],
    ["[[[", 3],
    ['{"a":"unterminated', 18],
    ["nul", 3],
    ["nux", 0],
    ["-", 1],
    ["[1.", 3],
    ["[1.x]", 2],
    ["[2e", 3]
  ])("%j → %s", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset)
    let parses = true
    try {
      JSON.parse(text)
    } catch {
      parses = false
    }
    expect(parses).toBe(offset === undefined)
  })

  it("copes with deep nesting without recursion", () => {
    expect(jsonErrorOffset("[".repeat(100_000) + "]".repeat(100_000))).toBeUndefined()
    expect(jsonErrorOffset("[".repeat(100_000))).toBe(100_000)
  })
})
