import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

describe("lab server", () => {
  const lab = useLab()

  it("listens on 127.0.0.1 at a random port", () => {
    expect(lab.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it("lists its eighteen policies with descriptions", async () => {
    const answer = await lab.send("GET", "/api/_policies")
    const policies = answer.body?.policies as { name: string; description: string }[]
    expect(policies.map((policy) => policy.name)).toEqual([
      "strict",
      "nox",
      "eve",
      "couch",
      "lax",
      "weak",
      "dated",
      "dated-lax",
      "kube",
      "deflate",
      "farm",
      "per-user",
      "spring",
      "contentful",
      "confluence",
      "azure-devops",
      "fhir",
      "scim",
      "unmapped"
    ])
    for (const policy of policies) expect(policy.description.length).toBeGreaterThan(20)
  })

  it("?session=renew gives a PHPSESSID a new value in the answer to an accepted write, and only then", async () => {
    const note = `${lab.url()}/api/lax/notes/1?session=renew`
    const write = (headers: Record<string, string>, url = note) =>
      fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ text: "renewed" })
      })
    const renewed = await write({ Cookie: "theme=dark; PHPSESSID=first" })
    expect(renewed.status).toBe(200)
    expect(renewed.headers.get("Set-Cookie")).toMatch(/^PHPSESSID=[0-9a-f]{26}; path=\/$/)
    // Not for a read, a request without the cookie, a refused write, or without the query.
    expect(
      (await fetch(note, { headers: { Cookie: "PHPSESSID=first" } })).headers.get("Set-Cookie")
    ).toBeNull()
    expect((await write({})).headers.get("Set-Cookie")).toBeNull()
    const refused = await write(
      { Cookie: "PHPSESSID=first", "If-Match": '"stale"' },
      `${lab.url()}/api/strict/notes/1?session=renew`
    )
    expect(refused.status).toBe(412)
    expect(refused.headers.get("Set-Cookie")).toBeNull()
    const plain = await write({ Cookie: "PHPSESSID=first" }, `${lab.url()}/api/lax/notes/1`)
    expect(plain.headers.get("Set-Cookie")).toBeNull()
  })

  it("has note 1 in every policy and resets to it", async () => {
    await lab.send("PUT", "/api/lax/notes/1", { json: { text: "changed" } })
    await lab.send("POST", "/api/lax/notes", { json: { text: "extra" } })
    expect(((await lab.send("GET", "/api/lax/notes")).body?.notes as unknown[]).length).toBe(2)
    const reset = await lab.send("POST", "/api/_reset")
    expect(reset.status).toBe(200)
    const read = await lab.send("GET", "/api/lax/notes/1")
    expect(read.body?.text).toBe("Buy milk, eggs and bread.")
    expect(read.headers.get("X-Lab-Version")).toBe("1")
    expect(((await lab.send("GET", "/api/lax/notes")).body?.notes as unknown[]).length).toBe(1)
  })

  it("keeps policies apart", async () => {
    await lab.send("PUT", "/api/lax/notes/1", { json: { text: "lax only" } })
    expect((await lab.send("GET", "/api/strict/notes/1")).body?.text).toBe("Buy milk, eggs and bread.")
  })

  it("answers bad input with clear JSON errors", async () => {
    const unknown = await lab.send("GET", "/api/nope/notes/1")
    expect(unknown.status).toBe(404)
    expect(String(unknown.body?.detail)).toContain("strict")
    const badJson = await fetch(`${lab.url()}/api/lax/notes/1`, { method: "PUT", body: "{not json" })
    expect(badJson.status).toBe(400)
    expect(((await badJson.json()) as { detail: string }).detail).toContain("JSON")
    expect((await lab.send("PUT", "/api/lax/notes/1", { json: { text: 5 } })).status).toBe(400)
    expect((await lab.send("PUT", "/api/lax/notes/1", { json: ["text"] })).status).toBe(400)
    expect((await lab.send("PUT", "/api/lax/notes/1", { json: { text: "x".repeat(20_000) } })).status).toBe(
      413
    )
    expect((await lab.send("GET", "/api/lax/notes/bad%20id")).status).toBe(400)
    expect((await lab.send("GET", "/api/lax/notes/404")).status).toBe(404)
    expect((await lab.send("GET", "/api/whatever")).status).toBe(404)
  })

  it("serves pages on other loopback origins as a cross-origin API, and only those", async () => {
    const note = `${lab.url()}/api/lax/notes/1`
    const elsewhere = "http://localhost:5173"
    const preflight = await fetch(note, {
      method: "OPTIONS",
      headers: {
        Origin: elsewhere,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "if-match, content-type"
      }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(elsewhere)
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toContain("PUT")
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("If-Match")
    // contentful's clients send their version in a header of its own.
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("X-Contentful-Version")
    const read = await fetch(note, { headers: { Origin: elsewhere } })
    expect(read.headers.get("Access-Control-Allow-Origin")).toBe(elsewhere)
    // A cross-origin script can read the tag only if the API exposes it.
    expect(read.headers.get("Access-Control-Expose-Headers")).toContain("ETag")
    // …which `?cors=hide-etag` makes it forget, as many real CORS setups do.
    const hidden = await fetch(`${note}?cors=hide-etag`, { headers: { Origin: elsewhere } })
    expect(hidden.headers.get("Access-Control-Allow-Origin")).toBe(elsewhere)
    expect(hidden.headers.get("ETag")).toMatch(/^"n1-v1-/)
    expect(hidden.headers.get("Access-Control-Expose-Headers")).not.toMatch(/etag/i)
    expect(hidden.headers.get("Access-Control-Expose-Headers")).toContain("Location")
    // `?cors=block-if-match` answers the preflight without If-Match: the browser then refuses the PUT.
    const blocking = await fetch(`${note}?cors=block-if-match`, {
      method: "OPTIONS",
      headers: {
        Origin: elsewhere,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "if-match, content-type"
      }
    })
    expect(blocking.status).toBe(204)
    const blockedAllowList = blocking.headers.get("Access-Control-Allow-Headers") ?? ""
    expect(blockedAllowList).toContain("If-None-Match")
    expect(blockedAllowList.split(",").map((name) => name.trim().toLowerCase())).not.toContain("if-match")
    // `?cors=refuse-if-match` refuses such a preflight whole, as Spring, Azure Storage and S3 do.
    const preflightFor = (cors: string, headers: string) =>
      fetch(`${note}?cors=${cors}`, {
        method: "OPTIONS",
        headers: {
          Origin: elsewhere,
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": headers
        }
      })
    const refused = await preflightFor("refuse-if-match", "content-type,if-match")
    expect(refused.status).toBe(403)
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBeNull()
    expect((await preflightFor("refuse-if-match", "content-type")).status).toBe(204)
    expect((await preflightFor("refuse-if-match", "content-type,if-none-match")).status).toBe(204)
    const foreign = await fetch(note, { headers: { Origin: "https://example.com" } })
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull()
    // Same-origin answers carry no CORS headers: they stay as the recorded fixtures show them.
    const own = await fetch(note, { headers: { Origin: lab.url() } })
    expect([...own.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([])
  })

  it("answers 204 and 304 with no Content-Type: they have no content (RFC 9110 §15.3.5, §15.4.5)", async () => {
    const contentTypeOf = (response: Response) => [response.status, response.headers.get("Content-Type")]
    const deleted = await fetch(`${lab.url()}/api/lax/notes/1`, { method: "DELETE" })
    expect(contentTypeOf(deleted)).toEqual([204, null])
    const { etag } = await lab.send("GET", "/api/nox/notes/1")
    const checked = await fetch(`${lab.url()}/api/nox/notes/1`, {
      method: "DELETE",
      headers: { "If-Match": etag ?? "" }
    })
    expect(contentTypeOf(checked)).toEqual([204, null])
    // fhir and scim name a Content-Type of their own in a 200: not in a 304 either.
    for (const policy of ["strict", "fhir", "scim"]) {
      const note = `${lab.url()}/api/${policy}/notes/1`
      const tag = (await fetch(note)).headers.get("ETag") ?? ""
      const notModified = await fetch(note, { headers: { "If-None-Match": tag } })
      expect(contentTypeOf(notModified), policy).toEqual([304, null])
      expect(notModified.headers.get("ETag"), policy).toBe(tag)
      // …nor as an operation's answer inside an OData $batch.
      const operation = ["GET notes/1 HTTP/1.1", `If-None-Match: ${tag}`]
      const batch = await fetch(`${lab.url()}/api/${policy}/$batch`, {
        method: "POST",
        headers: { "Content-Type": "multipart/mixed; boundary=b" },
        body: ["--b", "Content-Type: application/http", "", ...operation, "", "", "--b--", ""].join("\r\n")
      })
      const part = (await batch.text()).split("HTTP/1.1 ")[1] ?? ""
      expect(part, policy).toMatch(/^304 /)
      expect(part, policy).not.toMatch(/^content-type:/im)
    }
    const preflight = await fetch(`${lab.url()}/api/strict/notes/1`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "DELETE" }
    })
    expect(contentTypeOf(preflight)).toEqual([204, null])
  })

  it("serves the scenario page with its #run button and scripts", async () => {
    const page = await fetch(`${lab.url()}/scenario.html?policy=nox`)
    expect(page.status).toBe(200)
    expect(page.headers.get("Content-Type")).toContain("text/html")
    const html = await page.text()
    expect(html).toContain('id="run"')
    expect(html).toContain('id="out"')
    for (const script of ["/scenario.js", "/tag-access.js"]) {
      const response = await fetch(`${lab.url()}${script}`)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain("use strict")
    }
  })

  it("serves a favicon as an image (the panel then files the browser's request under static assets)", async () => {
    const icon = await fetch(`${lab.url()}/favicon.ico`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get("Content-Type")).toBe("image/png")
    const bytes = new Uint8Array(await icon.arrayBuffer())
    expect([...bytes.slice(1, 4)].map((byte) => String.fromCharCode(byte)).join("")).toBe("PNG")
  })

  it("serves the demo page", async () => {
    const page = await fetch(`${lab.url()}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("/demo.js")
  })
})
