import { describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { LabRecorder } from "../scenario/lab-recorder"
import { useLab } from "./lab-harness"

describe("nox policy: ETag header and @odata.etag, 409", () => {
  const lab = useLab()
  const NOTE = "/api/nox/notes/1"

  it("puts the same tag in the header and in @odata.etag", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.status).toBe(200)
    expect(read.etag).toMatch(/^"n1-v1-/)
    expect(read.body?.["@odata.etag"]).toBe(read.etag)
    const list = await lab.send("GET", "/api/nox/notes")
    expect(list.body).toEqual({
      "@odata.context": "$metadata#notes",
      value: [{ "@odata.id": "notes/1", ...read.body }]
    })
  })

  it("answers 409 with the current tag when If-Match is missing or stale", async () => {
    const { etag: first } = await lab.send("GET", NOTE)
    const missing = await lab.send("PUT", NOTE, { json: { text: "blind" } })
    expect(missing.status).toBe(409)
    expect(missing.body?.currentETag).toBe(first)
    const current = await lab.send("PUT", NOTE, { headers: { "If-Match": first ?? "" }, json: { text: "a" } })
    expect(current.status).toBe(200)
    expect(current.body?.["@odata.etag"]).toBe(current.etag)
    const stale = await lab.send("PATCH", NOTE, { headers: { "If-Match": first ?? "" }, json: { text: "b" } })
    expect(stale.status).toBe(409)
    expect(stale.body?.currentETag).toBe(current.etag)
  })
})

describe("eve policy: body _etag only, 412 when stale", () => {
  const lab = useLab()
  const NOTE = "/api/eve/notes/1"

  it("keeps the tag in _etag and sends no ETag header", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.etag).toBeNull()
    expect(read.body?._etag).toMatch(/^[0-9a-f]{16}$/)
  })

  it("accepts the tag quoted or bare, 412s a stale one, accepts writes without If-Match", async () => {
    const first = String((await lab.send("GET", NOTE)).body?._etag)
    const quoted = await lab.send("PUT", NOTE, { headers: { "If-Match": `"${first}"` }, json: { text: "a" } })
    expect(quoted.status).toBe(200)
    const second = String(quoted.body?._etag)
    expect(second).not.toBe(first)
    expect(
      (await lab.send("PATCH", NOTE, { headers: { "If-Match": second }, json: { text: "b" } })).status
    ).toBe(200)
    expect(
      (await lab.send("PUT", NOTE, { headers: { "If-Match": `"${first}"` }, json: { text: "c" } })).status
    ).toBe(412)
    expect((await lab.send("PUT", NOTE, { json: { text: "no tag" } })).status).toBe(200)
  })
})

describe("couch policy: body _rev, If-Match ignored, 409 conflict", () => {
  const lab = useLab()
  const NOTE = "/api/couch/notes/1"

  it("serves _rev in the body and the rev in quotes as ETag", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.body?._id).toBe("1")
    expect(read.body?._rev).toMatch(/^1-[0-9a-f]{32}$/)
    expect(read.etag).toBe(`"${String(read.body?._rev)}"`)
  })

  it("writes with the current _rev and answers {ok, id, rev}", async () => {
    const rev = String((await lab.send("GET", NOTE)).body?._rev)
    const write = await lab.send("PUT", NOTE, { json: { _id: "1", _rev: rev, text: "a" } })
    expect(write.status).toBe(201)
    expect(write.body).toEqual({ ok: true, id: "1", rev: expect.stringMatching(/^2-/) as unknown })
    expect((await lab.send("GET", NOTE)).body?._rev).toBe(write.body?.rev)
  })

  it("answers 409 conflict to a missing or stale _rev, whatever If-Match says", async () => {
    const read = await lab.send("GET", NOTE)
    const rev = String(read.body?._rev)
    const missing = await lab.send("PUT", NOTE, {
      headers: { "If-Match": read.etag ?? "" },
      json: { text: "x" }
    })
    expect(missing.status).toBe(409)
    expect(missing.body).toEqual({ error: "conflict", reason: "Document update conflict." })
    await lab.send("PUT", NOTE, { json: { _rev: rev, text: "a" } })
    const stale = await lab.send("PUT", NOTE, { json: { _rev: rev, text: "b" } })
    expect(stale.status).toBe(409)
    const ignoredHeader = await lab.send("PUT", NOTE, {
      headers: { "If-Match": '"nonsense"' },
      json: { text: "c" }
    })
    expect(ignoredHeader.status).toBe(409)
  })

  it("deletes with ?rev=, 409s a stale rev, and has no PATCH", async () => {
    const rev = String((await lab.send("GET", NOTE)).body?._rev)
    expect((await lab.send("PATCH", NOTE, { json: { text: "x" } })).status).toBe(405)
    expect((await lab.send("DELETE", `${NOTE}?rev=1-00`)).status).toBe(409)
    const deleted = await lab.send("DELETE", `${NOTE}?rev=${rev}`)
    expect(deleted.status).toBe(200)
    expect(deleted.body?.rev).toMatch(/^2-/)
    expect((await lab.send("GET", NOTE)).status).toBe(404)
  })
})

