import { describe, expect, it } from "vitest"

import type { BodyInfo } from "../../../src/core/model"
import {
  versionLikeBodyField,
  versionLikeHeader,
  versionTestedInPatch
} from "../../../src/core/traffic/version-field-hint"

const body = (text: string, mimeType = "application/json"): BodyInfo => ({
  mimeType,
  size: text.length,
  text
})

describe("versionLikeBodyField", () => {
  it("finds the first optimistic-locking field of a JSON object, numbers as text", () => {
    expect(versionLikeBodyField(body('{"text":"x","lock_version":4}'))).toEqual({
      field: "lock_version",
      value: "4"
    })
    expect(versionLikeBodyField(body('{"etag":"abc","version":2}'))).toEqual({ field: "version", value: "2" })
  })

  it("finds nothing in other bodies: no such field, not JSON, an array, an object value, a long text", () => {
    expect(versionLikeBodyField(body('{"text":"version"}'))).toBeUndefined()
    expect(versionLikeBodyField(body("version=3", "application/x-www-form-urlencoded"))).toBeUndefined()
    expect(versionLikeBodyField(body('[{"version":1}]'))).toBeUndefined()
    expect(versionLikeBodyField(body('{"version":{"major":1}}'))).toBeUndefined()
    // A release number is the software's or the API's version, not the row's.
    expect(versionLikeBodyField(body('{"version":"1.4.2"}'))).toBeUndefined()
    expect(versionLikeBodyField(body('{"version":"v2.0"}'))).toBeUndefined()
    expect(versionLikeBodyField(body(JSON.stringify({ revision: "r".repeat(101) })))).toBeUndefined()
    expect(versionLikeBodyField(undefined)).toBeUndefined()
  })
})

describe("versionLikeHeader", () => {
  const header = (name: string, value: string) => [{ name, value }]

  it("finds a resource version sent in a header, with the answer's field that shows it", () => {
    expect(
      versionLikeHeader(header("X-Contentful-Version", "3"), body(JSON.stringify({ sys: { version: 4 } })))
    ).toEqual({
      header: "X-Contentful-Version",
      value: "3",
      answerField: "sys.version"
    })
    expect(versionLikeHeader(header("x-resource-version", " 12 "), undefined)).toEqual({
      header: "x-resource-version",
      value: "12"
    })
    // An answer whose version is not a number names no field.
    expect(
      versionLikeHeader(header("X-Resource-Version", "1"), body(JSON.stringify({ version: "1.2" })))
    ).toEqual({
      header: "X-Resource-Version",
      value: "1"
    })
  })

  it.each([
    ["X-API-Version", "2"],
    ["Accept-Version", "1"],
    ["X-Client-Version", "5"],
    ["X-App-Version", "7"],
    ["Sec-CH-UA-Full-Version", "120"],
    ["Notion-Version", "2022-06-28"],
    ["X-Schema-Version", "3"],
    ["Version", "3"],
    ["X-Resource-Version", "v2"],
    ["X-Resource-Version", "1.4"]
  ])("leaves %s: %s alone (the API's, the client's or a release, not the resource's)", (name, value) => {
    expect(versionLikeHeader(header(name, value), undefined)).toBeUndefined()
  })
})

describe("versionTestedInPatch", () => {
  const json = (value: unknown) => body(JSON.stringify(value))
  const patch = (operations: object[]) => json(operations)

  it("names the version-like member a JSON Patch tests, nested as a dotted field", () => {
    expect(
      versionTestedInPatch(
        patch([
          { op: "test", path: "/rev", value: 4 },
          { op: "remove", path: "/x" }
        ])
      )
    ).toEqual({
      field: "rev",
      value: "4"
    })
    expect(
      versionTestedInPatch(patch([{ op: "test", path: "/metadata/resourceVersion", value: "812" }]))
    ).toEqual({
      field: "metadata.resourceVersion",
      value: "812"
    })
  })

  it("names none for a test of content, a release number, another operation or a body that is no JSON Patch", () => {
    expect(versionTestedInPatch(patch([{ op: "test", path: "/title", value: "Groceries" }]))).toBeUndefined()
    expect(versionTestedInPatch(patch([{ op: "test", path: "/version", value: "1.4.2" }]))).toBeUndefined()
    expect(versionTestedInPatch(patch([{ op: "replace", path: "/rev", value: 4 }]))).toBeUndefined()
    expect(versionTestedInPatch(json({ op: "test", path: "/rev", value: 4 }))).toBeUndefined()
    expect(versionTestedInPatch(undefined)).toBeUndefined()
  })
})
