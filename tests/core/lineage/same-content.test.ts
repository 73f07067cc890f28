import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  comparableText,
  MAX_COMPARED_BODY_CHARS,
  sameContent,
  sameDataWherePresent
} from "../../../src/core/lineage/same-content"

describe("same content", () => {
  it("is equal text, or JSON with the same values whatever the key order and whitespace", () => {
    expect(sameContent("plain", "plain")).toBe(true)
    expect(sameContent('{"a":1,"b":[1,{"c":null}]}', '{ "b": [1, {"c": null}], "a": 1 }')).toBe(true)
    expect(sameContent('{"a":1}', '{"a":2}')).toBe(false)
    expect(sameContent('{"a":1}', '{"a":1,"b":2}')).toBe(false)
    expect(sameContent('{"a":1,"b":2}', '{"a":1,"c":2}')).toBe(false)
    expect(sameContent("[1,2]", "[2,1]")).toBe(false)
    expect(sameContent("[1]", '{"0":1}')).toBe(false)
    expect(sameContent("plain", "Plain")).toBe(false)
    expect(sameContent("{not json", "{not json ")).toBe(false)
  })

  it("holds for any JSON value against its re-formatted, key-reordered self (property)", () => {
    const reorder = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reorder)
      if (value !== null && typeof value === "object")
        return Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([key, item]) => [key, reorder(item)])
        )
      return value
    }
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        expect(sameContent(text, JSON.stringify(reorder(value), null, 2))).toBe(true)
      })
    )
  })

  it("never throws, and a text is always the same content as itself (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(sameContent(a, a)).toBe(true)
        expect(typeof sameContent(a, b)).toBe("boolean")
      })
    )
  })

  it("keeps texts up to the size limit only", () => {
    expect(comparableText("x".repeat(MAX_COMPARED_BODY_CHARS))).toHaveLength(MAX_COMPARED_BODY_CHARS)
    expect(comparableText("x".repeat(MAX_COMPARED_BODY_CHARS + 1))).toBeUndefined()
    expect(comparableText(undefined)).toBeUndefined()
  })
})

describe("same data where both have it (a read that embeds more, or selects less)", () => {
  const plain = '{"id":1,"text":"a"}'

  it("holds for more fields (embedded) or fewer (selected), annotations and the tag field aside", () => {
    expect(sameDataWherePresent(plain, '{"id":1,"text":"a","comments":[{"id":9}]}')).toBe(true)
    expect(sameDataWherePresent('{"id":1,"text":"a","comments":[]}', '{"text":"a"}')).toBe(true)
    const odata = (context: string, etag: string) =>
      JSON.stringify({ "@odata.context": context, "@odata.etag": etag, ID: 1, text: "a" })
    expect(
      sameDataWherePresent(odata("$metadata#Notes/$entity", 'W/"1"'), odata("#Notes(ID,text)", 'W/"1"'))
    ).toBe(true)
    expect(sameDataWherePresent('{"id":1,"_etag":"x"}', '{"id":1,"_etag":"y","more":1}', "_etag")).toBe(true)
  })

  it("fails for a changed field, another tag field not named, or bodies that are not JSON objects", () => {
    expect(sameDataWherePresent(plain, '{"id":1,"text":"b","comments":[]}')).toBe(false)
    expect(sameDataWherePresent('{"id":1,"_etag":"x"}', '{"id":1,"_etag":"y"}')).toBe(false)
    expect(sameDataWherePresent("[1]", "[1,2]")).toBe(false)
    expect(sameDataWherePresent("text", plain)).toBe(false)
  })
})