describe("kube policy: metadata.resourceVersion in the body, like the Kubernetes API", () => {
  const lab = useLab()
  const NOTE = "/api/kube/notes/1"
  const update = (text: string, resourceVersion?: string) => ({
    json: { text, ...(resourceVersion === undefined ? {} : { metadata: { resourceVersion } }) }
  })

  it("serves the object with its resourceVersion and no ETag", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.etag).toBeNull()
    expect(read.body).toMatchObject({ kind: "Note", metadata: { name: "1", resourceVersion: "1001" } })
  })

  it("accepts an update with the current resourceVersion, then answers 409 Conflict to the same one", async () => {
    const first = await lab.send("PUT", NOTE, update("alice", "1001"))
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ metadata: { resourceVersion: "1002" }, text: "alice" })
    const stale = await lab.send("PUT", NOTE, update("bob", "1001"))
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ kind: "Status", reason: "Conflict", code: 409 })
    expect((await lab.send("GET", NOTE)).body?.text).toBe("alice")
  })

  it("applies an update without resourceVersion unconditionally (the lost update), and 400s a bad one", async () => {
    expect((await lab.send("PUT", NOTE, update("blind"))).status).toBe(200)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("blind")
    const bad = await lab.send("PUT", NOTE, { json: { text: "x", metadata: { resourceVersion: 7 } } })
    expect(bad.status).toBe(400)
  })

  it("404s an update with a resourceVersion to a note that does not exist", async () => {
    expect((await lab.send("PUT", "/api/kube/notes/9", update("x", "1001"))).status).toBe(404)
    expect((await lab.send("PUT", "/api/kube/notes/9", update("x"))).status).toBe(201)
  })

  it("lists notes as a Kubernetes list", async () => {
    const list = await lab.send("GET", "/api/kube/notes")
    expect(list.body).toMatchObject({
      kind: "NoteList",
      items: [{ metadata: { name: "1", resourceVersion: "1001" } }]
    })
  })
})

describe("spring policy: a JPA-style version number in the body", () => {
  const lab = useLab()
  const NOTE = "/api/spring/notes/1"
  const update = (text: string, version?: unknown) => ({
    json: version === undefined ? { text } : { text, version }
  })

  it("keeps the version in the body only, checks it when sent (409 when stale), overwrites without it", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.etag).toBeNull()
    expect(read.body).toEqual({ id: "1", text: expect.any(String), version: 1 })
    const current = await lab.send("PUT", NOTE, update("a", 1))
    expect([current.status, current.body?.version]).toEqual([200, 2])
    const blind = await lab.send("PUT", NOTE, update("b"))
    expect([blind.status, blind.body?.version]).toEqual([200, 3])
    const stale = await lab.send("PUT", NOTE, update("c", 1))
    expect(stale.status).toBe(409)
    expect(stale.body?.message).toMatch(/updated or deleted by another transaction/)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("b")
  })

  it("answers 400 to a version that is not an integer", async () => {
    expect((await lab.send("PUT", NOTE, update("x", "1"))).status).toBe(400)
    expect((await lab.send("PUT", NOTE, update("x", 1.5))).status).toBe(400)
  })
})

