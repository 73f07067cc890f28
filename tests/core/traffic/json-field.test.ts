import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  fieldValue,
  hasField,
  withField,
  withoutField,
  withPathParents
} from "../../../src/core/traffic/json-field"

const kube = { kind: "Note", metadata: { name: "1", resourceVersion: "7" }, text: "milk" }

describe("json fields: a literal key first, else a dotted path", () => {
  it("reads a nested path (Kubernetes metadata.resourceVersion) and a literal dotted key (Azure odata.etag)", () => {
    expect(fieldValue(kube, "metadata.resourceVersion")).toBe("7")
    expect(fieldValue({ "odata.etag": 'W/"x"' }, "odata.etag")).toBe('W/"x"')
    // The literal key wins over a path with the same segments.
    expect(fieldValue({ "a.b": 1, a: { b: 2 } }, "a.b")).toBe(1)
    expect(fieldValue(kube, "metadata.uid")).toBeUndefined()
    expect(fieldValue({ metadata: "flat" }, "metadata.resourceVersion")).toBeUndefined()
    expect(hasField(kube, "metadata.resourceVersion")).toBe(true)
    expect(hasField(kube, "_rev")).toBe(false)
  })

  it("sets into the nested object, without changing the original", () => {
    const written = withField(kube, "metadata.resourceVersion", "5")
    expect(written).toEqual({ ...kube, metadata: { name: "1", resourceVersion: "5" } })
    expect(kube.metadata.resourceVersion).toBe("7")
    // No nested object to write into: one key, as OData writes @odata.etag.
    expect(withField({ text: "x" }, "@odata.etag", '"a"')).toEqual({ text: "x", "@odata.etag": '"a"' })
    expect(withField({ metadata: { name: "1" } }, "metadata.resourceVersion", "1")).toEqual({
      metadata: { name: "1", resourceVersion: "1" }
    })
  })

  it("removes the key or the nested field, leaving the rest", () => {
    expect(withoutField(kube, "metadata.resourceVersion")).toEqual({ ...kube, metadata: { name: "1" } })
    expect(withoutField({ "odata.etag": "x", text: "t" }, "odata.etag")).toEqual({ text: "t" })
    expect(withoutField({ text: "t" }, "_rev")).toEqual({ text: "t" })
    // A parent that held only the version goes with it (Confluence's `version: {number}`).
    expect(withoutField({ title: "t", version: { number: 5 } }, "version.number")).toEqual({ title: "t" })
  })

  it("makes the objects a path runs through, so a later write goes into them", () => {
    expect(withPathParents({ text: "x" }, "metadata.resourceVersion")).toEqual({ text: "x", metadata: {} })
    expect(withPathParents({ metadata: { name: "1" } }, "metadata.resourceVersion")).toEqual({
      metadata: { name: "1" }
    })
    expect(withPathParents({ text: "x" }, "_rev")).toEqual({ text: "x" })
  })

  it("a value written can be read back, and removing it leaves it unread, for any path", () => {
    const key = fc.stringMatching(/^[a-z]{1,6}$/)
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.string(), (segments, value) => {
        const field = segments.join(".")
        const start = segments.length > 1 ? { [segments[0]]: {} } : {}
        const written = withField(start, field, value)
        expect(fieldValue(written, field)).toBe(value)
        expect(fieldValue(withoutField(written, field), field)).toBeUndefined()
      })
    )
  })

  it("never throws and never touches Object.prototype, whatever the field name and the body", () => {
    const name = fc.oneof(
      fc.string(),
      fc.constantFrom("__proto__", "__proto__.polluted", "constructor.prototype.polluted", ".", "a..b", "")
    )
    fc.assert(
      fc.property(fc.jsonValue(), name, fc.string(), (value, field, text) => {
        const record =
          typeof value === "object" && value !== null && !Array.isArray(value) ? value : { value }
        fieldValue(record, field)
        fieldValue(withField(record, field, text), field)
        withoutField(record, field)
        withPathParents(record, field)
        expect(Object.prototype).not.toHaveProperty("polluted")
      })
    )
  })
})
