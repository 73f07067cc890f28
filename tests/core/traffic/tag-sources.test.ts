import { describe, expect, it } from "vitest"

import { DEFAULT_ENGINE_OPTIONS, type BodyInfo, type ItemTag } from "../../../src/core/model"
import {
  findItemTags,
  findRequestVersion,
  findResponseTags,
  versionHeaderOf
} from "../../../src/core/traffic/tag-sources"

const options = DEFAULT_ENGINE_OPTIONS
const json = (value: unknown, mimeType = "application/json"): BodyInfo => {
  const text = JSON.stringify(value)
  return { mimeType, size: text.length, text }
}
const sources = (tags: readonly { source: string; tag: { opaque: string; weak: boolean } }[]) =>
  tags.map((t) => `${t.source}=${t.tag.weak ? "W/" : ""}${t.tag.opaque}`)

describe("findResponseTags", () => {
  it("reads the ETag header (nginx, strong)", () => {
    expect(sources(findResponseTags([{ name: "etag", value: '"65f1a2b3-1d"' }], undefined, options))).toEqual(
      ["header=65f1a2b3-1d"]
    )
  })

  it("reads header and @odata.etag of a SAP CAP / Nox entity, header first", () => {
    const body = json({
      "@odata.context": "$metadata#Docs/$entity",
      ID: "a",
      "@odata.etag": 'W/"2024-05-01T10:11:12.123Z"'
    })
    const tags = findResponseTags([{ name: "ETag", value: 'W/"2024-05-01T10:11:12.123Z"' }], body, options)
    expect(sources(tags)).toEqual([
      "header=W/2024-05-01T10:11:12.123Z",
      "body:@odata.etag=W/2024-05-01T10:11:12.123Z"
    ])
  })

  it("reads Azurite table odata.etag with its URL-encoded datetime", () => {
    const tag = "W/\"datetime'2024-05-01T10%3A11%3A12.3456789Z'\""
    const tags = findResponseTags([], json({ "odata.etag": tag, PartitionKey: "p", RowKey: "r" }), options)
    expect(tags).toEqual([
      {
        tag: { weak: true, opaque: "datetime'2024-05-01T10%3A11%3A12.3456789Z'", raw: tag },
        source: "body:odata.etag"
      }
    ])
  })

  it("reads Eve's _etag when there is no header", () => {
    expect(
      sources(
        findResponseTags([], json({ _id: "1", _etag: "7776cdb01f44354af8bfa4db0c56eebcb1378975" }), options)
      )
    ).toEqual(["body:_etag=7776cdb01f44354af8bfa4db0c56eebcb1378975"])
  })

  it("reads CouchDB _rev (unquoted, lenient) next to the unrelated weak body-hash ETag", () => {
    const tags = findResponseTags(
      [{ name: "ETag", value: 'W/"2b-Lq6Rd3dM"' }],
      json({ _id: "doc", _rev: "2-7051cbe5c8faecd085a3fa619e6e6337", title: "x" }),
      options
    )
    expect(sources(tags)).toEqual(["header=W/2b-Lq6Rd3dM", "body:_rev=2-7051cbe5c8faecd085a3fa619e6e6337"])
    expect(tags[1]?.tag.lenient).toBe("unquoted")
  })

  it("reads a CouchDB write response's rev only when _rev is configured", () => {
    const body = json({ ok: true, id: "doc", rev: "3-abc" })
    expect(sources(findResponseTags([], body, options))).toEqual(["body:rev=3-abc"])
    expect(findResponseTags([], body, { bodyTagFields: ["_etag"] })).toEqual([])
  })

  it("follows the configured field order and custom fields", () => {
    const body = json({ version: 7, _etag: "e" })
    expect(sources(findResponseTags([], body, { bodyTagFields: ["version", "_etag"] }))).toEqual([
      "body:version=7",
      "body:_etag=e"
    ])
  })

  it("reads Kubernetes' metadata.resourceVersion, a path into the object (no ETag header there)", () => {
    const pod = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "notes", resourceVersion: "4711" } }
    expect(sources(findResponseTags([], json(pod), options))).toEqual(["body:metadata.resourceVersion=4711"])
    // A list's items carry it too, each named by its metadata.name.
    const list = json({ kind: "ConfigMapList", items: [pod] })
    expect(findItemTags("https://k8s.test/api/v1/configmaps?limit=50", list, options)).toEqual([
      {
        url: "https://k8s.test/api/v1/configmaps/notes",
        tag: { tag: expect.objectContaining({ opaque: "4711" }), source: "item:metadata.resourceVersion" }
      }
    ])
  })

  it("reads OData V2 __metadata.etag", () => {
    const body = json({ d: { __metadata: { uri: "http://h/S/Docs('a')", etag: "W/\"X'1'\"" }, ID: "a" } })
    expect(sources(findResponseTags([], body, options))).toEqual(["body:__metadata.etag=W/X'1'"])
  })

  it("ignores bodies that are not JSON, are JSON of another shape, or are skipped", () => {
    expect(findResponseTags([], { mimeType: "text/html", size: 5, text: "<p>_rev</p>" }, options)).toEqual([])
    expect(
      findResponseTags([], { mimeType: "application/json", size: 5, text: '{"_rev":' }, options)
    ).toEqual([])
    expect(findResponseTags([], json([{ _rev: "1-a" }]), options)).toEqual([])
    expect(findResponseTags([], { size: 10, skipped: "binary" }, options)).toEqual([])
    expect(findResponseTags([], json({ _etag: { nested: true }, _rev: null }), options)).toEqual([])
  })

  it("reads a configured version header after the ETag and before body fields", () => {
    const configured = { bodyTagFields: ["sys.version"], versionHeaders: ["X-Resource-Version"] }
    const headers = [
      { name: "ETag", value: '"e1"' },
      { name: "x-resource-version", value: "7" }
    ]
    const body = json({ sys: { version: 7 } })
    expect(sources(findResponseTags(headers, body, configured))).toEqual([
      "header=e1",
      "header:X-Resource-Version=7",
      "body:sys.version=7"
    ])
    // Without a body to read, the header alone.
    expect(sources(findResponseTags(headers.slice(1), undefined, configured))).toEqual([
      "header:X-Resource-Version=7"
    ])
    expect(findResponseTags(headers.slice(1), undefined, { bodyTagFields: [] })).toEqual([])
  })
})