describe("confluence policy: version.number in the body, a save sends the next one", () => {
  const lab = useLab()
  const NOTE = "/api/confluence/notes/1"
  const update = (text: string, number?: unknown) => ({
    json: number === undefined ? { text } : { text, version: { number } }
  })

  it("accepts only the next version number: 409 for any other, 400 without one", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.etag).toBeNull()
    expect(read.body).toEqual({ id: "1", type: "page", text: expect.any(String), version: { number: 1 } })
    const next = await lab.send("PUT", NOTE, update("a", 2))
    expect([next.status, next.body?.version]).toEqual([200, { number: 2 }])
    const without = await lab.send("PUT", NOTE, update("b"))
    expect([without.status, without.body?.message]).toEqual([
      400,
      "Must supply an incremented version when updating Content. No version supplied."
    ])
    // A second editor who also read version 1 sends 2 too: stale now.
    const stale = await lab.send("PUT", NOTE, update("c", 2))
    expect([stale.status, stale.body?.message]).toEqual([
      409,
      "Version must be incremented on update. Current version is: 2. This update has version: 2"
    ])
    expect((await lab.send("PUT", NOTE, update("x", "3"))).status).toBe(400)
    // An empty version object names no version: the same 400 as none.
    const empty = await lab.send("PUT", NOTE, { json: { text: "y", version: {} } })
    expect(empty.body?.message).toBe(
      "Must supply an incremented version when updating Content. No version supplied."
    )
    expect((await lab.send("GET", NOTE)).body?.text).toBe("a")
    // A DELETE takes no version.
    expect((await lab.send("DELETE", NOTE)).status).toBe(204)
  })
})

describe("contentful policy: sys.version in the body, sent back in X-Contentful-Version", () => {
  const lab = useLab()
  const NOTE = "/api/contentful/notes/1"
  const update = (text: string, version?: string) => {
    const headers: Record<string, string> = version === undefined ? {} : { "X-Contentful-Version": version }
    return { json: { text }, headers }
  }
  const VERSION_MISMATCH = { sys: { type: "Error", id: "VersionMismatch" }, message: expect.any(String) }

  it("keeps the version in sys.version only, with no ETag", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.etag).toBeNull()
    expect(read.body).toEqual({
      id: "1",
      text: expect.any(String),
      sys: { id: "1", type: "Entry", version: 1 }
    })
  })

  it("writes with the current version header and answers the entry at the next version", async () => {
    const current = await lab.send("PUT", NOTE, update("a", "1"))
    expect(current.status).toBe(200)
    expect(current.body).toEqual({ id: "1", text: "a", sys: { id: "1", type: "Entry", version: 2 } })
    const patched = await lab.send("PATCH", NOTE, update("b", "2"))
    expect([patched.status, (patched.body?.sys as { version?: number }).version]).toEqual([200, 3])
  })

  it("answers 409 VersionMismatch to an update without the header, and leaves the note alone", async () => {
    const blind = await lab.send("PUT", NOTE, update("blind"))
    expect(blind.status).toBe(409)
    expect(blind.body).toEqual(VERSION_MISMATCH)
    expect((await lab.send("PATCH", NOTE, update("blind"))).status).toBe(409)
    // If-Match is not this API's header: it does not stand in for the version.
    const ifMatch = await lab.send("PUT", NOTE, { headers: { "If-Match": "1" }, json: { text: "x" } })
    expect(ifMatch.status).toBe(409)
    expect((await lab.send("GET", NOTE)).body?.sys).toEqual({ id: "1", type: "Entry", version: 1 })
  })

  it("answers 409 VersionMismatch to a stale version", async () => {
    expect((await lab.send("PUT", NOTE, update("alice", "1"))).status).toBe(200)
    const stale = await lab.send("PUT", NOTE, update("bob", "1"))
    expect(stale.status).toBe(409)
    expect(stale.body).toEqual(VERSION_MISMATCH)
    expect((await lab.send("PUT", NOTE, update("bob", "3"))).status).toBe(409)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("alice")
  })

  it("creates an entry by a PUT to a new id without the header (404 with one)", async () => {
    expect((await lab.send("PUT", "/api/contentful/notes/9", update("x", "1"))).status).toBe(404)
    const created = await lab.send("PUT", "/api/contentful/notes/9", update("new"))
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: "9", text: "new", sys: { id: "9", type: "Entry", version: 1 } })
  })

  it("checks a DELETE only when it sends the header: 409 when stale, deleted without it", async () => {
    await lab.send("PUT", NOTE, update("a", "1"))
    const stale = await lab.send("DELETE", NOTE, { headers: { "X-Contentful-Version": "1" } })
    expect(stale.status).toBe(409)
    expect(stale.body).toEqual(VERSION_MISMATCH)
    expect((await lab.send("GET", NOTE)).status).toBe(200)
    expect((await lab.send("DELETE", NOTE)).status).toBe(204)
    expect((await lab.send("GET", NOTE)).status).toBe(404)
  })

  it("deletes with the current version header", async () => {
    const deleted = await lab.send("DELETE", NOTE, { headers: { "X-Contentful-Version": "1" } })
    expect(deleted.status).toBe(204)
    expect((await lab.send("GET", NOTE)).status).toBe(404)
  })
})

