import { describe, expect, it } from "vitest"

import {
  looksLikeRecordParam,
  noteRecordParams,
  otherRecordsNamed,
  recordQueryParams
} from "../../../src/core/lineage/record-query-params"

describe("looksLikeRecordParam", () => {
  it("takes names whose last word names a record", () => {
    for (const name of ["id", "ID", "docId", "doc_id", "note-ID", "uuid", "itemGuid", "slug"])
      expect(looksLikeRecordParam(name), name).toBe(true)
  })

  it("leaves out per-request ids, API keys and other parameters", () => {
    for (const name of [
      "requestId",
      "X-Trace-Id",
      "correlation_id",
      "session_id",
      "client_id",
      "key",
      "apiKey",
      "page",
      "ids",
      "idx",
      "_",
      "rev"
    ])
      expect(looksLikeRecordParam(name), name).toBe(false)
  })
})

describe("recordQueryParams and otherRecordsNamed", () => {
  it("reads decoded record-like pairs of the query, not the fragment", () => {
    expect(recordQueryParams("https://x.example/doc?page=2&doc%5Fid=a+b&id=7#id=9")).toEqual([
      ["doc_id", "a b"],
      ["id", "7"]
    ])
    expect(recordQueryParams("https://x.example/doc")).toEqual([])
  })

  it("notes each parameter's values (four at most) and names the ones another request gave another value", () => {
    let seen = noteRecordParams(undefined, "https://x.example/doc")
    expect(seen).toBeUndefined()
    for (const id of ["1", "2", "1", "3", "4", "5"])
      seen = noteRecordParams(seen, `https://x.example/doc?id=${id}`)
    expect(seen?.get("id")).toEqual(["1", "2", "3", "4"])
    expect(otherRecordsNamed(seen, "https://x.example/doc?id=2&page=1")).toEqual([
      { name: "id", value: "2", others: ["1", "3", "4"] }
    ])
    expect(
      otherRecordsNamed(
        noteRecordParams(undefined, "https://x.example/doc?id=2"),
        "https://x.example/doc?id=2"
      )
    ).toEqual([])
  })
})
