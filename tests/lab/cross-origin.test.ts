import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

describe("lab CORS for other loopback origins", () => {
  const lab = useLab()
  const elsewhere = "http://localhost:5173"

  /** The headers a preflight's answer allows, lower-cased, as a browser compares them. */
  async function allowedBy(
    query: string,
    method: string,
    requested: string,
    policy = "strict"
  ): Promise<string[]> {
    const preflight = await fetch(`${lab.url()}/api/${policy}/notes/1${query}`, {
      method: "OPTIONS",
      headers: {
        Origin: elsewhere,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": requested
      }
    })
    expect(preflight.status).toBe(204)
    const list = preflight.headers.get("Access-Control-Allow-Headers") ?? ""
    return list.split(",").map((name) => name.trim().toLowerCase())
  }

  it("allows the method-override headers a POST standing for PUT sends (&override=1 with &api=)", async () => {
    const requested = "content-type,if-match,x-http-method-override"
    const allowed = await allowedBy("", "POST", requested)
    expect(allowed).toEqual(expect.arrayContaining(["x-http-method-override", "x-http-method", "if-match"]))
    // A setup that forgot If-Match forgot only that.
    const blocking = await allowedBy("?cors=block-if-match", "POST", requested)
    expect(blocking).toContain("x-http-method-override")
    expect(blocking).not.toContain("if-match")
    const read = await fetch(`${lab.url()}/api/strict/notes/1`, { headers: { Origin: elsewhere } })
    const tunnelled = await fetch(`${lab.url()}/api/strict/notes/1`, {
      method: "POST",
      headers: {
        Origin: elsewhere,
        "Content-Type": "application/json",
        "If-Match": read.headers.get("ETag") ?? "",
        "X-HTTP-Method-Override": "PUT"
      },
      body: JSON.stringify({ text: "via POST" })
    })
    expect(tunnelled.status).toBe(200)
    expect(tunnelled.headers.get("Access-Control-Allow-Origin")).toBe(elsewhere)
  })

  it("answers a $batch and its preflight in the ?cors= mode of its URL, as any other route", async () => {
    const batchUrl = (mode: string) => `${lab.url()}/api/strict/$batch?cors=${mode}`
    const preflight = (mode: string, requested: string) =>
      fetch(batchUrl(mode), {
        method: "OPTIONS",
        headers: {
          Origin: elsewhere,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": requested
        }
      })
    const blocking = await preflight("block-if-match", "content-type,if-match")
    expect(blocking.headers.get("Access-Control-Allow-Headers")).not.toMatch(/(^|,)\s*if-match\s*(,|$)/i)
    expect((await preflight("refuse-if-match", "content-type,if-match")).status).toBe(403)
    // What the scenario page's batches ask: their If-Match travels inside the body.
    expect((await preflight("refuse-if-match", "content-type")).status).toBe(204)
    const hidden = await fetch(batchUrl("hide-etag"), {
      method: "POST",
      headers: { Origin: elsewhere, "Content-Type": "multipart/mixed; boundary=b" },
      body: ["--b", "Content-Type: application/http", "", "GET notes/1 HTTP/1.1", "", "", "--b--", ""].join(
        "\r\n"
      )
    })
    expect(hidden.headers.get("Access-Control-Allow-Origin")).toBe(elsewhere)
    expect(hidden.headers.get("Access-Control-Expose-Headers")).not.toMatch(/etag/i)
    expect(await hidden.text()).toMatch(/^etag: "n1-v1-/im)
  })

  it("allows Authorization in every mode that allows requests, so a bearer token passes the preflight", async () => {
    // per-user tags each user's representation by its Authorization: a page must be able to send it.
    for (const query of ["", "?cors=hide-etag"]) {
      expect(await allowedBy(query, "PUT", "authorization,content-type,if-match", "per-user")).toEqual(
        expect.arrayContaining(["authorization", "if-match"])
      )
    }
    const blocking = await allowedBy("?cors=block-if-match", "PUT", "authorization,if-match", "per-user")
    expect(blocking).toContain("authorization")
    expect(blocking).not.toContain("if-match")
    // refuse-if-match still refuses a preflight naming If-Match whole, and passes one without it.
    expect(await allowedBy("?cors=refuse-if-match", "GET", "authorization", "per-user")).toContain(
      "authorization"
    )
    const refused = await fetch(`${lab.url()}/api/per-user/notes/1?cors=refuse-if-match`, {
      method: "OPTIONS",
      headers: {
        Origin: elsewhere,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization,if-match"
      }
    })
    expect(refused.status).toBe(403)
  })
})
