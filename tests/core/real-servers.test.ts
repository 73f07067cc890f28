/**
 * The engine over captures of REAL third-party servers (scripts/record-real-servers.ts): Debian's
 * Apache httpd 2.4 with mod_dav and nginx 1.22 with its dav module, each driven by the same page in
 * Chromium. What they did, as recorded:
 * - Apache refuses a stale If-Match and If-None-Match: * with 412, but tags a file modified under
 *   a second ago weakly, so a client that saves right after reading is refused with its current tag;
 * - Apache with mod_deflate (2 kB bodies, which it compresses) adds "-gzip" to the tag it sends and
 *   compares If-Match with the file's own: even the tag just read is refused (Apache bug 45023).
 * - nginx ignores If-Match and If-None-Match (If-Match: * after a delete creates the file again),
 *   and its tag is the file's mtime in seconds and its size, so a write within the same second and
 *   of the same size leaves the tag unchanged.
 * Both accept writes without a precondition and send no tag with a write's answer.
 * - lighttpd 1.4 (mod_webdav), the same page: refuses a stale If-Match, If-None-Match: * on the file
 *   and If-Match: * after its deletion with 412, and answers each write with its new strong tag.
 * - nginx 1.22 with gzip on, as a reverse proxy in front of the lab's strict API (strong tags, compared
 *   strongly): it sends the tags weak on every compressed answer, so the tag just read is refused (412).
 * - Radicale 3.1 (CalDAV), called with CORS from a page on another origin: answers updates 201
 *   with the new tag, refuses a stale tag with 412, and If-Match: * on the existing event too.
 * - Xandikos 0.2 (CalDAV), behind nginx 1.22 (no CORS of its own), the same page as Radicale: answers
 *   each write 204 with its new strong tag, refuses a stale tag with 412 (also on a DELETE), accepts
 *   If-Match: * on the existing event and refuses it after the delete.
 * - Apache and lighttpd again, with a client that learns the file's tag from folder listings
 *   (PROPFIND, Depth: 1) and never GETs it: Apache lists a file written under a second ago with a
 *   weak getetag, as its ETag header does, so the save with that listed tag is refused (412).
 * - Both CalDAV servers again, with a client that never GETs the event (made by another, unrecorded
 *   client): it lists the calendar (PROPFIND, Depth: 1) and fetches the event by REPORT
 *   (calendar-multiget), reading the tags from the 207 answers' getetag, then saves with them.
 * - webdav-server 2.6 (npm), its v2 server with an in-memory folder: no ETag header on any answer,
 *   `getetag` in PROPFIND listings, and If-Match never read (only WebDAV's `If:` header, for locks):
 *   a save with a stale listed tag overwrites.
 * - PouchDB Server again, its bulk writes (`POST _bulk_docs`): answered 201 with a result per
 *   document, a conflict (a stale revision, or none for a document that exists) among them.
 * - PouchDB Server with pouchdb-find 9 (Mango's `_find`), a client that never reads the
 *   document another client made: it learns each revision from `POST _find` and `POST _all_docs`
 *   with `keys`, judged as queries; the current revision saves, a stale one or none 409.
 * - PouchDB Server (express-pouchdb 4.2, CouchDB's HTTP API) decides by `_rev` and `?rev=`, refuses a
 *   stale or missing revision with 409, but ignores If-Match (the current revision in it is refused)
 *   and deletes without a revision. Its writes answer with the revision in ETag, its reads with
 *   Express's weak hash of the body: the revision in the body (`_rev`) tells they are one version.
 * - json-server 0.17 (Express 4) tags every answer weakly, writes included, and checks no
 *   precondition: the stale write is a lost update, If-None-Match: * overwrites. Each answer is tagged by
 *   its own body, so the note read with its comments (`?_embed=comments`) has a tag of its own.
 * - Azurite 3.37 (Microsoft's Azure Storage emulator), Table service behind a signing proxy: weak
 *   tags in ETag and `odata.etag`, compared weakly; a PUT without If-Match is an upsert; a stale tag
 *   412, a DELETE without If-Match a silent 400, If-Match: * after the delete 404. Its Blob service
 *   (an object store): a PUT without If-Match overwrites, a stale tag 412, If-None-Match: * on the
 *   existing blob 409, a DELETE 202 (enacted a moment later), If-Match: * after it 412.
 * - SAP CAP 9.9 (`@sap/cds`), an OData V4 service whose entity has an `@odata.etag` element: weak
 *   tags (the modification time) in ETag, `@odata.etag` and the list's rows, compared weakly; a stale
 *   tag 412, a write or DELETE without If-Match 428, If-None-Match: * on the existing note 500 (a
 *   unique-key error); a JSON `$batch` answers each operation on its own (200, then 412). Through its
 *   OData V2 adapter (`@cap-js-community/odata-v2-adapter` 1.15): tags in ETag, `__metadata.etag` and
 *   the `d.results` rows, whose `__metadata.uri` names the `localhost` the adapter forwards to; MERGE,
 *   also as a POST naming it (or DELETE) in `X-HTTP-Method`; a stale tag 412, MERGE without If-Match 428.
 * - The Community Solid Server 7.2 (`@solid/community-server`), called with CORS: strong tags of the
 *   modification time and the media type, so the Turtle and the JSON-LD of one version have tags of
 *   their own (Vary: Accept); a write compares the time only, so either tag saves. Writes answer 205
 *   without a tag; a stale tag, If-None-Match: * on the document, If-Match: * after its delete 412.
 * - Django 3.2 (Debian's python3-django), a view with Django's own conditional view processing
 *   (`@condition(etag_func=…)`): strong tags on reads only, a write's answer has none; a stale tag,
 *   If-None-Match: * on the note and If-Match: * after its delete 412; writes without If-Match pass.
 * - Django REST framework 3.14 with drf-extensions 0.7 (`APIETAGMixin`; Debian's packages): the MD5 of
 *   the note's values as a strong tag on every answer, a 412's included; a write without If-Match 428;
 *   but its If-Match check compares the bare value with the quoted tags sent (its issue #205), so
 *   even the tag just read is refused with 412, and only If-Match: * passes.
 * - Rails 6.1 (Debian's ruby-rails), a model with Active Record's optimistic locking: the JSON carries
 *   `lock_version`, a stale one is refused with 409 (StaleObjectError), an update without one passes;
 *   Rails' own weak ETags (a hash of each answer's body) are never checked. Judged as such with the
 *   `rails` preset; without it, the writes name no version and the hint says which preset to choose.
 * - restify 11 with its `conditionalRequest()` plugin, the note's ETag set first as its documentation
 *   shows: unquoted tags; a stale tag and If-None-Match: * on the note 412; but the plugin strips W/
 *   before comparing (a weak If-Match passes), and If-Match: * passes with no note, creating it again.
 *   Behind nginx 1.22 with gzip on, its unquoted tags are dropped from the compressed answers: the
 *   page never gets a tag, and its saves go without If-Match.
 * - moto 5.2 (the AWS mock, `moto[server]`), its S3 called from a page on another origin through
 *   presigned URLs, as browser uploads do: strong tags (the MD5 of the content, so the same text
 *   saved again keeps its tag); a stale If-Match and If-None-Match: * on the object 412, also for a
 *   DELETE; a write without a precondition passes. Its CORS answers are each bucket's rule: one
 *   bucket lists ETag in ExposeHeaders (but not on a DELETE's 204), the other does not.
 */
import { describe, expect, it } from "vitest"

import { findApiPreset, withApiPreset } from "../../src/core/api-presets"
import { exportHar } from "../../src/core/export/export-har"
import { headerValue } from "../../src/core/http/headers"
import { printLineage } from "../../src/core/lineage/print-lineage"
import { DEFAULT_ENGINE_OPTIONS } from "../../src/core/model"
import { protectionOf } from "../../src/core/policy/protection"
import { auditFixture, ruleIdsOf } from "../builders/fixture-snapshot"