describe("lists in each body-tag API's own shape", () => {
  const lab = useLab()

  // Each list's items name their note and carry its version, so the engine reads a list read as a
  // read of every note in it: the note's version is then seen by the item read and by the list.
  const listFields = { eve: "_items", nox: "value", couch: "rows", kube: "items" }
  for (const [policy, listField] of Object.entries(listFields)) {
    it(`${policy}: lists under "${listField}", whose items the engine links to each note's lineage`, async () => {
      const note = `/api/${policy}/notes/1`
      expect((await lab.send("GET", `/api/${policy}/notes`)).body?.[listField]).toHaveLength(1)
      const recorder = new LabRecorder(lab.url())
      await recorder.call({ method: "GET", path: note })
      await recorder.call({ method: "GET", path: `/api/${policy}/notes` })
      const engine = createEngine()
      for (const entry of recorder.entries) engine.ingestHarEntry(entry, "import")
      const resource = engine.snapshot().resources.find((candidate) => candidate.key.endsWith(note))
      expect(resource?.versions).toHaveLength(1)
      expect(resource?.versions[0].seenBy).toEqual([1, 2])
    })
  }
})

describe("azure-devops policy: rev in the body, tested by the update's JSON Patch", () => {
  const lab = useLab()
  const NOTE = "/api/azure-devops/notes/1"
  const patch = (text: string, rev?: number) => ({
    headers: { "Content-Type": "application/json-patch+json" },
    json: [
      ...(rev === undefined ? [] : [{ op: "test", path: "/rev", value: rev }]),
      { op: "replace", path: "/text", value: text }
    ]
  })

  it("applies an update whose test names the current rev, 409s a stale one, and overwrites without a test", async () => {
    const read = await lab.send("GET", NOTE)
    expect(read.etag).toBeNull()
    expect(read.body).toEqual({ id: "1", rev: 1, text: expect.any(String) })
    const current = await lab.send("PATCH", NOTE, patch("a", 1))
    expect([current.status, current.body?.rev, current.body?.text]).toEqual([200, 2, "a"])
    const blind = await lab.send("PATCH", NOTE, patch("b"))
    expect([blind.status, blind.body?.rev]).toEqual([200, 3])
    const stale = await lab.send("PATCH", NOTE, patch("c", 1))
    expect(stale.status).toBe(409)
    expect((await lab.send("GET", NOTE)).body?.text).toBe("b")
  })

  it("answers a PUT 405 with the methods it takes, and deletes without a revision", async () => {
    const put = await lab.send("PUT", NOTE, { json: { text: "x" } })
    expect([put.status, put.headers.get("Allow")]).toEqual([405, "GET, PATCH, DELETE"])
    expect((await lab.send("DELETE", NOTE)).status).toBe(204)
    expect((await lab.send("GET", NOTE)).status).toBe(404)
  })
})

