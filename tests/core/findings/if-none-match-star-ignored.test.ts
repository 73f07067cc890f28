import { beforeEach, describe, expect, it } from "vitest"

import { API, observed, read, resetExchangeIds, write } from "../../builders/exchange"
import { findingsOf, noiseVariants } from "../../builders/findings"

const rule = "if-none-match-star-ignored"
beforeEach(resetExchangeIds)

/** A create-only PUT: `If-None-Match: *`, answered 204 (overwrote) unless `status` says otherwise. */
const createOnly = (status = 204, etag: string | undefined = '"b1"') =>
  write({ request: { "If-None-Match": "*" }, status, etag })

describe("if-none-match-star-ignored fires when", () => {
  it("If-None-Match: * on a resource the traffic showed existing is answered 2xx (overwritten)", () => {
    const found = findingsOf(rule, [read('"a1"'), createOnly()])
    expect(found).toEqual([
      expect.objectContaining({ severity: "error", exchangeIds: [2], resourceKey: `${API}/1` })
    ])
    expect(found[0].message).toContain("v1")
  })

  it("the resource was created in the capture, then created again with 201 (each occurrence counts)", () => {
    const found = findingsOf(rule, [
      createOnly(201, '"a1"'),
      createOnly(201, '"a2"'),
      createOnly(200, '"a3"')
    ])
    expect(found.map((finding) => finding.exchangeIds)).toEqual([[2], [3]])
  })

  it("a POST with If-None-Match: * to an existing (non-collection) resource succeeds", () => {
    const post = write({ method: "POST", request: { "If-None-Match": "*" }, status: 200, etag: '"a2"' })
    expect(findingsOf(rule, [read('"a1"'), post])).toHaveLength(1)
  })
})

describe("if-none-match-star-ignored must not fire when", () => {
  it("the resource did not exist: a first create, or a create after a DELETE", () => {
    expect(findingsOf(rule, [createOnly(201)])).toEqual([])
    const recreated = [read('"a1"'), write({ method: "DELETE", ifMatch: '"a1"' }), createOnly(201)]
    expect(findingsOf(rule, recreated)).toEqual([])
  })

  it("the server refuses it as it should (412), or with 409", () => {
    expect(findingsOf(rule, [read('"a1"'), createOnly(412, undefined)])).toEqual([])
    expect(findingsOf(rule, [read('"a1"'), createOnly(409, undefined)])).toEqual([])
  })

  it("If-None-Match names a tag (revalidation) rather than *", () => {
    const tagged = write({ request: { "If-None-Match": '"zz"' }, etag: '"a2"' })
    expect(findingsOf(rule, [read('"a1"'), tagged])).toEqual([])
  })

  it("a POST to a collection creates a new member (with or without a Location)", () => {
    const list = read(undefined, { url: API, itemTags: [{ url: `${API}/1`, tag: observed('"a1"') }] })
    const post = (response: Record<string, string>) =>
      write({ method: "POST", url: API, request: { "If-None-Match": "*" }, status: 201, response })
    expect(findingsOf(rule, [list, post({ Location: `${API}/7`, ETag: '"n7"' })])).toEqual([])
    expect(findingsOf(rule, [list, post({})])).toEqual([])
  })

  it("the overwrite is capture noise", () => {
    expect(findingsOf(rule, [read('"a1"'), ...noiseVariants(createOnly())])).toEqual([])
  })
})
