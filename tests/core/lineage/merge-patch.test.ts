import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { changedMembers, membersPatchedOver } from "../../../src/core/lineage/merge-patch"
import type { WrittenContent } from "../../../src/core/lineage/resource-history"

const NONE: ReadonlySet<string> = new Set()
const written = (sentAs: WrittenContent["sentAs"], sent: object, before?: object): WrittenContent => ({
  exchangeId: 1,
  sentAs,
  sent: JSON.stringify(sent),
  before: before === undefined ? undefined : JSON.stringify(before)
})

describe("changedMembers", () => {
  it("a merge patch: the members it set to a new value, a null one as removed (RFC 7396)", () => {
    const changed = changedMembers(
      written(
        "merge-patch",
        { text: "eggs", done: null, title: "Groceries" },
        { title: "Groceries", done: true }
      ),
      NONE
    )
    expect([...(changed ?? [])]).toEqual([
      ["text", "eggs"],
      ["done", undefined]
    ])
  })

  it("a PUT: the members whose value differs from the representation before it, removed ones too", () => {
    const changed = changedMembers(written("representation", { a: 1, b: [2] }, { a: 1, b: [3], c: 4 }), NONE)
    expect([...(changed?.keys() ?? [])]).toEqual(["b", "c"])
    // Unknown before: what the PUT changed cannot be told.
    expect(changedMembers(written("representation", { a: 1 }), NONE)).toBeUndefined()
  })

  it("leaves out annotations and the body's tag fields", () => {
    const changed = changedMembers(
      written("merge-patch", { "@odata.etag": 'W/"2"', _etag: "x", text: "eggs" }, {}),
      new Set(["_etag"])
    )
    expect([...(changed?.keys() ?? [])]).toEqual(["text"])
  })

  it("is undefined for a body that is not a JSON object", () => {
    expect(changedMembers({ exchangeId: 1, sentAs: "merge-patch", sent: "[1]" }, NONE)).toBeUndefined()
    expect(changedMembers({ exchangeId: 1, sentAs: "merge-patch", sent: "not json" }, NONE)).toBeUndefined()
  })

  it("names exactly the members whose value a PUT changed (property)", () => {
    const record = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), fc.jsonValue())
    fc.assert(
      fc.property(record, record, (before, after) => {
        const changed = changedMembers(written("representation", after, before), NONE)
        const differ = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter(
          (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key])
        )
        // Key order aside: JSON.stringify sees `{a,b}` and `{b,a}` as different, the comparison does not.
        return [...(changed?.keys() ?? [])].every((key) => differ.includes(key))
      })
    )
  })
})

describe("membersPatchedOver", () => {
  const changed = new Map<string, unknown>([
    ["text", "eggs"],
    ["done", undefined]
  ])

  it("the changed members a patch sets to another value, sorted", () => {
    expect(membersPatchedOver(changed, JSON.stringify({ title: "x", text: "bread", done: false }))).toEqual([
      "done",
      "text"
    ])
  })

  it("not a member set to the value the change left, a removed one removed again included", () => {
    expect(membersPatchedOver(changed, JSON.stringify({ text: "eggs", done: null }))).toEqual([])
    expect(membersPatchedOver(changed, "[]")).toBeUndefined()
  })
})
