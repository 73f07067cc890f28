import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  changedMembers,
  membersPatchedOver,
  patchedRepresentation,
  type MemberChange
} from "../../../src/core/lineage/patch-writes"
import type { WrittenContent } from "../../../src/core/lineage/resource-history"

const NONE: ReadonlySet<string> = new Set()
/** Each changed member with the value the write left in it. */
const valuesOf = (changed: ReadonlyMap<string, MemberChange> | undefined) =>
  [...(changed ?? [])].map(([key, change]) => [key, change.value])
/** A change that set each member whole to the given value (undefined: removed). */
const wholeChange = (entries: readonly (readonly [string, unknown])[]) =>
  new Map<string, MemberChange>(entries.map(([key, value]) => [key, { value, at: [[]] }]))
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
    expect(valuesOf(changed)).toEqual([
      ["text", "eggs"],
      ["done", undefined]
    ])
  })

  it("a merge patch of a nested object: the members inside it that it changed (RFC 7396 §2 merges)", () => {
    const before = { address: { city: "Lyon", zip: "69001" } }
    const known = changedMembers(
      written("merge-patch", { address: { city: "Paris", zip: "69001" } }, before),
      NONE
    )
    expect([...(known ?? [])]).toEqual([
      ["address", { value: { city: "Paris", zip: "69001" }, at: [["city"]] }]
    ])
    // Nothing known before: what it set, where it set it; null removes.
    const unknown = changedMembers(written("merge-patch", { address: { city: "Paris", street: null } }), NONE)
    expect([...(unknown ?? [])]).toEqual([
      ["address", { value: { city: "Paris" }, at: [["city"], ["street"]] }]
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
  const changed = wholeChange([
    ["text", "eggs"],
    ["done", undefined]
  ])

  it("the changed members a patch sets to another value, sorted", () => {
    expect(
      membersPatchedOver(changed, JSON.stringify({ title: "x", text: "bread", done: false }), "merge-patch")
    ).toEqual(["done", "text"])
  })

  it("not a member set to the value the change left, a removed one removed again included", () => {
    expect(membersPatchedOver(changed, JSON.stringify({ text: "eggs", done: null }), "merge-patch")).toEqual(
      []
    )
    expect(membersPatchedOver(changed, "[]", "merge-patch")).toBeUndefined()
  })

  it("a nested merge patch overwrites only where the change changed something inside the member", () => {
    const before = { address: { city: "Lyon", zip: "69001" } }
    const city = changedMembers(written("merge-patch", { address: { city: "Paris" } }, before), NONE)
    if (city === undefined) throw new Error("a merge patch over a known representation")
    const over = (patch: object) => membersPatchedOver(city, JSON.stringify(patch), "merge-patch")
    expect(over({ address: { zip: "75001" } })).toEqual([])
    expect(over({ address: { city: "Nice" } })).toEqual(["address"])
    expect(over({ address: { city: "Paris", zip: "75001" } })).toEqual([])
    // Replaced or removed whole: the city the change set is gone.
    expect(over({ address: "unknown" })).toEqual(["address"])
    expect(over({ address: null })).toEqual(["address"])
  })
})

describe("JSON Patch writes (RFC 6902)", () => {
  const operations = (...list: object[]) => JSON.stringify(list)
  const jsonPatch = (sent: string, before?: object): WrittenContent => ({
    exchangeId: 1,
    sentAs: "json-patch",
    sent,
    before: before === undefined ? undefined : JSON.stringify(before)
  })

  it("changed: the members that differ once the patch is applied to the representation before it", () => {
    const changed = changedMembers(
      jsonPatch(
        operations(
          { op: "replace", path: "/text", value: "eggs" },
          { op: "add", path: "/tags/-", value: "urgent" },
          { op: "replace", path: "/title", value: "Groceries" },
          { op: "remove", path: "/done" }
        ),
        { title: "Groceries", text: "milk", tags: [], done: true }
      ),
      NONE
    )
    expect(valuesOf(changed)).toEqual([
      ["text", "eggs"],
      ["tags", ["urgent"]],
      ["done", undefined]
    ])
  })

  it("changed, before unknown: only members set or removed outright; inside a member its value is unknown", () => {
    const changed = changedMembers(
      jsonPatch(
        operations(
          { op: "replace", path: "/text", value: "eggs" },
          { op: "remove", path: "/done" },
          { op: "add", path: "/tags/-", value: "urgent" },
          { op: "move", from: "/draft", path: "/final" },
          { op: "test", path: "/owner", value: "alice" }
        )
      ),
      NONE
    )
    expect(valuesOf(changed)).toEqual([
      ["text", "eggs"],
      ["done", undefined],
      ["draft", undefined]
    ])
    // The whole document replaced, nothing known before: cannot tell.
    expect(
      changedMembers(jsonPatch(operations({ op: "replace", path: "", value: {} })), NONE)
    ).toBeUndefined()
    expect(changedMembers(jsonPatch('{"text":"eggs"}'), NONE)).toBeUndefined()
    // A patch that does not apply to what was read.
    expect(
      changedMembers(jsonPatch(operations({ op: "remove", path: "/missing" }), { text: "milk" }), NONE)
    ).toBeUndefined()
  })

  const change = wholeChange([
    ["text", "eggs"],
    ["address", { city: "Lyon", zip: "69001" }],
    ["done", undefined]
  ])
  const over = (...list: object[]) => membersPatchedOver(change, operations(...list), "json-patch")

  it("patched over: members whose value the operations leave other than the change left it", () => {
    expect(
      over({ op: "replace", path: "/text", value: "bread" }, { op: "add", path: "/title", value: "x" })
    ).toEqual(["text"])
    expect(over({ op: "replace", path: "/address/city", value: "Paris" })).toEqual(["address"])
    expect(over({ op: "add", path: "/done", value: false })).toEqual(["done"])
    expect(over({ op: "replace", path: "", value: { text: "eggs" } })).toEqual(["address"])
    expect(over({ op: "move", from: "/text", path: "/title" })).toEqual(["text"])
  })

  it("not patched over: the same value set again, other members, or what the traffic cannot show", () => {
    expect(over({ op: "replace", path: "/text", value: "eggs" })).toEqual([])
    expect(over({ op: "replace", path: "/address/zip", value: "69001" })).toEqual([])
    expect(over({ op: "replace", path: "/title", value: "x" }, { op: "remove", path: "/owner" })).toEqual([])
    // A test operation made the patch conditional on content its client had read (§4.6).
    expect(
      over({ op: "test", path: "/text", value: "eggs" }, { op: "replace", path: "/text", value: "bread" })
    ).toBeUndefined()
    // Copied from a member the change did not set: the value is unknown here.
    expect(over({ op: "copy", from: "/title", path: "/text" })).toEqual([])
    // An operation that fails on what the change left, or a body that is not a JSON Patch.
    expect(over({ op: "remove", path: "/address/street" })).toBeUndefined()
    expect(membersPatchedOver(change, '{"text":"bread"}', "json-patch")).toBeUndefined()
  })

  it("never changes the change it compares with", () => {
    over({ op: "replace", path: "/address/city", value: "Paris" }, { op: "remove", path: "/text" })
    expect(change.get("address")?.value).toEqual({ city: "Lyon", zip: "69001" })
  })

  it("operations inside a member overwrite only where the change changed something inside it", () => {
    const before = { address: { city: "Lyon", zip: "69001" } }
    const city = changedMembers(
      jsonPatch(operations({ op: "replace", path: "/address/city", value: "Paris" }), before),
      NONE
    )
    if (city === undefined) throw new Error("a JSON Patch over a known representation")
    const after = (...list: object[]) => membersPatchedOver(city, operations(...list), "json-patch")
    expect(after({ op: "replace", path: "/address/zip", value: "75001" })).toEqual([])
    expect(after({ op: "replace", path: "/address/city", value: "Nice" })).toEqual(["address"])
    expect(after({ op: "replace", path: "/address", value: { zip: "69001" } })).toEqual(["address"])
  })
})

describe("patchedRepresentation", () => {
  it("applies a merge patch as RFC 7396 §2 says: nested objects merged, null removes, arrays replaced", () => {
    expect(
      patchedRepresentation(
        '{"a":"b","c":{"d":"e","f":"g"},"list":[1,2]}',
        '{"a":"z","c":{"f":null,"h":1},"list":[3]}',
        "merge-patch"
      )
    ).toBe('{"a":"z","c":{"d":"e","h":1},"list":[3]}')
    expect(patchedRepresentation('{"a":1}', '{"__proto__":{"x":1}}', "merge-patch")).toBe(
      '{"a":1,"__proto__":{"x":1}}'
    )
  })

  it("applies a JSON Patch, and is undefined where either side is not what its format needs", () => {
    expect(patchedRepresentation('{"a":[1]}', '[{"op":"add","path":"/a/0","value":0}]', "json-patch")).toBe(
      '{"a":[0,1]}'
    )
    expect(patchedRepresentation('{"a":1}', '[{"op":"remove","path":"/b"}]', "json-patch")).toBeUndefined()
    expect(patchedRepresentation("[1]", '{"a":1}', "merge-patch")).toBeUndefined()
    expect(patchedRepresentation('{"a":1}', "not json", "merge-patch")).toBeUndefined()
  })
})