/** Each item tag as [item URL, source, opaque tag]. */
const urlSourceTag = (items: readonly ItemTag[]) => items.map((i) => [i.url, i.tag.source, i.tag.tag.opaque])

describe("findItemTags", () => {
  it("reads a FHIR search's matches: W/\"<versionId>\" at each entry's fullUrl, or beside the search's URL", () => {
    const patient = (id: string, versionId: string) => ({ resourceType: "Patient", id, meta: { versionId } })
    const searchset = json(
      {
        resourceType: "Bundle",
        type: "searchset",
        entry: [
          { fullUrl: "http://h/fhir/R4/Patient/a", resource: patient("a", "3"), search: { mode: "match" } },
          // Medplum's in-memory repository leaves fullUrl out.
          { resource: patient("b", "9f1c"), search: { mode: "match" } },
          { resource: { resourceType: "OperationOutcome" }, search: { mode: "outcome" } }
        ]
      },
      "application/fhir+json"
    )
    const items = findItemTags("http://h/fhir/R4/Patient?family=Smith", searchset, options)
    expect(urlSourceTag(items)).toEqual([
      ["http://h/fhir/R4/Patient/a", "item:meta.versionId", "3"],
      ["http://h/fhir/R4/Patient/b", "item:meta.versionId", "9f1c"]
    ])
    // The tag a read of that URL shows: weak.
    expect(items.every((item) => item.tag.tag.weak)).toBe(true)
    // POST …/Patient/_search lists the same; a system-level search (no type in its path) names no URL
    // for an entry without fullUrl.
    expect(findItemTags("http://h/fhir/R4/Patient/_search", searchset, options)[1]?.url).toBe(
      "http://h/fhir/R4/Patient/b"
    )
    expect(
      findItemTags("http://h/fhir/R4?_type=Patient", searchset, options).map((item) => item.url)
    ).toEqual(["http://h/fhir/R4/Patient/a"])
  })

  it("reads no current versions from a FHIR history Bundle (its entries are past versions)", () => {
    const history = json({
      resourceType: "Bundle",
      type: "history",
      entry: [
        {
          fullUrl: "http://h/fhir/R4/Patient/a",
          resource: { resourceType: "Patient", id: "a", meta: { versionId: "1" } }
        }
      ]
    })
    expect(findItemTags("http://h/fhir/R4/Patient/a/_history", history, options)).toEqual([])
  })

  it("reads SAP CAP OData V4 rows and derives item URLs from keys", () => {
    const body = json({
      "@odata.context": "$metadata#Books",
      value: [
        { ID: 201, title: "Wuthering Heights", "@odata.etag": 'W/"2024-01-01T00:00:00.000Z"' },
        { ID: "b'1", "@odata.etag": 'W/"2"' },
        { ID: "6f2b3c4d-0000-4000-8000-000000000001", "@odata.etag": 'W/"3"' },
        { ID: 9 }
      ]
    })
    const items = findItemTags("http://h/odata/v4/catalog/Books?$top=3", body, options)
    expect(items.map((i) => [i.url, i.tag.source, i.tag.tag.opaque])).toEqual([
      ["http://h/odata/v4/catalog/Books(201)", "item:@odata.etag", "2024-01-01T00:00:00.000Z"],
      ["http://h/odata/v4/catalog/Books('b''1')", "item:@odata.etag", "2"],
      ["http://h/odata/v4/catalog/Books(6f2b3c4d-0000-4000-8000-000000000001)", "item:@odata.etag", "3"]
    ])
  })

  it("prefers @odata.id (resolved against the request URL)", () => {
    const body = json({ value: [{ "@odata.id": "Docs('x')", "@odata.etag": 'W/"1"' }] })
    expect(findItemTags("http://h/svc/Docs", body, options)[0]?.url).toBe("http://h/svc/Docs('x')")
  })

  it("takes an item link to another origin below the list's path as the item on the list's origin", () => {
    // SAP's OData V2 adapter links to the localhost it forwards to (real-cap-odata-v2.har).
    const item = (uri: string) => ({ __metadata: { uri, etag: 'W/"1"' }, ID: 1 })
    const body = json({
      d: {
        results: [
          item("http://localhost:4004/odata/v2/notes/Notes(1)"),
          item("http://localhost:4004/odata/v2/notes/Notes2(1)"),
          item("https://other.example/elsewhere/Notes(1)")
        ]
      }
    })
    expect(
      findItemTags("http://127.0.0.1:4004/odata/v2/notes/Notes", body, options).map((tag) => tag.url)
    ).toEqual([
      "http://127.0.0.1:4004/odata/v2/notes/Notes(1)",
      "http://localhost:4004/odata/v2/notes/Notes2(1)",
      "https://other.example/elsewhere/Notes(1)"
    ])
  })

  it("reads Eve _items with _links.self and plain arrays with ids", () => {
    const eve = json({ _items: [{ _id: "1", _etag: "e1", _links: { self: { href: "/people/1" } } }] })
    expect(findItemTags("http://h/people", eve, options)).toEqual([
      {
        url: "http://h/people/1",
        tag: { tag: { weak: false, opaque: "e1", raw: "e1", lenient: "unquoted" }, source: "item:_etag" }
      }
    ])
    const plain = json([{ id: "a b", _etag: '"t1"' }, { id: 2, _etag: '"t2"' }, "junk", { _etag: '"t3"' }])
    expect(
      findItemTags("http://h/api/notes/?page=1", plain, options).map((i) => [i.url, i.tag.tag.opaque])
    ).toEqual([
      ["http://h/api/notes/a%20b", "t1"],
      ["http://h/api/notes/2", "t2"],
      [undefined, "t3"]
    ])
  })

  it("reads an Azure Cosmos DB document list by id, not by its resource-id _self link", () => {
    const list = json({
      _rid: "pV8uAA==",
      Documents: [
        {
          id: "o1",
          _rid: "pV8uAJ==",
          _self: "dbs/pV8uAA==/colls/pV8uAJ==/docs/pV8uAJ1==/",
          _etag: '"0000a1"'
        },
        {
          id: "o2",
          _rid: "pV8uAK==",
          _self: "dbs/pV8uAA==/colls/pV8uAJ==/docs/pV8uAK2==/",
          _etag: '"0000b1"'
        }
      ],
      _count: 2
    })
    expect(
      urlSourceTag(findItemTags("https://acct.documents.azure.com/dbs/shop/colls/orders/docs", list, options))
    ).toEqual([
      ["https://acct.documents.azure.com/dbs/shop/colls/orders/docs/o1", "item:_etag", "0000a1"],
      ["https://acct.documents.azure.com/dbs/shop/colls/orders/docs/o2", "item:_etag", "0000b1"]
    ])
  })

  it("reads CouchDB _all_docs rows (with and without include_docs) as items of the database", () => {
    const rows = json({
      total_rows: 2,
      rows: [
        { id: "d1", key: "d1", value: { rev: "1-aaa" } },
        { id: "d2", key: "d2", value: { rev: "4-bbb" }, doc: { _id: "d2", _rev: "4-bbb" } }
      ]
    })
    expect(urlSourceTag(findItemTags("http://h/db/_all_docs?include_docs=true", rows, options))).toEqual([
      ["http://h/db/d1", "item:rev", "1-aaa"],
      ["http://h/db/d2", "item:_rev", "4-bbb"]
    ])
  })

  it("reads a list under the collection's own name, beside counts and links", () => {
    const named = json({
      total: 2,
      notes: [
        { id: 1, _etag: "e1" },
        { id: 2, _etag: "e2" }
      ],
      next: null
    })
    expect(
      findItemTags("http://h/api/notes/?page=2", named, options).map((i) => [i.url, i.tag.source])
    ).toEqual([
      ["http://h/api/notes/1", "item:_etag"],
      ["http://h/api/notes/2", "item:_etag"]
    ])
    // Case aside, and an OData collection named so.
    const odata = json({ "@odata.context": "$metadata#Books", Books: [{ ID: 7, "@odata.etag": 'W/"3"' }] })
    expect(findItemTags("http://h/svc/books", odata, options)[0]?.url).toBe("http://h/svc/books(7)")
  })

  it("does not read a tagged object's own arrays, or an array under another name, as a list", () => {
    // A note with its own _etag whose attachments carry tags: they are parts of the note, not items.
    const item = json({ id: 1, _etag: "e1", attachments: [{ id: 5, _etag: "a5" }] })
    expect(findItemTags("http://h/api/notes/1", item, options)).toEqual([])
    // An untagged user's orders: not items of /users/5 (they live under /orders).
    const user = json({ id: 5, name: "Ann", orders: [{ id: 9, _etag: "o9" }] })
    expect(findItemTags("http://h/api/users/5", user, options)).toEqual([])
    // Beside other arrays, the one named after the collection is the list.
    const withOthers = json({ labels: [{ id: 3, _etag: "l3" }], notes: [{ id: 1, _etag: "e1" }] })
    expect(findItemTags("http://h/api/notes", withOthers, options).map((i) => i.url)).toEqual([
      "http://h/api/notes/1"
    ])
  })

  it("gives nothing for single entities and non-collections", () => {
    expect(findItemTags("http://h/x", json({ _etag: "e" }), options)).toEqual([])
    expect(findItemTags("http://h/x", undefined, options)).toEqual([])
  })
})

