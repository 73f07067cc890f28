import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  testsEveryChangedMember,
  applyJsonPatch,
  jsonPatchChangesNothing,
  looksLikeJsonPatch,
  parseJsonPatch
} from "../../../src/core/traffic/json-patch"

const patch = (operations: object[]) => parseJsonPatch(JSON.stringify(operations)) ?? []

describe("parseJsonPatch", () => {
  it("reads each operation with its pointer unescaped (RFC 6901 §4)", () => {
    expect(
      parseJsonPatch(
        JSON.stringify([
          { op: "replace", path: "/a~1b/c~0d", value: 1 },
          { op: "remove", path: "/x/0" },
          { op: "move", from: "/x", path: "" }
        ])
      )
    ).toEqual([
      { op: "replace", path: ["a/b", "c~d"], value: 1 },
      { op: "remove", path: ["x", "0"] },
      { op: "move", path: [], from: ["x"] }
    ])
  })

  it("is undefined for a body that is not a JSON Patch document", () => {
    for (const text of [
      "not json",
      '{"op":"add"}',
      '[{"op":"add","path":"/a"}]', // add needs a value
      '[{"op":"copy","path":"/a"}]', // copy needs from
      '[{"op":"frobnicate","path":"/a"}]',
      '[{"op":"remove","path":"a"}]', // a pointer starts with "/"
      "[1]"
    ])
      expect(parseJsonPatch(text), text).toBeUndefined()
    expect(parseJsonPatch(undefined)).toBeUndefined()
    // A null value is a value.
    expect(parseJsonPatch('[{"op":"add","path":"/a","value":null}]')).toHaveLength(1)
  })

  it("never throws, whatever the text (property)", () => {
    // A throw fails the property.
    fc.assert(
      fc.property(fc.string(), (text) => {
        parseJsonPatch(text)
        return true
      })
    )
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parseJsonPatch(JSON.stringify(value))
        return true
      })
    )
  })

  it("tells a list of operations from an object of members", () => {
    expect(looksLikeJsonPatch('  [{"op":"remove","path":"/a"}]')).toBe(true)
    expect(looksLikeJsonPatch('{"a":1}')).toBe(false)
    expect(looksLikeJsonPatch(undefined)).toBe(false)
  })
})

describe("applyJsonPatch", () => {
  // The examples of RFC 6902 Appendix A.
  it("adds, removes, replaces, moves and copies members and array items", () => {
    expect(applyJsonPatch({ foo: "bar" }, patch([{ op: "add", path: "/baz", value: "qux" }]))).toEqual({
      foo: "bar",
      baz: "qux"
    })
    expect(
      applyJsonPatch({ foo: ["bar", "baz"] }, patch([{ op: "add", path: "/foo/1", value: "qux" }]))
    ).toEqual({
      foo: ["bar", "qux", "baz"]
    })
    expect(applyJsonPatch({ foo: [1] }, patch([{ op: "add", path: "/foo/-", value: 2 }]))).toEqual({
      foo: [1, 2]
    })
    expect(applyJsonPatch({ baz: "qux", foo: "bar" }, patch([{ op: "remove", path: "/baz" }]))).toEqual({
      foo: "bar"
    })
    expect(applyJsonPatch({ foo: ["bar", "qux", "baz"] }, patch([{ op: "remove", path: "/foo/1" }]))).toEqual(
      {
        foo: ["bar", "baz"]
      }
    )
    expect(
      applyJsonPatch({ baz: "qux", foo: "bar" }, patch([{ op: "replace", path: "/baz", value: "boo" }]))
    ).toEqual({ baz: "boo", foo: "bar" })
    expect(
      applyJsonPatch(
        { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } },
        patch([{ op: "move", from: "/foo/waldo", path: "/qux/thud" }])
      )
    ).toEqual({ foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } })
    expect(applyJsonPatch({ a: { b: 1 } }, patch([{ op: "copy", from: "/a", path: "/c" }]))).toEqual({
      a: { b: 1 },
      c: { b: 1 }
    })
    expect(applyJsonPatch({ a: 1 }, patch([{ op: "replace", path: "", value: [2] }]))).toEqual([2])
  })

  it("fails as a whole where one operation fails (RFC 6902 §5), leaving the document as it was", () => {
    const document = { foo: "bar", list: [1] }
    for (const operations of [
      [{ op: "remove", path: "/missing" }],
      [{ op: "replace", path: "/missing", value: 1 }],
      [{ op: "add", path: "/missing/child", value: 1 }],
      [{ op: "add", path: "/list/5", value: 1 }],
      [{ op: "add", path: "/list/01", value: 1 }],
      [{ op: "test", path: "/foo", value: "baz" }],
      [{ op: "move", from: "/foo", path: "/foo/child" }]
    ]) {
      expect(
        applyJsonPatch(document, patch([{ op: "add", path: "/new", value: 1 }, ...operations])),
        JSON.stringify(operations)
      ).toBeUndefined()
    }
    expect(document).toEqual({ foo: "bar", list: [1] })
    expect(applyJsonPatch(document, patch([{ op: "test", path: "/list", value: [1] }]))).toEqual(document)
  })

  it("sets a member named __proto__ as a member, not as the prototype", () => {
    const after = applyJsonPatch({}, patch([{ op: "add", path: "/__proto__", value: { polluted: true } }]))
    expect(Object.hasOwn(after as object, "__proto__")).toBe(true)
    expect((after as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it("never throws and never changes its input (property)", () => {
    const pointer = fc.constantFrom("", "/a", "/a/0", "/a/-", "/b", "/b/c", "/0", "/a/1")
    const operation = fc.oneof(
      fc.record({ op: fc.constantFrom("add", "replace", "test"), path: pointer, value: fc.jsonValue() }),
      fc.record({ op: fc.constant("remove"), path: pointer }),
      fc.record({ op: fc.constantFrom("move", "copy"), path: pointer, from: pointer })
    )
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(operation, { maxLength: 6 }), (document, operations) => {
        const before = JSON.stringify(document)
        applyJsonPatch(document, patch(operations))
        return JSON.stringify(document) === before
      })
    )
  })
})

