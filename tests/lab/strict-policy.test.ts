import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

const NOTE = "/api/strict/notes/1"

describe("strict policy", () => {
  const lab = useLab()

  it("serves a strong ETag header and no-store", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.status).toBe(200)
    expect(read.etag).toMatch(/^"n1-v1-[0-9a-f]{8}"$/)
    expect(read.headers.get("Cache-Control")).toBe("no-store")
    expect(read.body).toEqual({ id: "1", text: "Buy milk, eggs and bread." })
  })

  it("accepts a PUT with the current tag and hands out a new tag", async () => {
    const { etag } = await lab.send("GET", NOTE)
    const write = await lab.send("PUT", NOTE, { headers: { "If-Match": etag ?? "" }, json: { text: "new" } })
    expect(write.status).toBe(200)
    expect(write.etag).toMatch(/^"n1-v2-/)
    expect(write.etag).not.toBe(etag)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("new")
  })

  it("answers 428 with a problem body when If-Match is missing", async () => {
    const write = await lab.send("PUT", NOTE, { json: { text: "blind" } })
    expect(write.status).toBe(428)
    expect(write.headers.get("Content-Type")).toContain("application/problem+json")
    expect(write.body?.title).toBe("Precondition Required")
    expect((await lab.send("DELETE", NOTE)).status).toBe(428)
    expect((await lab.send("PATCH", NOTE, { json: { text: "x" } })).status).toBe(428)
  })

  it("answers 412 to a stale tag and leaves the note alone", async () => {
    const { etag: first } = await lab.send("GET", NOTE)
    await lab.send("PUT", NOTE, { headers: { "If-Match": first ?? "" }, json: { text: "alice" } })
    const stale = await lab.send("PUT", NOTE, { headers: { "If-Match": first ?? "" }, json: { text: "bob" } })
    expect(stale.status).toBe(412)
    expect(stale.body?.currentETag).toMatch(/^"n1-v2-/)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("alice")
  })

  it("takes a POST naming PUT, MERGE or DELETE in X-HTTP-Method-Override (or X-HTTP-Method) as that method", async () => {
    const { etag: first } = await lab.send("GET", NOTE)
    const tunnelled = (method: string, headers: Record<string, string>, json?: { text: string }) =>
      lab.send("POST", NOTE, { headers: { "X-HTTP-Method-Override": method, ...headers }, json })
    const saved = await tunnelled("PUT", { "If-Match": first ?? "" }, { text: "via POST" })
    expect(saved.status).toBe(200)
    expect(saved.etag).toMatch(/^"n1-v2-/)
    expect((await tunnelled("MERGE", { "If-Match": first ?? "" }, { text: "stale" })).status).toBe(412)
    expect((await tunnelled("PUT", {}, { text: "blind" })).status).toBe(428)
    const merge = await lab.send("POST", NOTE, {
      headers: { "X-HTTP-Method": "MERGE", "If-Match": saved.etag ?? "" },
      json: { text: "merged" }
    })
    expect(merge.status).toBe(200)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("merged")
    expect((await lab.send("POST", NOTE, { json: { text: "plain POST" } })).status).toBe(405)
    expect((await tunnelled("DELETE", { "If-Match": merge.etag ?? "" })).status).toBe(204)
    expect((await lab.send("GET", NOTE)).status).toBe(404)
  })

  it("compares strongly: the weak form of the current tag does not match", async () => {
    const { etag } = await lab.send("GET", NOTE)
    const write = await lab.send("PUT", NOTE, { headers: { "If-Match": `W/${etag}` }, json: { text: "x" } })
    expect(write.status).toBe(412)
  })

  it("lets If-Match: * through when the note exists, and 412s it when it does not", async () => {
    expect(
      (await lab.send("PATCH", NOTE, { headers: { "If-Match": "*" }, json: { text: "star" } })).status
    ).toBe(200)
    const missing = await lab.send("PUT", "/api/strict/notes/zz", {
      headers: { "If-Match": "*" },
      json: { text: "x" }
    })
    expect(missing.status).toBe(412)
  })

  it("creates with If-None-Match: * and refuses it on an existing note", async () => {
    const created = await lab.send("PUT", "/api/strict/notes/new-one", {
      headers: { "If-None-Match": "*" },
      json: { text: "fresh" }
    })
    expect(created.status).toBe(201)
    expect(created.etag).toMatch(/^"nnew-one-v1-/)
    const again = await lab.send("PUT", "/api/strict/notes/new-one", {
      headers: { "If-None-Match": "*" },
      json: { text: "again" }
    })
    expect(again.status).toBe(412)
    expect((await lab.send("PUT", "/api/strict/notes/other", { json: { text: "x" } })).status).toBe(428)
  })

  it("creates with POST: 201, Location and ETag", async () => {
    const created = await lab.send("POST", "/api/strict/notes", { json: { text: "second" } })
    expect(created.status).toBe(201)
    expect(created.headers.get("Location")).toBe("/api/strict/notes/2")
    const read = await lab.send("GET", "/api/strict/notes/2")
    expect(read.etag).toBe(created.etag)
  })

  it("answers 304 to If-None-Match with the current tag, 200 with an old one", async () => {
    const { etag } = await lab.send("GET", NOTE)
    const revalidated = await lab.send("GET", NOTE, { headers: { "If-None-Match": etag ?? "" } })
    expect(revalidated.status).toBe(304)
    expect(revalidated.etag).toBe(etag)
    await lab.send("PUT", NOTE, { headers: { "If-Match": etag ?? "" }, json: { text: "changed" } })
    expect((await lab.send("GET", NOTE, { headers: { "If-None-Match": etag ?? "" } })).status).toBe(200)
  })

  it("deletes with the current tag: 204, then 404", async () => {
    const { etag } = await lab.send("GET", NOTE)
    expect((await lab.send("DELETE", NOTE, { headers: { "If-Match": etag ?? "" } })).status).toBe(204)
    expect((await lab.send("GET", NOTE)).status).toBe(404)
  })
})