function audit(file: string) {
  const { snapshot } = auditFixture(file)
  const [note, ...others] = snapshot.resources
  if (note === undefined || others.length > 0) throw new Error(`${file}: expected one resource, the note`)
  const writes = note.events.filter((event) => event.role === "write" || event.role === "create")
  const judged = writes.map((event) => [
    event.exchangeId,
    event.status,
    event.precondition.mechanism,
    event.precondition.state
  ])
  return {
    snapshot,
    note,
    judged,
    rules: ruleIdsOf(snapshot)
  }
}

function findingsOf(snapshot: ReturnType<typeof audit>["snapshot"], ruleId: string) {
  return snapshot.findings.filter((finding) => finding.ruleId === ruleId)
}

describe("real Apache httpd mod_dav capture", () => {
  const { snapshot, note, judged, rules } = audit("real-apache-dav.har")

  it("reads every entry: the page is a document, the note's requests API calls", () => {
    expect(snapshot.skipped).toEqual([])
    expect(snapshot.exchanges.map((exchange) => exchange.kind)).toEqual([
      "document",
      ...Array(12).fill("api")
    ])
    expect(note.key).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dav\/note\.json$/)
    expect(note.tagSources).toEqual(["header"])
  })

  it("judges each write: current, stale (412), none, the current weak tag (412), create-only (412), * after the delete (412)", () => {
    expect(judged).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 204, "if-match", "current"],
      [6, 412, "if-match", "stale"],
      [7, 204, "none", "none"],
      [9, 412, "if-match", "current"],
      [11, 412, "if-none-match", "any"],
      [13, 412, "if-match", "any"]
    ])
  })

  it("sees the weak tag of a file written under a second ago, and flags sending it in If-Match", () => {
    expect(note.versions.map((version) => version.tag.tag.weak)).toEqual([false, false, true])
    const [weak, ...more] = findingsOf(snapshot, "weak-tag-in-if-match")
    expect(more).toEqual([])
    expect(weak?.exchangeIds).toEqual([9])
    expect(weak?.message).toMatch(/#9 PUT sent If-Match W\/"14-[0-9a-f]+", a weak tag → 412/)
  })

  it("learns a strict server that refuses its own weak tags", () => {
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => trait.trait)).toEqual([
      "enforces-412",
      "accepts-without-precondition",
      "weak-tags"
    ])
  })

  it("finds exactly the unguarded writes, the optional precondition, the untagged answers and the weak tag", () => {
    expect(rules).toEqual([
      "conflict-overridden",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-optional",
      "weak-tag-in-if-match"
    ])
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([
      [7],
      [12]
    ])
  })
})

describe("real Apache httpd mod_dav + mod_deflate capture", () => {
  const { snapshot, note, judged, rules } = audit("real-apache-deflate-dav.har")

  it("reads the -gzip tags, and judges the tag just read as current although refused", () => {
    expect(note.versions.map((version) => version.tag.tag.raw)).toEqual([
      expect.stringMatching(/^"[0-9a-f]+-[0-9a-f]+-gzip"$/),
      expect.stringMatching(/^W\/"[0-9a-f]+-[0-9a-f]+-gzip"$/)
    ])
    expect(judged.slice(0, 3)).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 412, "if-match", "current"],
      // The scenario's "stale" save names v1, still current: the first save changed nothing.
      [6, 412, "if-match", "current"]
    ])
  })

  it("reports the server refusing its own current tag, shown again by the read right after", () => {
    expect(findingsOf(snapshot, "current-tag-refused")).toEqual([
      expect.objectContaining({ exchangeIds: [4, 5], contextExchangeIds: [5] })
    ])
    expect(rules).toEqual([
      "current-tag-refused",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-optional",
      "weak-tag-in-if-match"
    ])
    const [policy] = snapshot.policies
    expect(policy?.traits.map((trait) => trait.trait)).toContain("refuses-current-tag")
    // #4's 412 refused the current tag, as #5 showed: not evidence of enforcing If-Match.
    expect(policy?.traits.find((trait) => trait.trait === "enforces-412")?.evidence).toEqual([6, 9])
  })
})

describe("real nginx dav module capture", () => {
  const { snapshot, note, judged, rules } = audit("real-nginx-dav.har")

  it("judges each write; every one is accepted, the stale one too", () => {
    expect(judged).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 204, "if-match", "current"],
      [6, 204, "if-match", "stale"],
      [7, 204, "none", "none"],
      [9, 204, "if-match", "current"],
      [11, 204, "if-none-match", "any"],
      [13, 201, "if-match", "any"]
    ])
    expect(note.versions.map((version) => version.tag.tag.weak)).toEqual([false, false, false])
  })

  it("reports the stale write as a lost update over the read that showed v2", () => {
    const [lost, ...more] = findingsOf(snapshot, "lost-update")
    expect(more).toEqual([])
    expect(lost?.exchangeIds).toEqual([5, 6])
    expect(printLineage(note, snapshot.findings)).toMatch(
      /#6\s+PUT If-Match v1 \(STALE, current was v2\) → 204\s+✖ lost update: overwrote #5/
    )
  })

  it("reports the write whose tag did not change (same second, same size) and the ignored If-None-Match: *", () => {
    expect(findingsOf(snapshot, "tag-unchanged-after-write").map((finding) => finding.exchangeIds)).toEqual([
      [9, 10]
    ])
    expect(findingsOf(snapshot, "if-none-match-star-ignored").map((finding) => finding.exchangeIds)).toEqual([
      [11]
    ])
  })

  it("reports If-Match: * after the delete, which created the note again", () => {
    expect(findingsOf(snapshot, "if-match-star-created")).toEqual([
      expect.objectContaining({ exchangeIds: [12, 13], contextExchangeIds: [12] })
    ])
    expect(note.exists).toBe(true)
  })

  it("learns a lax server", () => {
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("lax")
    expect(policy?.traits.map((trait) => trait.trait)).toEqual([
      "accepts-without-precondition",
      "accepts-stale"
    ])
  })

  it("finds exactly these rules", () => {
    expect(rules).toEqual([
      "if-match-star-created",
      "if-none-match-star-ignored",
      "lost-update",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-not-enforced",
      "precondition-optional",
      "tag-unchanged-after-write"
    ])
  })
})

describe("real lighttpd mod_webdav capture", () => {
  const { snapshot, note, judged, rules } = audit("real-lighttpd-dav.har")

  it("answers each write with its new strong tag: a version per write, the save right after a read accepted", () => {
    expect(
      note.versions.map((version) => [version.tag.tag.weak, version.introducedBy, version.seenBy])
    ).toEqual([
      [false, 2, [3]],
      [false, 4, [5]],
      [false, 7, [8]],
      [false, 9, [10]]
    ])
    expect(judged).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 204, "if-match", "current"],
      [6, 412, "if-match", "stale"],
      [7, 204, "none", "none"],
      [9, 204, "if-match", "current"],
      [11, 412, "if-none-match", "any"],
      [13, 412, "if-match", "any"]
    ])
  })

  it("reports only the writes without If-Match, and learns a strict server that accepts them", () => {
    expect(rules).toEqual(["conflict-overridden", "missing-if-match", "precondition-optional"])
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [6]],
      ["accepts-without-precondition", [7, 12]]
    ])
  })
})

