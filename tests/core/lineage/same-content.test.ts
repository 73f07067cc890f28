import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  mergePatchChangesNothing,
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

/** RFC 7396 §2's MergePatch, as the RFC writes it: the reference the engine's check is held to. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch
  const result: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...target } : {}
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name]
    else result[name] = mergePatch(result[name], value)
  }
  return result
}

describe("a JSON merge patch that changes nothing (RFC 7396)", () => {
  const note = JSON.stringify({ text: "milk", done: false, tags: ["a"], meta: { by: "alice" } })

  it("sets values the representation already has, or removes members it does not have", () => {
    expect(mergePatchChangesNothing(note, '{"text":"milk"}')).toBe(true)
    expect(mergePatchChangesNothing(note, '{"meta":{"by":"alice"},"gone":null,"tags":["a"]}')).toBe(true)
    expect(mergePatchChangesNothing(note, "{}")).toBe(true)
  })

  it("changes a value, adds or removes a member, or replaces an array", () => {
    expect(mergePatchChangesNothing(note, '{"text":"eggs"}')).toBe(false)
    expect(mergePatchChangesNothing(note, '{"done":null}')).toBe(false)
    expect(mergePatchChangesNothing(note, '{"meta":{"at":1}}')).toBe(false)
    expect(mergePatchChangesNothing(note, '{"tags":["a","b"]}')).toBe(false)
    expect(mergePatchChangesNothing(note, '{"text":{}}')).toBe(false)
  })

  it("is no judge of what is not a JSON object on both sides", () => {
    expect(mergePatchChangesNothing(note, '[{"op":"replace","path":"/text","value":"milk"}]')).toBe(false)
    expect(mergePatchChangesNothing("[1]", "{}")).toBe(false)
    expect(mergePatchChangesNothing(note, "not json")).toBe(false)
  })

  it("agrees with RFC 7396's own algorithm on any objects", () => {
    const member = fc.constantFrom("a", "b", "c")
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.constant(null),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom("x", "y")
      ),
      node: fc.oneof(
        { depthSize: "small" },
        tie("leaf"),
        fc.dictionary(member, tie("node"), { maxKeys: 3 }),
        fc.array(tie("leaf"), { maxLength: 2 })
      )
    })).node
    const object = fc.dictionary(member, value, { maxKeys: 3 })
    fc.assert(
      fc.property(object, object, (target, patch) => {
        // Merging may reorder members; JSON objects are unordered (RFC 8259 §4).
        const unchanged =
          JSON.stringify(sortKeys(mergePatch(target, patch))) === JSON.stringify(sortKeys(target))
        expect(mergePatchChangesNothing(JSON.stringify(target), JSON.stringify(patch))).toBe(unchanged)
      })
    )
  })
})

/** The same JSON with every object's members in name order (merge patches may reorder them). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, item]) => [key, sortKeys(item)])
  )
}
