import { describe, expect, it } from "vitest"

import { isRequestRefusedBy, preflightRefusal } from "../../../src/core/traffic/cors-preflight"
import { exchange, write } from "../../builders/exchange"

function preflight(requested: string, allowed: Record<string, string>, method = "PUT") {
  return exchange({
    method: "OPTIONS",
    status: 204,
    kind: "preflight",
    request: { "Access-Control-Request-Method": method, "Access-Control-Request-Headers": requested },
    response: allowed
  })
}

describe("preflightRefusal", () => {
  it("names the version-carrying headers asked for and not allowed, as usually spelled", () => {
    const refusal = preflightRefusal(
      preflight("content-type, IF-MATCH,x-doc-version, authorization", {
        "Access-Control-Allow-Headers": " Content-Type ,Authorization,"
      }),
      ["X-Doc-Version"]
    )
    expect(refusal).toEqual({
      method: "PUT",
      refused: ["If-Match", "X-Doc-Version"],
      allowed: "Content-Type, Authorization"
    })
  })

  it("reads `*` as any header only when the answer does not allow credentials", () => {
    expect(
      preflightRefusal(preflight("if-match", { "Access-Control-Allow-Headers": "*" }), [])
    ).toBeUndefined()
    const withCredentials = preflight("if-match", {
      "Access-Control-Allow-Headers": "*",
      "Access-Control-Allow-Credentials": "TRUE"
    })
    expect(preflightRefusal(withCredentials, [])?.refused).toEqual(["If-Match"])
  })

  it("is undefined for a read's preflight, a failed one, or one that asked for no header", () => {
    expect(preflightRefusal(preflight("if-none-match", {}, "GET"), [])).toBeUndefined()
    expect(preflightRefusal({ ...preflight("if-match", {}), status: 500 }, [])).toBeUndefined()
    const noHeaders = exchange({
      method: "OPTIONS",
      status: 204,
      kind: "preflight",
      request: { "Access-Control-Request-Method": "PUT" }
    })
    expect(preflightRefusal(noHeaders, [])).toBeUndefined()
  })
})

describe("isRequestRefusedBy", () => {
  const refusal = { method: "PUT", refused: ["If-Match"], allowed: "" }
  it("is a failed request of that method carrying a refused header (case aside)", () => {
    const failed = write({ status: 0, kind: "failed", request: { "if-match": '"a1"' } })
    expect(isRequestRefusedBy(failed, refusal)).toBe(true)
    expect(isRequestRefusedBy({ ...failed, kind: "api", status: 200 }, refusal)).toBe(false)
    expect(isRequestRefusedBy({ ...failed, method: "PATCH" }, refusal)).toBe(false)
    expect(isRequestRefusedBy({ ...failed, requestHeaders: [] }, refusal)).toBe(false)
  })
})