describe("real Radicale (CalDAV) capture, cross-origin", () => {
  const { snapshot, note, judged, rules } = audit("real-radicale-caldav.har")

  it("reads the cross-origin calls (Origin sent, ETag exposed) and each 201 update's new tag", () => {
    expect(snapshot.skipped).toEqual([])
    const calls = snapshot.exchanges.filter((exchange) => exchange.kind === "api")
    expect(calls).toHaveLength(11)
    const apiOrigin = new URL(note.key).origin
    for (const call of calls) {
      const origin = headerValue(call.requestHeaders, "origin")
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(origin).not.toBe(apiOrigin)
    }
    expect(note.key).toMatch(/\/alice\/calendar\/note-1\.ics$/)
    expect(note.versions.map((version) => version.introducedBy)).toEqual([2, 4, 7])
  })

  it("judges each write: create-only, current, stale (412), none, * (412)", () => {
    expect(judged.slice(0, 5)).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 201, "if-match", "current"],
      [6, 412, "if-match", "stale"],
      [7, 201, "none", "none"],
      [8, 412, "if-match", "any"]
    ])
  })

  it("reports If-Match: * refused on the existing event, and the writes without If-Match", () => {
    expect(findingsOf(snapshot, "if-match-star-rejected").map((finding) => finding.exchangeIds)).toEqual([
      [8]
    ])
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([
      [7],
      [11]
    ])
    expect(rules).toEqual([
      "conflict-overridden",
      "if-match-star-rejected",
      "missing-if-match",
      "precondition-optional"
    ])
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => trait.trait)).toEqual([
      "enforces-412",
      "accepts-without-precondition"
    ])
  })
})

describe("real Xandikos (CalDAV) capture, behind nginx", () => {
  const { snapshot, note, judged, rules } = audit("real-xandikos-caldav.har")

  it("reads each 204 write's new strong tag: a version per accepted write", () => {
    expect(snapshot.skipped).toEqual([])
    expect(note.key).toMatch(/\/alice\/calendar\/note-1\.ics$/)
    expect(
      note.versions.map((version) => [version.tag.tag.weak, version.introducedBy, version.seenBy])
    ).toEqual([
      [false, 2, [3]],
      [false, 4, [5]],
      [false, 7, []],
      [false, 8, []]
    ])
    expect(note.exists).toBe(false)
  })

  it("judges each write and delete: create-only, current, stale (412), none, * on the event (accepted), * after the delete (412)", () => {
    expect(judged).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 204, "if-match", "current"],
      [6, 412, "if-match", "stale"],
      [7, 204, "none", "none"],
      [8, 204, "if-match", "any"],
      [9, 412, "if-none-match", "any"],
      [12, 412, "if-match", "any"]
    ])
    const deletes = note.events.filter((event) => event.role === "delete")
    expect(deletes.map((event) => [event.exchangeId, event.status, event.precondition.state])).toEqual([
      [10, 412, "stale"],
      [11, 204, "none"]
    ])
  })

  it("reports the writes without If-Match and the blind If-Match: *, and learns a strict server that accepts them", () => {
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([
      [7],
      [11]
    ])
    expect(findingsOf(snapshot, "if-match-star-overwrites").map((finding) => finding.exchangeIds)).toEqual([
      [8]
    ])
    expect(rules).toEqual([
      "conflict-overridden",
      "if-match-star-overwrites",
      "missing-if-match",
      "precondition-optional"
    ])
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [6, 10]],
      ["accepts-without-precondition", [7, 11]]
    ])
  })
})

describe("real Apache, lighttpd and webdav-server captures of a WebDAV client that learns tags from folder listings", () => {
  const judgedWrites = (name: string) => {
    const { snapshot } = auditFixture(name)
    const file = snapshot.resources.find((resource) => resource.key.endsWith("/dav/note.json"))
    const writes = file?.events.filter((event) => event.role === "write")
    return {
      snapshot,
      file,
      judged: writes?.map((event) => [event.exchangeId, event.status, event.precondition.state])
    }
  }

  it("Apache: the listed weak tag of a file just written is refused (412) and flagged; the listed strong one saves", () => {
    const { snapshot, file, judged } = judgedWrites("real-apache-dav-listing.har")
    expect(
      file?.versions.map((version) => [version.introducedBy, version.tag.tag.weak, version.tag.source])
    ).toEqual([
      [3, false, "multistatus:getetag"],
      [5, true, "multistatus:getetag"]
    ])
    expect(judged).toEqual([
      [4, 204, "current"],
      [6, 412, "current"],
      [8, 412, "stale"],
      [9, 204, "none"]
    ])
    expect(findingsOf(snapshot, "weak-tag-in-if-match").map((finding) => finding.exchangeIds)).toEqual([[6]])
    expect(ruleIdsOf(snapshot)).toEqual([
      "conflict-overridden",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-optional",
      "weak-tag-in-if-match"
    ])
  })

  it("lighttpd: strong listed tags, each save with the tag just listed current, the first one stale", () => {
    const { snapshot, file, judged } = judgedWrites("real-lighttpd-dav-listing.har")
    expect(file?.versions.map((version) => version.seenBy)).toEqual([[3], [5], [7], []])
    expect(judged).toEqual([
      [4, 204, "current"],
      [6, 204, "current"],
      [8, 412, "stale"],
      [9, 204, "none"]
    ])
    expect(ruleIdsOf(snapshot)).toEqual(["conflict-overridden", "missing-if-match", "precondition-optional"])
  })

  it("webdav-server (npm): lists getetag but never reads If-Match: the save with the first listed tag overwrites, a lost update", () => {
    const { snapshot, file, judged } = judgedWrites("real-webdav-server-listing.har")
    // No ETag header on any answer: every version comes from a listing.
    expect(file?.tagSources).toEqual(["multistatus:getetag"])
    expect(judged).toEqual([
      [4, 200, "current"],
      [6, 200, "current"],
      [8, 200, "stale"],
      [9, 200, "none"]
    ])
    expect(findingsOf(snapshot, "lost-update").map((finding) => finding.exchangeIds)).toEqual([[7, 8]])
    expect(snapshot.policies.map((policy) => [policy.summary, protectionOf(policy).level])).toEqual([
      ["lax", "unprotected"]
    ])
    expect(ruleIdsOf(snapshot)).toEqual([
      "lost-update",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-not-enforced",
      "precondition-optional"
    ])
  })
})

for (const [server, updated] of [
  ["xandikos", 204],
  ["radicale", 201]
] as const) {
  describe(`real ${server} capture of a CalDAV client that learns tags from listings (PROPFIND, REPORT)`, () => {
    const { snapshot } = auditFixture(`real-${server}-caldav-sync.har`)
    const event = snapshot.resources.find((resource) => resource.key.endsWith("/alice/calendar/note-1.ics"))
    const calendar = snapshot.resources.find((resource) => resource.key.endsWith("/alice/calendar"))

    it("takes the event's first version from the PROPFIND listing, and the listings as reads of it", () => {
      expect(snapshot.skipped).toEqual([])
      expect(snapshot.resources).toHaveLength(2)
      expect(
        event?.versions.map((version) => [version.introducedBy, version.tag.source, version.seenBy])
      ).toEqual([
        [2, "multistatus:getetag", [2]],
        [3, "header", [4]],
        [6, "header", [7]],
        [8, "header", []]
      ])
      expect(calendar?.versions.map((version) => version.tag.source)).toEqual([
        "multistatus:getetag",
        "multistatus:getetag"
      ])
    })

    it("judges the saves with the listed tags: current, then the first one stale (412)", () => {
      const writes = event?.events.filter((entry) => entry.role === "write")
      expect(writes?.map((entry) => [entry.exchangeId, entry.status, entry.precondition.state])).toEqual([
        [3, updated, "current"],
        [5, 412, "stale"],
        [6, updated, "current"],
        [8, updated, "none"]
      ])
    })

    it("reports only the save without If-Match: no tag sent is unknown", () => {
      expect(ruleIdsOf(snapshot)).toEqual(["missing-if-match", "precondition-optional"])
      expect(findingsOf(snapshot, "missing-if-match")[0]?.message).toMatch(/although v3 was known/)
    })
  })
}