describe('fhir policy: W/"<versionId>" compared by version id, as FHIR\'s version-aware update', () => {
  const lab = useLab()
  const NOTE = "/api/fhir/notes/1"
  const save = (text: string, ifMatch?: string) => ({
    json: { text },
    ...(ifMatch === undefined ? {} : { headers: { "If-Match": ifMatch } })
  })

  it("shows the note as FHIR content, tagged weakly by its version, and lists it as a searchset Bundle", async () => {
    const read = await lab.send("GET", NOTE)
    expect([read.etag, read.headers.get("Content-Type")]).toEqual([
      'W/"1"',
      "application/fhir+json; charset=utf-8"
    ])
    expect(read.body).toEqual({
      resourceType: "Basic",
      id: "1",
      meta: { versionId: "1" },
      text: expect.any(String)
    })
    const list = await lab.send("GET", "/api/fhir/notes")
    expect(list.headers.get("Content-Type")).toBe("application/fhir+json; charset=utf-8")
    expect(list.body).toMatchObject({
      resourceType: "Bundle",
      type: "searchset",
      entry: [{ fullUrl: "notes/1" }]
    })
  })

  it("applies an update naming the current version (weak or not), 412s a stale one, overwrites without If-Match", async () => {
    const current = await lab.send("PUT", NOTE, save("a", 'W/"1"'))
    expect([current.status, current.etag]).toEqual([200, 'W/"2"'])
    const stale = await lab.send("PUT", NOTE, save("b", 'W/"1"'))
    expect([stale.status, stale.headers.get("Content-Type"), stale.body?.resourceType]).toEqual([
      412,
      "application/fhir+json; charset=utf-8",
      "OperationOutcome"
    ])
    // The version id inside the quotes decides, W/ or not.
    expect((await lab.send("PUT", NOTE, save("c", '"2"'))).status).toBe(200)
    const blind = await lab.send("PUT", NOTE, save("d"))
    expect([blind.status, blind.etag]).toEqual([200, 'W/"4"'])
    expect((await lab.send("GET", NOTE)).body?.text).toBe("d")
  })
})

describe('scim policy: W/"<version>" repeated in meta.version, compared by version, as RFC 7644 §3.14', () => {
  const lab = useLab()
  const NOTE = "/api/scim/notes/1"
  const save = (text: string, ifMatch?: string) => ({
    json: { text },
    ...(ifMatch === undefined ? {} : { headers: { "If-Match": ifMatch } })
  })
  const listed = {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: 1,
    Resources: [{ id: "1", meta: { location: NOTE, version: 'W/"1"' } }]
  }

  it("shows the note as SCIM content whose meta.version is its ETag, and lists it, by GET or by POST .search", async () => {
    const read = await lab.send("GET", NOTE)
    expect([read.etag, read.headers.get("Content-Type")]).toEqual(['W/"1"', "application/scim+json"])
    expect(read.body).toMatchObject({
      id: "1",
      meta: { resourceType: "Note", location: NOTE, version: 'W/"1"' }
    })
    const list = await lab.send("GET", "/api/scim/notes")
    expect(list.headers.get("Content-Type")).toBe("application/scim+json")
    expect(list.body).toMatchObject(listed)
    const search = await lab.send("POST", "/api/scim/notes/.search", {
      json: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"] }
    })
    expect([search.status, search.body]).toMatchObject([200, listed])
  })

  it("applies an update naming the current version (weak or not), 412s a stale one with a SCIM error, overwrites without If-Match", async () => {
    const current = await lab.send("PUT", NOTE, save("a", 'W/"1"'))
    expect([current.status, current.etag]).toEqual([200, 'W/"2"'])
    const stale = await lab.send("PUT", NOTE, save("b", 'W/"1"'))
    expect([stale.status, stale.headers.get("Content-Type"), stale.body]).toEqual([
      412,
      "application/scim+json",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "412",
        detail: expect.stringContaining("does not name the current version (2)")
      }
    ])
    expect((await lab.send("PUT", NOTE, save("c", '"2"'))).status).toBe(200)
    const blind = await lab.send("PUT", NOTE, save("d"))
    expect([blind.status, blind.etag]).toEqual([200, 'W/"4"'])
    expect((await lab.send("GET", NOTE)).body?.text).toBe("d")
  })
})