describe("testsEveryChangedMember", () => {
  const patch = (...operations: unknown[]) => JSON.stringify(operations)
  const test = (path: string) => ({ op: "test", path, value: 1 })

  it("is true when a test at a member, or at a member holding it, comes before every change", () => {
    expect(testsEveryChangedMember(patch(test("/a"), { op: "replace", path: "/a", value: 2 }))).toBe(true)
    expect(testsEveryChangedMember(patch(test("/a"), { op: "add", path: "/a/list/-", value: 2 }))).toBe(true)
    expect(testsEveryChangedMember(patch(test(""), { op: "remove", path: "/b" }))).toBe(true)
    expect(
      testsEveryChangedMember(patch(test("/a"), test("/b"), { op: "move", from: "/a", path: "/b" }))
    ).toBe(true)
  })

  it("is false for a change before its test, an untested change, a test alone, or no JSON Patch", () => {
    expect(testsEveryChangedMember(patch({ op: "replace", path: "/a", value: 2 }, test("/a")))).toBe(false)
    expect(testsEveryChangedMember(patch(test("/a/x"), { op: "replace", path: "/a", value: 2 }))).toBe(false)
    expect(testsEveryChangedMember(patch(test("/a"), { op: "move", from: "/c", path: "/a" }))).toBe(false)
    expect(testsEveryChangedMember(patch(test("/rev")))).toBe(false)
    expect(testsEveryChangedMember('{"op":"test"}')).toBe(false)
    expect(testsEveryChangedMember(undefined)).toBe(false)
  })
})

describe("jsonPatchChangesNothing", () => {
  it("is true only where the patch applies and leaves the representation as it was", () => {
    const note = JSON.stringify({ text: "milk", tags: ["a"] })
    const text = (operations: object[]) => JSON.stringify(operations)
    expect(jsonPatchChangesNothing(note, text([{ op: "replace", path: "/text", value: "milk" }]))).toBe(true)
    expect(jsonPatchChangesNothing(note, text([{ op: "test", path: "/text", value: "milk" }]))).toBe(true)
    expect(jsonPatchChangesNothing(note, text([{ op: "replace", path: "/text", value: "eggs" }]))).toBe(false)
    expect(jsonPatchChangesNothing(note, text([{ op: "add", path: "/tags/-", value: "b" }]))).toBe(false)
    // A patch that fails did not apply: not a no-op write either.
    expect(jsonPatchChangesNothing(note, text([{ op: "remove", path: "/missing" }]))).toBe(false)
    expect(jsonPatchChangesNothing("not json", text([]))).toBe(false)
    expect(jsonPatchChangesNothing(note, "{}")).toBe(false)
  })
})