describe("real PouchDB Server (express-pouchdb) capture", () => {
  const { snapshot, note, rules } = audit("real-pouchdb-couch.har")
  const judged = note.events
    .filter((event) => event.role !== "read")
    .map((event) => [
      event.exchangeId,
      event.method,
      event.status,
      event.precondition.mechanism,
      event.precondition.state,
      event.precondition.source
    ])

  it("reads the revision from the body (_rev, rev) and the ETag header", () => {
    expect(snapshot.skipped).toEqual([])
    expect(note.tagSources).toEqual(["header", "body:rev", "body:_rev"])
  })

  it("judges the revisions sent in the body and the query: current, stale (409), none (409), stale DELETE (409)", () => {
    expect(judged).toEqual([
      [2, "PUT", 201, "none", "none", undefined],
      [4, "PUT", 201, "body-version", "current", "body:_rev"],
      [6, "PUT", 409, "body-version", "stale", "body:_rev"],
      [7, "PUT", 409, "none", "none", undefined],
      [8, "PUT", 409, "if-match", "current", undefined],
      [10, "DELETE", 409, "body-version", "stale", "query:rev"],
      [11, "DELETE", 200, "none", "none", undefined]
    ])
  })

  it("reports If-Match ignored: the current revision refused, and the read right after shows it unchanged", () => {
    expect(findingsOf(snapshot, "if-match-header-ignored")).toEqual([
      expect.objectContaining({ exchangeIds: [8, 9], contextExchangeIds: [9] })
    ])
  })

  it("reports the DELETE without a revision that was accepted, and the 409s", () => {
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([
      [7],
      [11]
    ])
    expect(findingsOf(snapshot, "precondition-optional").map((finding) => finding.exchangeIds)).toEqual([
      [11]
    ])
    expect(rules).toEqual([
      "conflict-as-409",
      "conflict-overridden",
      "if-match-header-ignored",
      "missing-if-match",
      "precondition-optional"
    ])
  })

  it("learns a body-versioned server refusing with 409", () => {
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("body-versioned")
    expect(policy?.traits.map((trait) => trait.trait)).toEqual([
      "enforces-409",
      "accepts-without-precondition",
      "body-version",
      "weak-tags"
    ])
    // #8's 409 refused the current revision (sent in If-Match): no evidence of enforcing it, nor
    // counted among the 409s. #6 and #10 sent a stale revision in the body or query: 409 is the
    // status §15.5.10 gives that, so only #7, which sent none, is a 409 where 428 is standard.
    expect(policy?.traits[0]?.evidence).toEqual([6, 7, 10])
    expect(findingsOf(snapshot, "conflict-as-409")[0]?.message).toMatch(/: 1 write \(#7\) refused with 409/)
  })

  it("keeps one version per revision, although its reads carry another tag in ETag than its writes", () => {
    expect(
      note.versions.map((version) => [version.tag.tag.raw, version.introducedBy, version.seenBy])
    ).toEqual([
      [expect.stringMatching(/^"1-[0-9a-f]{32}"$/), 2, [3]],
      [expect.stringMatching(/^"2-[0-9a-f]{32}"$/), 4, [5, 9]]
    ])
  })
})

describe("real PouchDB Server capture of a client that learns revisions from queries by POST (_find, _all_docs)", () => {
  const { snapshot } = auditFixture("real-pouchdb-find.har")
  const note = snapshot.resources.find((resource) => resource.key.endsWith("/notes/n1"))
  if (note === undefined) throw new Error("no lineage for /notes/n1")

  it("reads the Mango query and the _all_docs listing as queries, not writes: the document's first revision is the one listed", () => {
    expect(snapshot.skipped).toEqual([])
    const queries = snapshot.exchanges.filter((exchange) => exchange.sentMethod === "POST")
    expect(queries.map((exchange) => [exchange.id, exchange.method, new URL(exchange.url).pathname])).toEqual(
      [
        [2, "QUERY", "/notes/_find"],
        [4, "QUERY", "/notes/_find"],
        [6, "QUERY", "/notes/_all_docs"]
      ]
    )
    expect(note.versions[0]?.introducedBy).toBe(2)
    expect(note.tagSources).toContain("item:_rev")
    // No write to a query endpoint.
    const endpoints = snapshot.resources.filter((resource) => !resource.key.endsWith("/notes/n1"))
    expect(endpoints.flatMap((resource) => resource.events.map((event) => event.role))).toEqual([
      "read",
      "read",
      "read"
    ])
  })

  it("judges each save by the revision a list showed: current, stale (409), the one _all_docs listed current; none 409", () => {
    const saves = note.events.filter((event) => event.role !== "read")
    expect(saves.map((event) => [event.exchangeId, event.status, event.precondition.state])).toEqual([
      [3, 201, "current"],
      [5, 409, "stale"],
      [7, 201, "current"],
      [8, 409, "none"]
    ])
    expect(ruleIdsOf(snapshot)).toEqual(["conflict-as-409", "missing-if-match"])
    // Before, the listed revision was never seen: each save's revision was "unknown".
    expect(ruleIdsOf(snapshot)).not.toContain("unknown-tag-sent")
  })
})

describe("real PouchDB Server capture of bulk writes (POST _bulk_docs, as PouchDB's bulkDocs sends them)", () => {
  const { snapshot } = auditFixture("real-pouchdb-bulk.har")
  const lineageOf = (id: string) => {
    const found = snapshot.resources.find((resource) => resource.key.endsWith(`/notes/${id}`))
    if (found === undefined) throw new Error(`no lineage for ${id}`)
    return found
  }
  const writes = (id: string) =>
    lineageOf(id)
      .events.filter((event) => event.role !== "read")
      .map((event) => [event.exchangeId, event.method, event.status, event.precondition.state])

  it("splits each bulk write into its documents' writes, answered as CouchDB answers each alone", () => {
    expect(snapshot.skipped).toEqual([])
    expect(
      snapshot.exchanges.filter((exchange) => exchange.kind === "rpc").map((exchange) => exchange.status)
    ).toEqual([201, 201, 201, 201])
    expect(snapshot.resources.map((resource) => new URL(resource.key).pathname)).toEqual([
      "/notes/n1",
      "/notes/n2"
    ])
  })

  it("judges each document: the revision read current, the first one stale (409), the delete current; n2 without one 409", () => {
    expect(writes("n1")).toEqual([
      [3, "PUT", 201, "none"],
      [7, "PUT", 201, "current"],
      [10, "PUT", 409, "stale"],
      [12, "DELETE", 200, "current"]
    ])
    expect(writes("n2")).toEqual([
      [4, "PUT", 201, "none"],
      [8, "PUT", 409, "none"]
    ])
    expect(lineageOf("n1").exists).toBe(false)
  })

  it("learns a body-versioned server refusing with 409, and reports the write without a revision", () => {
    expect(snapshot.policies.map((policy) => policy.summary)).toEqual(["body-versioned"])
    expect(ruleIdsOf(snapshot)).toEqual(["conflict-as-409", "missing-if-match"])
  })
})

describe("real json-server (Express) capture", () => {
  const { snapshot, note, judged, rules } = audit("real-json-server-rest.har")

  it("takes every answer's weak ETag as a version, writes' included", () => {
    expect(snapshot.skipped).toEqual([])
    expect(note.tagSources).toEqual(["header"])
    expect(note.versions.map((version) => [version.tag.tag.weak, version.introducedBy])).toEqual([
      [true, 2],
      [true, 3],
      [true, 4],
      [true, 5],
      [true, 6]
    ])
  })

  it("judges each write; every one is accepted", () => {
    expect(judged).toEqual([
      [3, 200, "if-match", "current"],
      [4, 200, "if-match", "stale"],
      [5, 200, "none", "none"],
      [6, 200, "if-none-match", "any"]
    ])
  })

  it("reports the lost update, the weak tags sent in If-Match and the ignored If-None-Match: *", () => {
    expect(findingsOf(snapshot, "lost-update").map((finding) => finding.exchangeIds)).toEqual([[3, 4]])
    expect(findingsOf(snapshot, "weak-tag-in-if-match").map((finding) => finding.exchangeIds)).toEqual([
      [3, 4]
    ])
    expect(findingsOf(snapshot, "if-none-match-star-ignored").map((finding) => finding.exchangeIds)).toEqual([
      [6]
    ])
    expect(rules).toEqual([
      "if-none-match-star-ignored",
      "lost-update",
      "missing-if-match",
      "precondition-not-enforced",
      "precondition-optional",
      "weak-tag-in-if-match"
    ])
  })

  it("learns a lax server with weak tags", () => {
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("lax")
    expect(policy?.traits.map((trait) => trait.trait)).toEqual([
      "accepts-without-precondition",
      "accepts-stale",
      "weak-tags",
      "accepts-weak-if-match"
    ])
  })
})

describe("real Azurite (Azure Tables) capture", () => {
  const { snapshot, note, judged, rules } = audit("real-azurite-tables.har")

  it("reads the entity's weak tags from ETag and odata.etag, one resource for its OData key URL", () => {
    expect(snapshot.skipped).toEqual([])
    expect(note.key).toMatch(/\/notes\(PartitionKey='p',RowKey='1'\)$/)
    expect(note.tagSources).toEqual(["header", "body:odata.etag"])
    expect(note.versions.map((version) => version.tag.tag.weak)).toEqual([true, true, true])
  })

  it("judges each write: upsert, current, stale (412), upsert, stale MERGE (412), * after the delete (404)", () => {
    expect(judged).toEqual([
      [2, 204, "none", "none"],
      [4, 204, "if-match", "current"],
      [5, 412, "if-match", "stale"],
      [6, 204, "none", "none"],
      [7, 412, "if-match", "stale"],
      [11, 404, "if-match", "any"]
    ])
  })

  it("learns a server that compares weakly, refuses stale tags and a DELETE without If-Match (400)", () => {
    const [policy] = snapshot.policies
    // Strict, not required-428: a PUT without If-Match upserts.
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [5, 7]],
      ["requires-400", [8]],
      ["accepts-without-precondition", [2, 6]],
      ["weak-tags", expect.any(Array)],
      ["accepts-weak-if-match", [4, 10]]
    ])
  })

  it("finds the upserts without If-Match, the weak tags sent back, and the DELETE that needs If-Match", () => {
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([
      [2],
      [6],
      [8]
    ])
    expect(rules).toEqual([
      "conflict-overridden",
      "missing-if-match",
      "precondition-optional",
      "precondition-required",
      "server-matches-weak-tag",
      "weak-tag-in-if-match"
    ])
  })
})