describe("findRequestVersion", () => {
  it("reads the resourceVersion a Kubernetes update sends in its metadata", () => {
    const update = json({ kind: "ConfigMap", metadata: { name: "notes", resourceVersion: "4711" }, data: {} })
    expect(findRequestVersion("https://k8s.test/api/v1/configmaps/notes", [], update, options)).toMatchObject(
      {
        tag: { opaque: "4711" },
        source: "body:metadata.resourceVersion"
      }
    )
  })

  it("reads a JSON Patch's test of a version field as the version it is based on (Azure DevOps: /rev)", () => {
    const withRev = { ...options, bodyTagFields: ["rev", ...options.bodyTagFields] }
    const patch = (operations: object[]) => json(operations, "application/json-patch+json")
    const tested = findRequestVersion(
      "https://dev.azure.test/_apis/wit/workitems/7",
      [],
      patch([
        { op: "replace", path: "/fields/System.Title", value: "x" },
        { op: "test", path: "/rev", value: 3 }
      ]),
      withRev
    )
    expect([tested?.source, tested?.tag.opaque]).toEqual(["body:rev", "3"])
    // A nested field by its pointer; a test of another member, or a replace of the field, names none.
    expect(
      findRequestVersion(
        "http://h/x",
        [],
        patch([{ op: "test", path: "/metadata/resourceVersion", value: "9" }]),
        options
      )?.source
    ).toBe("body:metadata.resourceVersion")
    expect(
      findRequestVersion("http://h/x", [], patch([{ op: "test", path: "/title", value: "3" }]), withRev)
    ).toBeUndefined()
    expect(
      findRequestVersion("http://h/x", [], patch([{ op: "replace", path: "/rev", value: 3 }]), withRev)
    ).toBeUndefined()
  })

  it("reads a version wrapped under the resource's name, as Rails' params.require(:note) takes it", () => {
    const rails = { ...options, bodyTagFields: ["lock_version"] }
    const sent = (body: object) => findRequestVersion("http://h/notes/1", [], json(body), rails)
    expect(sent({ note: { title: "t", lock_version: 2 } })).toMatchObject({
      tag: { opaque: "2" },
      source: "body:lock_version"
    })
    // Not from a body of more than the wrapped resource, nor from an array under one key.
    expect(sent({ note: { lock_version: 2 }, other: { lock_version: 3 } })).toBeUndefined()
    expect(sent({ notes: [{ lock_version: 2 }] })).toBeUndefined()
    expect(sent({ note: { lock_version: 2 }, lock_version: 5 })?.tag.opaque).toBe("5")
  })

  it("reads a version field from a form body, by its name or wrapped in the resource's (note[lock_version])", () => {
    const rails = { ...options, bodyTagFields: ["lock_version"] }
    const form = (text: string, mimeType = "application/x-www-form-urlencoded") => ({
      mimeType,
      size: text.length,
      text
    })
    const sent = (text: string, mimeType?: string) =>
      findRequestVersion("http://h/notes/1", [], form(text, mimeType), rails)
    expect(sent("_method=patch&note%5Btitle%5D=t&note%5Block_version%5D=3&commit=Save")).toMatchObject({
      tag: { opaque: "3" },
      source: "body:lock_version"
    })
    expect(sent("note[lock_version]=4")?.tag.opaque).toBe("4")
    expect(sent("lock_version=5", "application/x-www-form-urlencoded; charset=UTF-8")?.tag.opaque).toBe("5")
    expect(sent("note[lock_versions]=4&my_lock_version=1")).toBeUndefined()
    expect(sent("note[lock_version]=4", "text/plain")).toBeUndefined()
  })

  it("finds _rev in a CouchDB PUT body", () => {
    const version = findRequestVersion(
      "http://h/db/doc",
      [],
      json({ _id: "doc", _rev: "2-abc", title: "t" }),
      options
    )
    expect(version?.source).toBe("body:_rev")
    expect(version?.tag.opaque).toBe("2-abc")
  })

  it("finds @odata.etag in a request body", () => {
    expect(
      findRequestVersion("http://h/Docs('a')", [], json({ "@odata.etag": 'W/"5"' }), options)?.source
    ).toBe("body:@odata.etag")
  })

  it("finds ?rev= on a CouchDB DELETE", () => {
    const version = findRequestVersion("http://h/db/doc?batch=ok&rev=3-def", [], undefined, options)
    expect(version).toEqual({
      tag: { weak: false, opaque: "3-def", raw: "3-def", lenient: "unquoted" },
      source: "query:rev"
    })
  })

  it("reads a configured version header (Contentful's X-Contentful-Version), case-insensitively, first", () => {
    const contentful = { ...options, versionHeaders: ["X-Contentful-Version"] }
    const headers = [{ name: "x-contentful-version", value: "3" }]
    const version = findRequestVersion(
      "https://api.test/entries/1",
      headers,
      json({ _rev: "1-a" }),
      contentful
    )
    expect(version).toMatchObject({ tag: { opaque: "3" }, source: "header:X-Contentful-Version" })
    expect(versionHeaderOf(version?.source)).toBe("X-Contentful-Version")
    // Not configured: the header is just a header.
    expect(findRequestVersion("https://api.test/entries/1", headers, undefined, options)).toBeUndefined()
  })

  it("gives undefined without any version", () => {
    expect(findRequestVersion("http://h/db/doc?rev=", [], json({ title: "t" }), options)).toBeUndefined()
    expect(findRequestVersion("not a url", [], undefined, options)).toBeUndefined()
  })
})
