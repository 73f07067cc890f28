import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

const JSON_PATCH = { "Content-Type": "application/json-patch+json" }
const replaceText = (value: unknown) => [{ op: "replace", path: "/text", value }]

describe("PATCH with a JSON Patch (RFC 6902)", () => {
  const lab = useLab()

  it("applies the operations to the note and hands out a new tag, If-Match checked first", async () => {
    const { etag } = await lab.send("GET", "/api/strict/notes/1")
    const patched = await lab.send("PATCH", "/api/strict/notes/1", {
      headers: { ...JSON_PATCH, "If-Match": etag ?? "" },
      json: replaceText("Buy oat milk.")
    })
    expect(patched.status).toBe(200)
    expect(patched.etag).not.toBe(etag)
    expect((await lab.send("GET", "/api/strict/notes/1")).body?.text).toBe("Buy oat milk.")
    // The preconditions come before the patch: a stale tag is 412, a missing one 428.
    const stale = await lab.send("PATCH", "/api/strict/notes/1", {
      headers: { ...JSON_PATCH, "If-Match": etag ?? "" },
      json: replaceText("stale")
    })
    expect(stale.status).toBe(412)
    expect(
      (await lab.send("PATCH", "/api/strict/notes/1", { headers: JSON_PATCH, json: replaceText("x") })).status
    ).toBe(428)
  })

  it("on lax, a blind JSON Patch overwrites the text, also sent as a plain JSON array", async () => {
    expect(
      (await lab.send("PATCH", "/api/lax/notes/1", { headers: JSON_PATCH, json: replaceText("a") })).status
    ).toBe(200)
    expect((await lab.send("PATCH", "/api/lax/notes/1", { json: replaceText("b") })).status).toBe(200)
    expect((await lab.send("GET", "/api/lax/notes/1")).body?.text).toBe("b")
  })

  it("runs a test operation on the representation: 409 when the note is no longer as tested", async () => {
    const tested = (text: string) => [{ op: "test", path: "/text", value: text }, ...replaceText("Bob's")]
    const { body } = await lab.send("GET", "/api/lax/notes/1")
    const passes = await lab.send("PATCH", "/api/lax/notes/1", {
      headers: JSON_PATCH,
      json: tested(String(body?.text))
    })
    expect(passes.status).toBe(200)
    const fails = await lab.send("PATCH", "/api/lax/notes/1", {
      headers: JSON_PATCH,
      json: tested(String(body?.text))
    })
    expect(fails.status).toBe(409)
    expect(fails.body?.detail).toBe("The patch does not apply to the note as it is now.")
    expect((await lab.send("GET", "/api/lax/notes/1")).body?.text).toBe("Bob's")
  })

  it("refuses what is not a JSON Patch (400), leaves no text (422), or names no note (404)", async () => {
    const send = (json: unknown, path = "/api/lax/notes/1") =>
      lab.send("PATCH", path, { headers: JSON_PATCH, json })
    expect((await send({ text: "an object" })).status).toBe(400)
    expect((await send([{ op: "jump", path: "/text" }])).status).toBe(400)
    expect((await send([{ op: "remove", path: "/text" }])).status).toBe(422)
    expect((await send(replaceText(42))).status).toBe(422)
    expect((await send(replaceText("x"), "/api/lax/notes/99")).status).toBe(404)
    expect((await lab.send("GET", "/api/lax/notes/1")).body?.text).toBe("Buy milk, eggs and bread.")
  })

  it("answers 422, not a bare 500, to a value nested too deep to copy, within the body limit", async () => {
    // 5,000 nested arrays fit in 16 KiB; copying them overflowed the stack.
    const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`
    for (const contentType of ["application/json-patch+json", "application/json"]) {
      const response = await fetch(`${lab.url()}/api/lax/notes/1`, {
        method: "PATCH",
        headers: { "Content-Type": contentType },
        body: `[{"op": "add", "path": "/x", "value": ${deep}}]`
      })
      expect(response.status, contentType).toBe(422)
      expect(response.headers.get("Content-Type")).toBe("application/problem+json")
    }
    expect((await lab.send("GET", "/api/lax/notes/1")).headers.get("X-Lab-Version")).toBe("1")
  })
})