describe("real Azurite (Azure Blob storage) capture", () => {
  const { snapshot, note, judged, rules } = audit("real-azurite-blob.har")

  it("judges each write of the object store: create-only, current, stale (412), none, create-only (409), * after the delete (412)", () => {
    expect(note.tagSources).toEqual(["header"])
    expect(judged).toEqual([
      [2, 201, "if-none-match", "any"],
      [4, 201, "if-match", "current"],
      [5, 412, "if-match", "stale"],
      [6, 201, "none", "none"],
      [7, 409, "if-none-match", "any"],
      [11, 412, "if-match", "any"]
    ])
    // The DELETE was accepted (202), and the read after it found the blob gone.
    expect(note.events.slice(-3).map((event) => [event.exchangeId, event.method, event.status])).toEqual([
      [9, "DELETE", 202],
      [10, "GET", 404],
      [11, "PUT", 412]
    ])
  })

  it("reports the writes without If-Match and 409 where 412 is standard, and no If-Match: * misuse", () => {
    expect(findingsOf(snapshot, "conflict-as-409")[0]?.message).toMatch(/create-only write \(#7\)/)
    expect(rules).toEqual([
      "conflict-as-409",
      "conflict-overridden",
      "missing-if-match",
      "precondition-optional"
    ])
  })
})

describe("real SAP CAP (OData V4) capture", () => {
  const { snapshot } = auditFixture("real-cap-odata.har")
  const resource = (suffix: string) => {
    const found = snapshot.resources.find((candidate) => candidate.key.endsWith(suffix))
    if (found === undefined) throw new Error(`no resource ending ${suffix}`)
    return found
  }
  const judgedWrites = (suffix: string) =>
    resource(suffix)
      .events.filter((event) => event.role !== "read")
      .map((event) => [
        event.exchangeId,
        event.method,
        event.status,
        event.precondition.mechanism,
        event.precondition.state
      ])

  it("keys each entity by its OData key URL, its weak tags read from ETag, @odata.etag and the list's rows", () => {
    expect(snapshot.skipped).toEqual([])
    expect(
      snapshot.resources.map((candidate) => candidate.key.replace(/^.*\/odata\/v4\/notes\//, ""))
    ).toEqual(["Notes", "Notes(1)", "Notes(2)"])
    const first = resource("Notes(1)")
    expect(first.tagSources).toEqual(["item:@odata.etag", "header", "body:@odata.etag"])
    expect(first.versions.map((version) => [version.tag.tag.weak, version.introducedBy])).toEqual([
      [true, 2],
      [true, 4],
      [true, 11]
    ])
  })

  it("judges the writes, the two inside the JSON batch each on its own: current, stale (412)", () => {
    const batch = snapshot.exchanges.find((exchange) => exchange.id === 10)
    expect(batch?.kind).toBe("rpc")
    expect(batch?.notes.join(" ")).toMatch(/OData batch of 2 operations \(#11–#12\)/)
    expect(judgedWrites("Notes(1)")).toEqual([
      [4, "PATCH", 200, "if-match", "current"],
      [5, "PATCH", 412, "if-match", "stale"],
      [6, "PATCH", 428, "none", "none"],
      [11, "PATCH", 200, "if-match", "current"],
      [12, "PATCH", 412, "if-match", "stale"]
    ])
    expect(judgedWrites("Notes(2)")).toEqual([
      [7, "POST", 201, "none", "none"],
      [8, "PUT", 500, "if-none-match", "any"],
      [9, "DELETE", 428, "none", "none"],
      [13, "DELETE", 204, "if-match", "current"],
      [15, "PATCH", 404, "if-match", "any"]
    ])
    expect(resource("Notes(2)").exists).toBe(false)
  })

  it("reports If-None-Match: * on the existing note answered 500, and the writes sent without If-Match", () => {
    expect(findingsOf(snapshot, "conflict-as-server-error").map((finding) => finding.message)).toEqual([
      "#8 PUT with If-None-Match: * on an existing resource (v1) → 500 instead of 412"
    ])
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([[6], [9]])
    expect(ruleIdsOf(snapshot)).toEqual([
      "conflict-as-server-error",
      "missing-if-match",
      "precondition-required",
      "server-matches-weak-tag",
      "weak-tag-in-if-match"
    ])
  })

  it("learns a server that requires If-Match (428), refuses stale tags (412) and compares weakly", () => {
    const [policy, ...others] = snapshot.policies
    expect(others).toEqual([])
    expect(policy?.summary).toBe("required-428")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [5, 12]],
      ["requires-428", [6, 9]],
      ["weak-tags", expect.any(Array)],
      ["accepts-weak-if-match", [4, 11, 13]]
    ])
  })
})

describe("real Community Solid Server capture, cross-origin", () => {
  const { snapshot, note, judged, rules } = audit("real-solid-pod.har")

  it("keeps the Turtle and JSON-LD reads of one version as one version known by both tags", () => {
    expect(snapshot.skipped).toEqual([])
    expect(
      note.versions.map((version) => [
        version.tag.tag.raw.replace(/\d+/, "T"),
        version.otherTags?.map((tag) => [tag.tag.raw.replace(/\d+/, "T"), tag.representation]),
        version.seenBy
      ])
    ).toEqual([
      ['"T-text/turtle"', [['"T-application/ld+json"', "application/ld+json"]], [3, 4]],
      ['"T-text/turtle"', [['"T-application/ld+json"', "application/ld+json"]], [6, 7]],
      ['"T-text/turtle"', undefined, [11]]
    ])
  })

  it("judges a save with either representation's tag current, the first tag stale after them", () => {
    expect(judged).toEqual([
      [2, 201, "if-none-match", "any"],
      [5, 205, "if-match", "current"], // the Turtle tag, read before the JSON-LD one
      [8, 205, "if-match", "current"], // the JSON-LD tag
      [9, 412, "if-match", "stale"],
      [10, 205, "none", "none"],
      [12, 205, "if-match", "current"], // a SPARQL Update PATCH
      [13, 412, "if-match", "stale"],
      [14, 412, "if-none-match", "any"],
      [16, 412, "if-match", "any"]
    ])
  })

  it("reports no lost update, only the writes without If-Match and the answers without a tag", () => {
    expect(rules).toEqual([
      "conflict-overridden",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-optional"
    ])
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [9, 13]],
      ["accepts-without-precondition", [10, 15]]
    ])
  })
})

