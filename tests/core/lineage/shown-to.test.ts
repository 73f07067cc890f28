import { describe, expect, it } from "vitest"

import {
  currentShownOnlyToOthers,
  forgetShownTo,
  noteShownTo,
  type ShownToState
} from "../../../src/core/lineage/shown-to"
import { newResourceState } from "../../../src/core/lineage/resource-state"

/** A resource state whose newest version is `current`. */
function stateAt(current: number) {
  const state = newResourceState("http://127.0.0.1/api/notes/1", new Map())
  for (let index = 1; index <= current; index++)
    state.versions.push({ index, tags: [], introducedBy: index, seenBy: [] })
  return state
}

describe("shown-to", () => {
  it("lists the users shown a version, starting again at each new one", () => {
    const state: ShownToState = { shownVersion: undefined, shownTo: undefined }
    noteShownTo(state, 1, "alice")
    noteShownTo(state, 1, "alice")
    noteShownTo(state, 1, "bob")
    expect(state).toEqual({ shownVersion: 1, shownTo: ["alice", "bob"] })
    noteShownTo(state, 2, "carol")
    expect(state).toEqual({ shownVersion: 2, shownTo: ["carol"] })
    // v1 shown again (a vread of an old version): v2's users stay.
    noteShownTo(state, 1, "dave")
    expect(state).toEqual({ shownVersion: 2, shownTo: ["carol"] })
  })

  it("a request that named nobody, or an untagged change, leaves nobody said not to have seen it", () => {
    const state = stateAt(1)
    noteShownTo(state, 1, "alice")
    expect(currentShownOnlyToOthers(state, "bob")).toBe(true)
    expect(currentShownOnlyToOthers(state, "alice")).toBe(false)
    expect(currentShownOnlyToOthers(state, undefined)).toBe(false)
    noteShownTo(state, 1, undefined)
    noteShownTo(state, 1, "carol")
    expect(currentShownOnlyToOthers(state, "bob")).toBe(false)
    const changed = stateAt(1)
    noteShownTo(changed, 1, "alice")
    forgetShownTo(changed)
    expect(currentShownOnlyToOthers(changed, "bob")).toBe(false)
  })

  it("only of the current version: users shown an older one say nothing", () => {
    const state = stateAt(2)
    noteShownTo(state, 1, "alice")
    expect(currentShownOnlyToOthers(state, "bob")).toBe(false)
  })
})
