import { describe, expect, it } from "vitest"

import {
  isRequestRefusedBy,
  listedRefusal,
  refusalByContrast
} from "../../../src/core/traffic/cors-preflight"
import { exchange, write } from "../../builders/exchange"

const PAGE = "http://localhost:5173"

function preflight(
  requested: string | undefined,
  answer: Record<string, string>,
  method = "PUT",
  status = 204
) {
  return exchange({
    method: "OPTIONS",
    status,
    kind: "preflight",
    request: {
      Origin: PAGE,
      "Access-Control-Request-Method": method,
      "Access-Control-Request-Headers": requested
    },
    response: answer
  })
}
const letIn = { "Access-Control-Allow-Origin": PAGE }

describe("listedRefusal", () => {
  it("names the version-carrying headers asked for and not allowed, as usually spelled", () => {
    const asked = preflight("content-type, IF-MATCH,x-doc-version, authorization", {
      ...letIn,
      "Access-Control-Allow-Headers": " Content-Type ,Authorization,"
    })
    expect(listedRefusal(asked, ["X-Doc-Version"])).toEqual({
      preflight: asked,
      method: "PUT",
      refused: ["If-Match", "X-Doc-Version"],
      allowed: "Content-Type, Authorization"
    })
  })

  it("reads `*` as any header only when the answer does not allow credentials", () => {
    const star = preflight("if-match", { ...letIn, "Access-Control-Allow-Headers": "*" })
    expect(listedRefusal(star, [])).toBeUndefined()
    const withCredentials = preflight("if-match", {
      ...letIn,
      "Access-Control-Allow-Headers": "*",
      "Access-Control-Allow-Credentials": "TRUE"
    })
    expect(listedRefusal(withCredentials, [])?.refused).toEqual(["If-Match"])
  })

  it("is undefined for a read's preflight, a refused one, one that asked for no header, or a write", () => {
    expect(listedRefusal(preflight("if-none-match", letIn, "GET"), [])).toBeUndefined()
    expect(listedRefusal(preflight("if-match", letIn, "PUT", 403), [])).toBeUndefined()
    expect(listedRefusal(preflight("if-match", {}), [])).toBeUndefined() // no Access-Control-Allow-Origin
    expect(listedRefusal(preflight(undefined, letIn), [])).toBeUndefined()
    expect(listedRefusal(write({ request: { "If-Match": '"a1"' } }), [])).toBeUndefined()
  })
})

describe("refusalByContrast", () => {
  // Azure Storage, S3 and Spring refuse a preflight whole (403) when a header is not allowed.
  const refused = preflight("content-type,if-match", {}, "PUT", 403)
  const allowed = preflight("content-type", { ...letIn, "Access-Control-Allow-Headers": "content-type" })

  it("is the refused preflight's version headers when one for the same write without them passed", () => {
    expect(refusalByContrast(refused, allowed, [])).toEqual({
      preflight: refused,
      method: "PUT",
      refused: ["If-Match"],
      contrast: allowed
    })
    const noOrigin = preflight("if-match", {}, "PUT", 204) // 2xx, but the page's origin not let in
    expect(refusalByContrast(noOrigin, preflight(undefined, letIn), [])?.refused).toEqual(["If-Match"])
  })

  it("is undefined when anything else could explain the refusal", () => {
    expect(refusalByContrast(allowed, refused, [])).toBeUndefined() // the wrong way round
    const otherExtra = preflight("content-type,if-match,x-trace", {}, "PUT", 403)
    expect(refusalByContrast(otherExtra, allowed, [])).toBeUndefined()
    const otherMethod = preflight("content-type", letIn, "DELETE")
    expect(refusalByContrast(refused, otherMethod, [])).toBeUndefined()
    const otherUrl = { ...allowed, url: `${allowed.url}/other` }
    expect(refusalByContrast(refused, otherUrl, [])).toBeUndefined()
    const otherPage = exchange({
      ...allowed,
      requestHeaders: allowed.requestHeaders.map((header) =>
        header.name === "Origin" ? { ...header, value: "http://localhost:3000" } : header
      )
    })
    expect(refusalByContrast(refused, otherPage, [])).toBeUndefined()
    const bothWithIfMatch = preflight("content-type,if-match", letIn)
    expect(refusalByContrast(refused, bothWithIfMatch, [])).toBeUndefined()
  })
})

describe("isRequestRefusedBy", () => {
  const refusal = { preflight: preflight("if-match", letIn), method: "PUT", refused: ["If-Match"] }
  it("is a failed request of that method carrying a refused header (case aside)", () => {
    const failed = write({ status: 0, kind: "failed", request: { "if-match": '"a1"' } })
    expect(isRequestRefusedBy(failed, refusal)).toBe(true)
    expect(isRequestRefusedBy({ ...failed, kind: "api", status: 200 }, refusal)).toBe(false)
    expect(isRequestRefusedBy({ ...failed, method: "PATCH" }, refusal)).toBe(false)
    expect(isRequestRefusedBy({ ...failed, requestHeaders: [] }, refusal)).toBe(false)
  })
})