describe("real SAP CAP through its OData V2 adapter: MERGE, and POST standing for MERGE or DELETE", () => {
  const { snapshot } = auditFixture("real-cap-odata-v2.har")
  const item = snapshot.resources.find((candidate) => candidate.key.endsWith("/Notes(1)"))

  it("keys the list's row on the page's origin, though its __metadata.uri names the adapter's localhost", () => {
    expect(snapshot.skipped).toEqual([])
    expect(snapshot.resources.map((resource) => new URL(resource.key).host)).toEqual([
      expect.stringMatching(/^127\.0\.0\.1:/),
      expect.stringMatching(/^127\.0\.0\.1:/)
    ])
    expect(item?.tagSources).toEqual(["item:__metadata.etag", "header", "body:__metadata.etag"])
    expect(
      item?.versions.map((version) => [version.tag.tag.weak, version.introducedBy, version.seenBy])
    ).toEqual([
      [true, 2, [2, 3]],
      [true, 4, [7]],
      [true, 8, [10]]
    ])
  })

  it("judges each POST as the method its X-HTTP-Method names, the last one deleting the note", () => {
    const sent = snapshot.exchanges
      .filter((exchange) => exchange.kind === "api" && exchange.method !== "GET")
      .map((exchange) => [exchange.id, exchange.method, exchange.sentMethod])
    expect(sent).toEqual([
      [4, "MERGE", "POST"],
      [5, "MERGE", "POST"],
      [6, "MERGE", undefined],
      [8, "MERGE", undefined],
      [9, "DELETE", "POST"],
      [11, "DELETE", "POST"]
    ])
    expect(
      item?.events
        .filter((event) => event.role !== "read")
        .map((event) => [event.exchangeId, event.role, event.status, event.precondition.state])
    ).toEqual([
      [4, "write", 200, "current"],
      [5, "write", 412, "stale"],
      [6, "write", 428, "none"],
      [8, "write", 200, "current"],
      [9, "delete", 412, "stale"],
      [11, "delete", 204, "current"]
    ])
    expect(item?.exists).toBe(false)
  })

  it("learns what the V4 service showed: If-Match required (428), stale tags refused, weak tags matched", () => {
    expect(ruleIdsOf(snapshot)).toEqual([
      "missing-if-match",
      "precondition-required",
      "server-matches-weak-tag",
      "weak-tag-in-if-match"
    ])
    const [policy, ...others] = snapshot.policies
    expect(others).toEqual([])
    expect(policy?.summary).toBe("required-428")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [5, 9]],
      ["requires-428", [6]],
      ["weak-tags", expect.any(Array)],
      ["accepts-weak-if-match", [4, 8, 11]]
    ])
  })
})

describe("real nginx gzip in front of a strict API", () => {
  const { snapshot, note, judged, rules } = audit("real-nginx-gzip-proxy.har")

  it("sees only weak tags, the one just read refused, the same tag sent strong accepted", () => {
    expect(
      note.versions.map((version) => [version.tag.tag.weak, version.introducedBy, version.seenBy])
    ).toEqual([
      [true, 2, [2, 4]],
      [true, 5, [6]]
    ])
    expect(judged).toEqual([
      [3, 412, "if-match", "current"],
      [5, 200, "if-match", "current"]
    ])
  })

  it("reports the weak If-Match and names the compressed answer it came from", () => {
    expect(rules).toEqual(["weak-tag-in-if-match"])
    expect(findingsOf(snapshot, "weak-tag-in-if-match")[0]?.message).toMatch(
      /^#3 PUT sent If-Match W\/"n1-v1-[0-9a-f]+", a weak tag → 412; #2 gave it in a gzip-compressed answer: compression may have made it weak/
    )
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => trait.trait)).toEqual(["enforces-412", "weak-tags"])
  })
})

describe("real json-server capture with a read of the note and its comments (?_embed=comments)", () => {
  const { snapshot, note, judged } = audit("real-json-server-embed.har")

  it("keeps the embedded read as the same version, so the save with the plain read's tag is current", () => {
    expect(note.versions[0]?.otherTags?.map((tag) => tag.representation)).toEqual(["?_embed"])
    expect(note.versions[0]?.seenBy).toEqual([2, 3])
    expect(judged.slice(0, 2)).toEqual([
      [4, 200, "if-match", "current"],
      [5, 200, "if-match", "stale"]
    ])
  })

  it("reports one lost update, the stale save overwriting the first save, not a read", () => {
    const lost = findingsOf(snapshot, "lost-update")
    expect(lost.map((finding) => [finding.exchangeIds, finding.contextExchangeIds])).toEqual([[[4, 5], [4]]])
  })
})

describe("real Django capture (@condition(etag_func=…), Django's conditional view processing)", () => {
  const { snapshot, note, judged, rules } = audit("real-django-condition.har")

  it("learns each version from the read after a write: the write's answer carries no tag", () => {
    expect(
      note.versions.map((version) => [version.tag.tag.weak, version.introducedBy, version.seenBy])
    ).toEqual([
      [false, 2, [2]],
      [false, 5, [5, 6]],
      [false, 9, [9]]
    ])
    const revalidation = snapshot.exchanges.find((exchange) => exchange.status === 304)
    expect(revalidation?.kind).toBe("not-modified")
    expect(printLineage(note)).toMatch(/#4 {2}PUT If-Match v1 \(STALE, v1 was overwritten since\) → 412/)
  })

  it("judges each write: current, stale after the untagged save (412), none, create-only (412), * after the delete (412)", () => {
    expect(judged).toEqual([
      [3, 200, "if-match", "current"],
      [4, 412, "if-match", "stale"],
      [7, 200, "none", "none"],
      [8, 412, "if-none-match", "any"],
      [11, 412, "if-match", "any"],
      [12, 201, "none", "none"]
    ])
    const deleted = note.events.find((event) => event.role === "delete")
    expect([deleted?.exchangeId, deleted?.status, deleted?.precondition.state]).toEqual([10, 204, "current"])
  })

  it("finds the unguarded PATCH and the untagged answers; the create after the delete is no finding", () => {
    expect(rules).toEqual(["missing-if-match", "no-tag-on-write-response", "precondition-optional"])
    expect(findingsOf(snapshot, "missing-if-match").map((finding) => finding.exchangeIds)).toEqual([[7]])
    expect(findingsOf(snapshot, "no-tag-on-write-response")[0]?.exchangeIds).toEqual([3, 7, 12])
    const [policy, ...others] = snapshot.policies
    expect(others).toEqual([])
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [4]],
      ["accepts-without-precondition", [7]]
    ])
  })
})

