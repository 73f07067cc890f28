import { describe, expect, it } from "vitest"

import { findVersionNamedByIfMatch } from "../../../src/core/replay/tag-text"
import { API } from "../../builders/exchange"
import { lineageWith } from "./replay-builders"

const lineage = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"', '"n1-v3"'])

describe("findVersionNamedByIfMatch reads an If-Match field value as a list (RFC 9110 §13.1.1)", () => {
  it.each([
    ['"n1-v3"', { versionIndex: 3, weak: false }],
    ['"n1-v1", "n1-v3"', { versionIndex: 3, weak: false }],
    ['"n1-v3", "n1-v1"', { versionIndex: 3, weak: false }],
    ['"n1-v1", "n1-v2"', { versionIndex: 2, weak: false }],
    ['"nope", "n1-v1"', { versionIndex: 1, weak: false }],
    ['"nope", "other"', { versionIndex: undefined, weak: false }],
    ['W/"n1-v3", "n1-v3"', { versionIndex: 3, weak: false }],
    ['W/"n1-v3", "n1-v1"', { versionIndex: 3, weak: true }],
    ["n1-v2", { versionIndex: 2, weak: false }]
  ])("%s names %j", (text, named) => {
    expect(findVersionNamedByIfMatch(text, lineage)).toEqual(named)
  })
})
