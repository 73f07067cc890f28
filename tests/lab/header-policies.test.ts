import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

describe("lax policy: tags served, never checked", () => {
  const lab = useLab()
  const NOTE = "/api/lax/notes/1"

  it("lets two writers holding the same tag both succeed: the first edit is lost", async () => {
    const { etag } = await lab.send("GET", NOTE)
    const alice = await lab.send("PUT", NOTE, {
      headers: { "If-Match": etag ?? "" },
      json: { text: "alice" }
    })
    const bob = await lab.send("PUT", NOTE, { headers: { "If-Match": etag ?? "" }, json: { text: "bob" } })
    expect([alice.status, bob.status]).toEqual([200, 200])
    expect(bob.headers.get("X-Lab-Version")).toBe("3")
    expect((await lab.send("GET", NOTE)).body?.text).toBe("bob")
  })

  it("accepts writes without any tag, nonsense tags and deletes", async () => {
    expect((await lab.send("PUT", NOTE, { json: { text: "blind" } })).status).toBe(200)
    expect(
      (await lab.send("PATCH", NOTE, { headers: { "If-Match": '"nope"' }, json: { text: "x" } })).status
    ).toBe(200)
    expect((await lab.send("DELETE", NOTE, { headers: { "If-Match": '"nope"' } })).status).toBe(204)
  })

  it("still answers 304 to If-None-Match on GET", async () => {
    const { etag } = await lab.send("GET", NOTE)
    expect((await lab.send("GET", NOTE, { headers: { "If-None-Match": etag ?? "" } })).status).toBe(304)
  })
})