describe("real Django REST framework capture (drf-extensions' APIETAGMixin)", () => {
  const { snapshot, note, judged, rules } = audit("real-drf-extensions.har")

  it("judges the refused tags as current: the server's own 412 answers and the read after show them", () => {
    expect(snapshot.skipped).toEqual([])
    expect(note.key).toMatch(/\/notes\/1$/)
    expect(note.versions.map((version) => [version.tag.tag.weak, version.introducedBy])).toEqual([
      [false, 2],
      [false, 6]
    ])
    expect(judged).toEqual([
      [3, 412, "if-match", "current"],
      [5, 428, "none", "none"],
      [6, 200, "if-match", "any"],
      [8, 412, "if-match", "current"]
    ])
    expect(note.exists).toBe(false)
  })

  it("reports the server refusing its own current tag, and If-Match: * as the only way through", () => {
    expect(findingsOf(snapshot, "current-tag-refused").map((finding) => finding.exchangeIds)).toEqual([
      [3, 4, 8, 9]
    ])
    expect(findingsOf(snapshot, "if-match-star-overwrites").map((finding) => finding.exchangeIds)).toEqual([
      [6],
      [11]
    ])
    expect(rules).toEqual([
      "current-tag-refused",
      "if-match-star-overwrites",
      "missing-if-match",
      "precondition-required"
    ])
  })

  it("learns a server that requires If-Match (428) but refuses its own tags: protection unusable", () => {
    const [policy] = snapshot.policies
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["requires-428", [5, 10]],
      ["refuses-current-tag", [3, 4, 8, 9]]
    ])
    expect(policy?.traits.some((trait) => trait.trait === "enforces-412")).toBe(false)
  })
})

describe("real Rails capture (Active Record's optimistic locking, lock_version)", () => {
  it("with the rails preset: lock_version judged as the writes' version, a stale one refused with 409", () => {
    const options = withApiPreset(DEFAULT_ENGINE_OPTIONS, findApiPreset("rails")!)
    const { snapshot } = auditFixture("real-rails-lock-version.har", options)
    const [note] = snapshot.resources
    const writes = note?.events.filter((event) => event.role === "write")
    expect(writes?.map((event) => [event.exchangeId, event.status, event.precondition.state])).toEqual([
      [3, 200, "current"],
      [4, 409, "stale"],
      [6, 200, "none"],
      [7, 409, "stale"]
    ])
    // Rails' ETag is a hash of the body, lock_version a counter: two mechanisms, no disagreement.
    expect(ruleIdsOf(snapshot)).toEqual(["conflict-overridden", "missing-if-match", "precondition-optional"])
    const [policy] = snapshot.policies
    expect(policy?.summary).toBe("body-versioned")
    expect(policy && protectionOf(policy).level).toBe("partial")
  })

  it("without it: writes without a version, the hint naming the preset, and no 'unusable' from 409s", () => {
    const { snapshot } = auditFixture("real-rails-lock-version.har")
    const [first] = findingsOf(snapshot, "missing-if-match")
    expect(first?.message).toMatch(/its body carries lock_version: 0 — .*\(CLI: --api rails\)$/)
    expect(first?.suggestedBodyTagField).toBe("lock_version")
    const [policy] = snapshot.policies
    expect(policy?.traits.map((trait) => trait.trait)).toEqual([
      "enforces-409",
      "accepts-without-precondition",
      "weak-tags"
    ])
    // Weak tags, but no If-Match was ever compared: the 409s refused writes that sent none.
    expect(policy && protectionOf(policy).level).toBe("partial")
  })
})

