import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import type { GoneItem, ItemTag } from "../../../src/core/model"
import { multistatusTags } from "../../../src/core/traffic/webdav-multistatus"
import { harEntry } from "../../builders/har"

const CALENDAR = "https://dav.example/alice/calendar/"
/** The members listed with a tag (not those answered 404). */
const tagged = (items: readonly (ItemTag | GoneItem)[] = []) =>
  items.filter((item): item is ItemTag => "tag" in item)
const xml = (text: string) => ({ mimeType: "application/xml; charset=utf-8", size: text.length, text })

/** A Multi-Status answer with a default DAV: namespace and quotes written as entities (RFC 4918 §14.16 example style). */
const LISTING = `<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <response>
    <href>/alice/calendar/</href>
    <propstat><prop><getetag>&quot;c-1&quot;</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>
  </response>
  <response>
    <href>/alice/calendar/note-1.ics</href>
    <propstat><prop><getetag>&quot;e-1&quot;</getetag><getcontenttype>text/calendar</getcontenttype></prop><status>HTTP/1.1 200 OK</status></propstat>
  </response>
  <response>
    <href>https://dav.example/alice/calendar/my%20note.ics</href>
    <propstat>
      <prop><getetag>W/"e-2"</getetag></prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
  </response>
  <response>
    <href>/alice/calendar/no-tag.ics</href>
    <propstat><prop><getetag/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
  </response>
</multistatus>`

describe("multistatusTags", () => {
  it("lists each member's getetag with its href resolved, and the collection's own tag apart", () => {
    const listed = multistatusTags(CALENDAR, xml(LISTING))
    expect(listed?.own?.tag.raw).toBe('"c-1"')
    expect(listed?.own?.source).toBe("multistatus:getetag")
    expect(tagged(listed?.items).map((item) => [item.url, item.tag.tag.raw, item.tag.tag.weak])).toEqual([
      ["https://dav.example/alice/calendar/note-1.ics", '"e-1"', false],
      ["https://dav.example/alice/calendar/my%20note.ics", 'W/"e-2"', true]
    ])
  })

  it("reads any namespace prefix, and a getetag from the first propstat answered 2xx", () => {
    const prefixed = `<?xml version="1.0"?>
<ns0:multistatus xmlns:ns0="DAV:"><ns0:response><ns0:href>/alice/calendar/note-1.ics</ns0:href>
<ns0:propstat><ns0:status>HTTP/1.1 404 Not Found</ns0:status><ns0:prop><ns0:getetag/></ns0:prop></ns0:propstat>
<ns0:propstat><ns0:prop><ns0:getetag>"e-3"</ns0:getetag></ns0:prop><ns0:status>HTTP/1.1 200 OK</ns0:status></ns0:propstat>
</ns0:response></ns0:multistatus>`
    expect(tagged(multistatusTags(CALENDAR, xml(prefixed))?.items).map((item) => item.tag.tag.raw)).toEqual([
      '"e-3"'
    ])
  })

  it("takes a Depth: 0 answer about the resource itself as its own tag", () => {
    const event = `${CALENDAR}note-1.ics`
    const listed = multistatusTags(event, xml(LISTING.replace("/alice/calendar/</href>", "/x/</href>")))
    expect(listed?.own?.tag.raw).toBe('"e-1"')
    expect(listed?.items.map((item) => item.url)).toEqual([
      "https://dav.example/x/",
      "https://dav.example/alice/calendar/my%20note.ics"
    ])
  })

  it("decodes CDATA and character references in href and getetag", () => {
    const body = `<d:multistatus xmlns:d="DAV:"><d:response><d:href><![CDATA[/alice/calendar/a&b.ics]]></d:href>
<d:propstat><d:prop><d:getetag>&#34;e-&#x34;&quot;</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`
    expect(multistatusTags(CALENDAR, xml(body))?.items).toEqual([
      {
        url: "https://dav.example/alice/calendar/a&b.ics",
        tag: expect.objectContaining({ source: "multistatus:getetag" })
      }
    ])
    expect(tagged(multistatusTags(CALENDAR, xml(body))?.items)[0]?.tag.tag.raw).toBe('"e-4"')
  })

  it("lists a member answered 404 outside any propstat as gone (a sync-collection report's removal)", () => {
    const report = `<d:multistatus xmlns:d="DAV:">
<d:response><d:href>/alice/calendar/old.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
<d:response><d:href>/alice/calendar/new.ics</d:href><d:propstat><d:prop><d:getetag>"n-1"</d:getetag></d:prop>
<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:sync-token>http://example.com/sync/2</d:sync-token></d:multistatus>`
    expect(multistatusTags(CALENDAR, xml(report))?.items).toEqual([
      { url: "https://dav.example/alice/calendar/old.ics", gone: true },
      expect.objectContaining({ url: "https://dav.example/alice/calendar/new.ics" })
    ])
  })

  it("is undefined for a body that is not Multi-Status XML, and keeps what came before a broken part", () => {
    expect(multistatusTags(CALENDAR, { mimeType: "application/json", size: 2, text: "{}" })).toBeUndefined()
    expect(multistatusTags(CALENDAR, xml("<html>multistatus</html>"))?.items).toEqual([])
    expect(multistatusTags(CALENDAR, undefined)).toBeUndefined()
    const cut = LISTING.slice(0, LISTING.indexOf("<href>https://"))
    expect(tagged(multistatusTags(CALENDAR, xml(cut))?.items).map((item) => item.tag.tag.raw)).toEqual([
      '"e-1"'
    ])
  })

  it("never throws, whatever the text (property)", () => {
    const pieces = fc.constantFrom(
      "<d:response>",
      "</d:response>",
      "<d:href>",
      "</d:href>",
      "<d:propstat>",
      "</d:propstat>",
      "<d:status>HTTP/1.1 200 OK</d:status>",
      "<d:getetag>",
      "</d:getetag>",
      '"e"',
      "&quot;",
      "&#x110000;",
      "<![CDATA[",
      "]]>",
      "/a b",
      "multistatus"
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), (parts) => {
        const listed = multistatusTags(CALENDAR, xml(parts.join("")))
        for (const item of listed?.items ?? []) {
          expect(item.url).toMatch(/^[a-z][a-z0-9+.-]*:/i)
          if ("tag" in item) expect(item.tag.source).toBe("multistatus:getetag")
        }
      })
    )
  })
})