describe("weak policy: weak tags can never pass a strong If-Match", () => {
  const lab = useLab()
  const NOTE = "/api/weak/notes/1"

  it("serves weak tags", async () => {
    expect((await lab.send("GET", NOTE)).etag).toMatch(/^W\/"n1-v1-[0-9a-f]{8}"$/)
  })

  it("412s the exact tag the client was given, and its strong form too", async () => {
    const { etag } = await lab.send("GET", NOTE)
    const echoed = await lab.send("PUT", NOTE, { headers: { "If-Match": etag ?? "" }, json: { text: "x" } })
    expect(echoed.status).toBe(412)
    const strongForm = (etag ?? "").replace(/^W\//, "")
    expect(
      (await lab.send("PUT", NOTE, { headers: { "If-Match": strongForm }, json: { text: "x" } })).status
    ).toBe(412)
    expect((await lab.send("PUT", NOTE, { json: { text: "x" } })).status).toBe(428)
  })

  it("answers 304 to If-None-Match (weak comparison) on GET", async () => {
    const { etag } = await lab.send("GET", NOTE)
    expect((await lab.send("GET", NOTE, { headers: { "If-None-Match": etag ?? "" } })).status).toBe(304)
  })
})

describe("dated policy: Last-Modified and If-Unmodified-Since instead of tags (RFC 9110 §13.1.4)", () => {
  const lab = useLab()
  const NOTE = "/api/dated/notes/1"
  const since = (date: string) => ({ headers: { "If-Unmodified-Since": date }, json: { text: "x" } })

  it.each(["dated", "dated-lax"])(
    "%s serves Last-Modified, one minute per version, and no ETag",
    async (policy) => {
      const read = await lab.send("GET", `/api/${policy}/notes/1`)
      expect(read.etag).toBeNull()
      expect(read.headers.get("Last-Modified")).toBe("Thu, 01 Jan 2026 00:01:00 GMT")
    }
  )

  it("accepts a write whose date is not older than the note's last change, then refuses the same date", async () => {
    const lastModified = (await lab.send("GET", NOTE)).headers.get("Last-Modified") ?? ""
    const first = await lab.send("PUT", NOTE, since(lastModified))
    expect(first.status).toBe(200)
    expect(first.headers.get("Last-Modified")).toBe("Thu, 01 Jan 2026 00:02:00 GMT")
    const stale = await lab.send("PUT", NOTE, since(lastModified))
    expect(stale.status).toBe(412)
    expect(stale.body?.lastModified).toBe("Thu, 01 Jan 2026 00:02:00 GMT")
  })

  it("requires the date: 428 without it, and for a date the server must ignore", async () => {
    expect((await lab.send("PUT", NOTE, { json: { text: "blind" } })).status).toBe(428)
    expect((await lab.send("PUT", NOTE, since("yesterday"))).status).toBe(428)
    // Not an HTTP-date: there is no 31 February (Date.parse would roll it into March).
    expect((await lab.send("PUT", NOTE, since("Sat, 31 Feb 2026 00:01:00 GMT"))).status).toBe(428)
    expect((await lab.send("DELETE", NOTE)).status).toBe(428)
  })

  it("reads the obsolete RFC 850 and asctime forms of the date too (RFC 9110 §5.6.7: MUST accept all three)", async () => {
    // Version 1 was last modified at Thu, 01 Jan 2026 00:01:00 GMT.
    const first = await lab.send("PUT", NOTE, since("Thursday, 01-Jan-26 00:01:00 GMT"))
    expect(first.status).toBe(200)
    expect((await lab.send("PUT", NOTE, since("Thu Jan  1 00:02:00 2026"))).status).toBe(200)
    const stale = await lab.send("PUT", NOTE, since("Thursday, 01-Jan-26 00:02:00 GMT"))
    expect(stale.status).toBe(412)
    expect((await lab.send("PUT", NOTE, since("Thu Jan  1 00:01:00 2026"))).status).toBe(412)
  })
})

describe("dated-lax policy: Last-Modified served, If-Unmodified-Since never checked", () => {
  const lab = useLab()
  const NOTE = "/api/dated-lax/notes/1"

  it("accepts a stale date and a write without one: every write wins", async () => {
    const lastModified = (await lab.send("GET", NOTE)).headers.get("Last-Modified") ?? ""
    const since = { headers: { "If-Unmodified-Since": lastModified }, json: { text: "first" } }
    expect((await lab.send("PUT", NOTE, since)).status).toBe(200)
    const stale = await lab.send("PUT", NOTE, { ...since, json: { text: "second" } })
    expect(stale.status).toBe(200)
    expect(stale.headers.get("Last-Modified")).toBe("Thu, 01 Jan 2026 00:03:00 GMT")
    expect((await lab.send("PUT", NOTE, { json: { text: "blind" } })).status).toBe(200)
    expect((await lab.send("PATCH", "/api/dated-lax/notes/99", { json: { text: "x" } })).status).toBe(404)
  })
})

/** A PUT of a whole note, with `If-Match` when given. */
const put = (ifMatch?: string) => ({
  ...(ifMatch === undefined ? {} : { headers: { "If-Match": ifMatch } }),
  json: { text: "x" }
})

describe("deflate policy: the ETag goes out with -gzip, If-Match is compared without it", () => {
  const lab = useLab()
  const NOTE = "/api/deflate/notes/1"

  it("refuses the very tag it sent, yet accepts the tag without the suffix and a write without a tag", async () => {
    const sent = (await lab.send("GET", NOTE)).etag ?? ""
    expect(sent).toMatch(/^"n1-v1-[0-9a-f]+-gzip"$/)
    expect((await lab.send("PUT", NOTE, put(sent))).status).toBe(412)
    expect((await lab.send("GET", NOTE)).etag).toBe(sent)
    expect((await lab.send("PUT", NOTE, put(sent.replace("-gzip", "")))).status).toBe(200)
    expect((await lab.send("PUT", NOTE, put())).status).toBe(200)
  })
})

describe("farm policy: two strict servers in turn, each with its own tags", () => {
  const lab = useLab()
  const NOTE = "/api/farm/notes/1"

  it("answers from web1 and web2 in turn, each tagging the same note its own way", async () => {
    const first = await lab.send("GET", NOTE)
    const second = await lab.send("GET", NOTE)
    expect([first.headers.get("X-Served-By"), second.headers.get("X-Served-By")]).toEqual(["web1", "web2"])
    expect(first.etag).toMatch(/^"n1-v1-[0-9a-f]{8}:web1"$/)
    expect(second.etag).toBe(first.etag?.replace(":web1", ":web2"))
    expect(second.body).toEqual(first.body)
    expect((await lab.send("GET", NOTE)).headers.get("X-Served-By")).toBe("web1")
  })

  it("refuses a tag from the other server with 412, accepts its own, and asks for If-Match with 428", async () => {
    const fromWeb1 = (await lab.send("GET", NOTE)).etag ?? ""
    const onWeb2 = await lab.send("PUT", NOTE, put(fromWeb1))
    expect([onWeb2.status, onWeb2.headers.get("X-Served-By")]).toEqual([412, "web2"])
    const onWeb1 = await lab.send("PUT", NOTE, put(fromWeb1))
    expect([onWeb1.status, onWeb1.headers.get("X-Served-By")]).toEqual([200, "web1"])
    expect((await lab.send("PUT", NOTE, put())).status).toBe(428)
    // A tag of the old version fails on its own server too: each server is strict.
    expect((await lab.send("PUT", NOTE, put(fromWeb1))).status).toBe(412)
  })

  it("starts again from web1 after a reset; other policies name no server", async () => {
    await lab.send("GET", NOTE)
    await fetch(`${lab.url()}/api/_reset`, { method: "POST" })
    expect((await lab.send("GET", NOTE)).headers.get("X-Served-By")).toBe("web1")
    expect((await lab.send("GET", "/api/strict/notes/1")).headers.get("X-Served-By")).toBeNull()
  })
})

describe("per-user policy: a representation and a tag per user (Vary: Authorization)", () => {
  const lab = useLab()
  const NOTE = "/api/per-user/notes/1"
  const as = (user: string, options: { headers?: Record<string, string>; json?: unknown } = {}) => ({
    ...options,
    headers: { ...options.headers, Authorization: `Bearer token-of-${user}` }
  })

  it("tags one version once per user, says it varies by Authorization, and never shows the credentials", async () => {
    const alice = await lab.send("GET", NOTE, as("alice"))
    const bob = await lab.send("GET", NOTE, as("bob"))
    expect(alice.etag).toMatch(/^"n1-v1-[0-9a-f]{8}-[0-9a-f]{8}"$/)
    expect(bob.etag).not.toBe(alice.etag)
    expect(bob.etag?.slice(0, 15)).toBe(alice.etag?.slice(0, 15)) // the same version
    expect(alice.headers.get("Vary")).toContain("Authorization")
    expect(alice.body?.viewer).not.toBe(bob.body?.viewer)
    expect(JSON.stringify([alice.body, bob.body])).not.toContain("token-of")
    expect((await lab.send("GET", NOTE, as("alice"))).etag).toBe(alice.etag)
  })

  it("takes each user's own tag, refuses another user's with 412 and a missing one with 428", async () => {
    const alices = (await lab.send("GET", NOTE, as("alice"))).etag ?? ""
    const bobs = (await lab.send("GET", NOTE, as("bob"))).etag ?? ""
    expect((await lab.send("PUT", NOTE, as("bob", put(alices)))).status).toBe(412)
    expect((await lab.send("PUT", NOTE, as("bob", put()))).status).toBe(428)
    const saved = await lab.send("PUT", NOTE, as("alice", put(alices)))
    expect(saved.status).toBe(200)
    // Alice's write made a new version: Bob's tag of the old one is stale now.
    expect((await lab.send("PUT", NOTE, as("bob", put(bobs)))).status).toBe(412)
  })
})

describe("unmapped policy: If-Match checked, but a conflict is answered 500", () => {
  const lab = useLab()
  const NOTE = "/api/unmapped/notes/1"

  it("answers a stale tag with 500 and changes nothing; the current tag passes", async () => {
    const { etag } = await lab.send("GET", NOTE)
    const saved = await lab.send("PUT", NOTE, { headers: { "If-Match": etag ?? "" }, json: { text: "a" } })
    expect(saved.status).toBe(200)
    const stale = await lab.send("PUT", NOTE, { headers: { "If-Match": etag ?? "" }, json: { text: "b" } })
    expect(stale.status).toBe(500)
    expect(stale.body).toMatchObject({ status: 500, error: "Internal Server Error" })
    expect(String(stale.body?.message)).toMatch(/OptimisticLockException/)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("a")
  })

  it("answers If-None-Match: * on the existing note with 500, and lets a write without If-Match through", async () => {
    const createOnly = await lab.send("PUT", NOTE, { headers: { "If-None-Match": "*" }, json: { text: "x" } })
    expect(createOnly.status).toBe(500)
    expect((await lab.send("PATCH", NOTE, { json: { text: "blind" } })).status).toBe(200)
  })
})