describe("real restify capture (its conditionalRequest() plugin)", () => {
  const { snapshot, note, judged, rules } = audit("real-restify-conditional.har")

  it("reads its unquoted tags leniently, a version per write", () => {
    expect(note.versions.map((version) => [version.tag.tag.raw, version.tag.tag.lenient])).toEqual([
      ["58a74a7aa4a0d8bd", "unquoted"],
      ["85de840f8b53a667", "unquoted"],
      ["6bcf2142de82b2a8", "unquoted"],
      ["223999f746dd8329", "unquoted"],
      ["872f51f8b2d6d1fa", "unquoted"]
    ])
    expect(judged).toEqual([
      [3, 200, "if-match", "current"],
      [4, 412, "if-match", "stale"],
      [5, 200, "if-match", "current"],
      [7, 200, "none", "none"],
      [8, 412, "if-none-match", "any"],
      [11, 201, "if-match", "any"]
    ])
  })

  it("reports what restify gets wrong: unquoted tags, the weak If-Match it accepted, If-Match: * creating the deleted note", () => {
    expect(rules).toEqual([
      "etag-malformed",
      "if-match-star-created",
      "missing-if-match",
      "precondition-optional",
      "server-matches-weak-tag",
      "weak-tag-in-if-match"
    ])
    expect(findingsOf(snapshot, "weak-tag-in-if-match").map((finding) => finding.exchangeIds)).toEqual([[5]])
    // Every answer with a tag: the reads, the writes, the refusals and the DELETE's 204 (not the 304, noise).
    expect(findingsOf(snapshot, "etag-malformed").map((finding) => finding.message)).toEqual([
      expect.stringMatching(/: 9 answers \(#2, #3, #4, …\) with an unquoted ETag$/)
    ])
    const created = findingsOf(snapshot, "if-match-star-created")
    expect(
      created.map((finding) => [finding.severity, finding.exchangeIds, finding.contextExchangeIds])
    ).toEqual([["error", [10, 11], [10]]])
    const [policy, ...others] = snapshot.policies
    expect(others).toEqual([])
    expect(policy?.summary).toBe("strict")
    expect(policy?.traits.map((trait) => [trait.trait, trait.evidence])).toEqual([
      ["enforces-412", [4]],
      ["accepts-without-precondition", [7]],
      ["accepts-weak-if-match", [5]]
    ])
  })
})

describe("real restify behind nginx with gzip on: the unquoted tags are dropped", () => {
  const { snapshot, note, judged, rules } = audit("real-nginx-gzip-restify.har")
  const direct = audit("real-restify-conditional.har").snapshot

  it("the app tags its answers, unquoted; through nginx the compressed answers carry no ETag at all", () => {
    const directRead = direct.exchanges.find((exchange) => exchange.url.endsWith("/notes/1"))
    expect(headerValue(directRead?.responseHeaders ?? [], "etag")).toMatch(/^[0-9a-f]{16}$/)
    const api = snapshot.exchanges.filter((exchange) => exchange.url.endsWith("/api/notes/1"))
    expect(api.map((exchange) => headerValue(exchange.responseHeaders, "content-encoding"))).toEqual([
      "gzip",
      "gzip",
      "gzip"
    ])
    expect(api.map((exchange) => headerValue(exchange.responseHeaders, "etag"))).toEqual([
      undefined,
      undefined,
      undefined
    ])
    expect(note.versions).toEqual([])
  })

  it("the page had no tag to send: both saves went without If-Match and were accepted", () => {
    expect(judged).toEqual([
      [3, 200, "none", "none"],
      [4, 200, "none", "none"]
    ])
    expect(rules).toEqual(["missing-if-match", "no-tag-on-write-response", "precondition-optional"])
  })
})

describe("real moto S3 capture: presigned URLs from a page on another origin", () => {
  const { snapshot } = auditFixture("real-moto-s3.har")
  const bucket = (name: string) => {
    const found = snapshot.resources.find((resource) => resource.key.endsWith(`/${name}/notes/1.json`))
    if (found === undefined) throw new Error(`no object in bucket ${name}`)
    return found
  }
  const judged = (name: string) =>
    bucket(name)
      .events.filter((event) => event.role !== "read")
      .map((event) => [event.exchangeId, event.method, event.status, event.precondition.state])

  it("groups each object's presigned URLs (one per method, signed apart) as one resource", () => {
    expect(snapshot.skipped).toEqual([])
    expect(
      snapshot.resources.map((resource) => resource.key.replace(/^http:\/\/127\.0\.0\.1:\d+/, ""))
    ).toEqual(["/exposed/notes/1.json", "/hidden/notes/1.json"])
    const urls = snapshot.exchanges
      .filter((exchange) => exchange.kind === "api")
      .map((exchange) => exchange.url)
    expect(urls.every((url) => url.includes("X-Amz-Signature="))).toBe(true)
  })

  it("judges the writes: create-only, current, stale (412), none, create-only again (412), stale and no DELETE", () => {
    expect(judged("exposed")).toEqual([
      [2, "PUT", 200, "any"],
      [4, "PUT", 200, "current"],
      [5, "PUT", 412, "stale"],
      [6, "PUT", 200, "none"],
      [8, "PUT", 412, "any"],
      [9, "DELETE", 412, "stale"],
      [10, "DELETE", 204, "none"]
    ])
  })

  it("keeps one version when the same text saved again keeps its tag (the MD5 of the content)", () => {
    const { versions } = bucket("exposed")
    expect(versions.map((version) => version.introducedBy)).toEqual([2, 4])
    expect(findingsOf(snapshot, "tag-unchanged-after-write")).toEqual([])
  })

  it("reports the hidden ETag only for the bucket whose CORS rule does not expose it", () => {
    expect(findingsOf(snapshot, "etag-not-exposed").map((finding) => finding.exchangeIds)).toEqual([[12, 14]])
    // The hidden bucket's write is not said to have known the tag its page could not read.
    const hiddenWrite = findingsOf(snapshot, "missing-if-match").find(
      (finding) => finding.exchangeIds[0] === 14
    )
    expect(hiddenWrite?.message).toMatch(
      /^#14 PUT sent no If-Match \(v1 was current, but no answer let http:\/\/127\.0\.0\.1:\d+ read its ETag\) → 200$/
    )
    expect(ruleIdsOf(snapshot)).toEqual([
      "conflict-overridden",
      "etag-not-exposed",
      "missing-if-match",
      "precondition-optional"
    ])
  })

  it("learns each bucket: stale tags refused (412) in one, nothing seen refused in the other", () => {
    expect(snapshot.policies.map((policy) => [policy.scope.replace(/^.*:\d+/, ""), policy.summary])).toEqual([
      ["/exposed/notes", "strict"],
      ["/hidden/notes", "lax"]
    ])
  })

  it("exports no presigned URL's signature or credential, also not the ones inside the page's URL", () => {
    const recorded = JSON.stringify(snapshot.exchanges)
    const signatures = [...recorded.matchAll(/X-Amz-Signature(?:=|%3D)([0-9a-f]{64})/g)].map(
      (match) => match[1]
    )
    expect(signatures.length).toBeGreaterThanOrEqual(14)
    const exported = JSON.stringify(exportHar(snapshot.exchanges))
    expect(signatures.filter((signature) => exported.includes(signature))).toEqual([])
    expect(exported).not.toMatch(/X-Amz-Credential(=|%3D)testing/)
    expect(exported).toContain("X-Amz-Expires=3600")
  })
})

describe("real FHIR R4 capture (Medplum's FHIR router): version-aware updates with weak tags", () => {
  const { snapshot } = auditFixture("real-medplum-fhir.har")
  const patient = snapshot.resources.find((resource) =>
    /\/fhir\/R4\/Patient\/[0-9a-f-]{36}$/.test(resource.key)
  )
  if (patient === undefined) throw new Error("no Patient resource")

  it("links the create (POST, Location) to the patient and judges each weak If-Match by its version", () => {
    expect(patient.versions.map((version) => [version.introducedBy, version.tag.tag.weak])).toEqual([
      [2, true],
      [4, true],
      [6, true],
      [9, true],
      [11, true]
    ])
    const judged = patient.events
      .filter((event) => event.role !== "read")
      .map((event) => [event.exchangeId, event.method, event.status, event.precondition.state])
    expect(judged).toEqual([
      [2, "POST", 201, "none"],
      [4, "PUT", 200, "current"],
      [5, "PUT", 412, "stale"],
      [6, "PUT", 200, "none"],
      [9, "PUT", 200, "current"],
      [10, "PUT", 412, "stale"],
      [11, "PUT", 200, "none"],
      [12, "PATCH", 412, "stale"],
      [15, "DELETE", 412, "stale"],
      [16, "DELETE", 200, "current"]
    ])
  })

  it("takes the vread of the first version (GET …/_history/<vid>) as a read of that version of the patient", () => {
    const vread = snapshot.exchanges.find((exchange) => exchange.url.includes("/_history/"))
    expect(vread?.status).toBe(200)
    expect(snapshot.resources.map((resource) => resource.key)).not.toContain(vread?.url)
    expect(patient.versions[0].seenBy).toContain(vread?.id)
    // An old version shown again is no new one: the patient still has five.
    expect(patient.versions).toHaveLength(5)
  })

  it("takes the conditional update by identifier (PUT …/Patient?identifier=…) as a write of the patient it changed", () => {
    const conditional = snapshot.exchanges.find((exchange) => exchange.id === 11)
    expect(conditional?.url).toMatch(/\/fhir\/R4\/Patient\?identifier=/)
    expect(conditional?.location).toBe(patient.key)
    const typeUrl = snapshot.resources.find((resource) => resource.key.endsWith("/fhir/R4/Patient"))
    expect(typeUrl?.versions).toEqual([])
  })

  it("reads the search's searchset Bundle (no fullUrl from this router): the match is seen at its version", () => {
    const search = snapshot.exchanges.find((exchange) => exchange.url.includes("?family="))
    expect(search?.itemTags.map((item) => ("tag" in item ? item.tag.source : "gone"))).toEqual([
      "item:meta.versionId"
    ])
    expect(search?.itemTags[0]?.url).toBe(patient.key)
    const v3 = patient.versions.find((version) => version.introducedBy === 6)
    expect(v3?.seenBy).toContain(search?.id)
  })

  it("splits the batch Bundle into its two updates, each judged with its own ifMatch and answer", () => {
    const batch = snapshot.exchanges.find((exchange) => exchange.kind === "rpc")
    expect(batch?.notes).toContain("FHIR batch of 2 operations (#9–#10), each judged as a request of its own")
    // Medplum's answer entries carry no etag: the new version is the returned resource's meta.versionId.
    const current = snapshot.exchanges.find((exchange) => exchange.id === 9)
    expect(current?.responseTags.map((tag) => tag.tag.raw)).toEqual([patient.versions[3].tag.tag.raw])
  })

  it("does not call FHIR's weak If-Match a mistake; reports the update without one", () => {
    // Before FHIR was recognised, weak-tag-in-if-match and server-matches-weak-tag fired here.
    expect(ruleIdsOf(snapshot)).toEqual(["conflict-overridden", "missing-if-match", "precondition-optional"])
    const [scope] = snapshot.policies
    expect(scope.summary).toBe("strict")
    // The server's weak comparison is still learned as a fact about it.
    expect(scope.traits.map((trait) => trait.trait)).toContain("accepts-weak-if-match")
  })
})