describe("engine: tags learned from a PROPFIND listing", () => {
  const eventUrl = `${CALENDAR}note-1.ics`
  const propfind = () =>
    harEntry({
      method: "PROPFIND",
      url: CALENDAR,
      status: 207,
      statusText: "Multi-Status",
      requestHeaders: [{ name: "Depth", value: "1" }],
      responseMime: "application/xml; charset=utf-8",
      responseBody: LISTING
    })
  const put = (ifMatch: string | undefined, newTag: string) =>
    harEntry({
      method: "PUT",
      url: eventUrl,
      status: 204,
      statusText: "No Content",
      requestHeaders: ifMatch === undefined ? [] : [{ name: "If-Match", value: ifMatch }],
      responseHeaders: [{ name: "ETag", value: newTag }],
      requestBody: "BEGIN:VCALENDAR",
      requestMime: "text/calendar"
    })

  it("judges If-Match with the listed tag current, and a write without one as sent although it was known", () => {
    const engine = createEngine()
    engine.ingestHarEntry(propfind(), "import")
    engine.ingestHarEntry(put('"e-1"', '"e-5"'), "import")
    engine.ingestHarEntry(put('"e-1"', '"e-6"'), "import")
    engine.ingestHarEntry(put(undefined, '"e-7"'), "import")
    const snapshot = engine.snapshot()
    const event = snapshot.resources.find((resource) => resource.key.endsWith("/note-1.ics"))
    expect(event?.versions[0]).toMatchObject({ introducedBy: 1, tag: { source: "multistatus:getetag" } })
    expect(event?.events.map((entry) => [entry.exchangeId, entry.role, entry.precondition.state])).toEqual([
      [1, "read", "none"],
      [2, "write", "current"],
      [3, "write", "stale"],
      [4, "write", "none"]
    ])
    const rules = snapshot.findings.map((finding) => finding.ruleId)
    // The stale tag was accepted: a lost update the listing makes visible; without the listing the
    // tag would be unknown.
    expect(rules).toContain("lost-update")
    expect(rules).not.toContain("unknown-tag-sent")
  })

  it("a sync-collection report that answers the event 404 shows it gone: If-Match: * then creating it is an error", () => {
    const removed = `<d:multistatus xmlns:d="DAV:"><d:response><d:href>/alice/calendar/note-1.ics</d:href>
<d:status>HTTP/1.1 404 Not Found</d:status></d:response><d:response><d:href>/alice/calendar/never-seen.ics</d:href>
<d:status>HTTP/1.1 404 Not Found</d:status></d:response></d:multistatus>`
    const report = harEntry({
      method: "REPORT",
      url: CALENDAR,
      status: 207,
      statusText: "Multi-Status",
      responseMime: "application/xml; charset=utf-8",
      responseBody: removed
    })
    const createdByStar = harEntry({
      method: "PUT",
      url: eventUrl,
      status: 201,
      statusText: "Created",
      requestHeaders: [{ name: "If-Match", value: "*" }],
      responseHeaders: [{ name: "ETag", value: '"e-9"' }],
      requestBody: "BEGIN:VCALENDAR",
      requestMime: "text/calendar"
    })
    const engine = createEngine()
    for (const entry of [propfind(), report, createdByStar]) engine.ingestHarEntry(entry, "import")
    const snapshot = engine.snapshot()
    const event = snapshot.resources.find((resource) => resource.key.endsWith("/note-1.ics"))
    expect(event?.events.map((entry) => [entry.exchangeId, entry.role, entry.status])).toEqual([
      [1, "read", 207],
      [2, "read", 404],
      [3, "write", 201]
    ])
    expect(snapshot.findings.map((finding) => finding.ruleId)).toContain("if-match-star-created")
    // A removal of a member the traffic never showed adds no resource.
    expect(snapshot.resources.map((resource) => resource.key.replace(/^https:\/\/dav\.example/, ""))).toEqual(
      ["/alice/calendar", "/alice/calendar/note-1.ics", "/alice/calendar/my%20note.ics"]
    )
  })
})
