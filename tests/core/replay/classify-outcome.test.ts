import { describe, expect, it } from "vitest"

import type { ReplayChoice, ReplayVerdict } from "../../../src/core/model"
import {
  classifyReplay,
  planReplay,
  tagInResponse,
  type ReplayHttpResponse,
  type ReplayResponse
} from "../../../src/core/replay"
import { API, write } from "../../builders/exchange"
import { datedHistory, eventOf, lineageWith } from "./replay-builders"

const lineage = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"', '"n1-v3"'])
const put = write({ id: 4, ifMatch: '"n1-v3"', requestBody: { size: 2, text: "{}" } })
const planFor = (choice: ReplayChoice) => planReplay(put, lineage, choice)
const stale = planFor({ kind: "version", versionIndex: 1 })
const current = planFor({ kind: "version", versionIndex: 3 })
const none = planFor({ kind: "none" })
const star = planFor({ kind: "star" })
const unknown = planFor({ kind: "custom", value: '"nope"' })
const weakCurrent = planFor({ kind: "weak" })

const answer = (status: number, bodyText = "", headers: Record<string, string> = {}): ReplayHttpResponse => ({
  status,
  statusText: "",
  headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
  bodyText
})

describe("classifyReplay follows DESIGN.md's replay outcome table", () => {
  const table: [string, ReturnType<typeof planFor>, ReplayResponse, ReplayVerdict, RegExp][] = [
    ["stale → 412", stale, answer(412), "conflict-detected", /412 Precondition Failed.*stale version v1/],
    ["stale → 409", stale, answer(409), "conflict-detected", /non-standard status.*§15\.5\.13/],
    ["none → 409 (Nox)", none, answer(409), "precondition-required", /409.*428/],
    [
      "* → 409: no version to be stale",
      star,
      answer(409),
      "inconclusive",
      /^Could not tell: 409 Conflict to If-Match: \*/
    ],
    ["none → 428", none, answer(428), "precondition-required", /RFC 6585 §3/],
    [
      "stale → 428: a version was sent, but not taken",
      stale,
      answer(428),
      "precondition-required",
      /^428 .* to a write based on the stale version v1 \(sent in If-Match\): the server did not take that as the precondition it requires/
    ],
    ["current → 428", current, answer(428), "precondition-required", /naming v3 \(sent in If-Match\)/],
    [
      "none → 412: no tag was sent, so no tag check",
      none,
      answer(412),
      "inconclusive",
      /^Could not tell: refused with 412 .*although no precondition was sent, so it is not a tag check/
    ],
    [
      "none → 400 saying so",
      none,
      answer(400, '{"error":"If-Match header required"}'),
      "precondition-required",
      /400/
    ],
    [
      "none → 400 about something else",
      none,
      answer(400, '{"error":"text too long"}'),
      "inconclusive",
      /400/
    ],
    ["stale → 200", stale, answer(200), "lost-update", /LOST UPDATE.*v1 while v3/],
    ["none → 204", none, answer(204), "lost-update", /no precondition/],
    ["unknown tag → 200", unknown, answer(200), "lost-update", /never showed/],
    ["current → 200", current, answer(200), "accepted", /current version v3/],
    ["star → 200", star, answer(200), "accepted", /If-Match: \*/],
    ["star → 412", star, answer(412), "resource-gone", /If-Match: \*, which fails only when nothing exists/],
    ["weak current → 200", weakCurrent, answer(200), "accepted", /weak tag/],
    ["weak current → 412", weakCurrent, answer(412), "conflict-detected", /strong comparison/],
    ["current → 412", current, answer(412), "current-tag-refused", /412.*naming v3.*changed since.*own tags/],
    ["current → 409", current, answer(409), "current-tag-refused", /409 Conflict.*naming v3/],
    ["any → 404", stale, answer(404), "resource-gone", /no longer exists/],
    ["any → 410", current, answer(410), "resource-gone", /410/],
    ["any → 304", stale, answer(304), "not-modified", /304/],
    ["any → 503", stale, answer(503), "inconclusive", /server failed with 503/],
    [
      "stale → 500",
      stale,
      answer(500),
      "inconclusive",
      /500 to .*stale version v1.*conflict-as-server-error/
    ],
    ["none → 500", none, answer(500), "inconclusive", /^Could not tell: the server failed with 500\.$/],
    ["opaque redirect", stale, answer(0), "inconclusive", /opaque/],
    ["any → 401", stale, answer(401), "inconclusive", /^Could not tell: 401 says nothing/]
  ]
  it.each(table)("%s", (_name, plan, response, verdict, explanation) => {
    const outcome = classifyReplay(plan, response, lineage)
    expect(outcome.verdict).toBe(verdict)
    expect(outcome.explanation).toMatch(explanation)
  })

  it("reads a custom If-Match list as a list: any member naming the current version satisfies it (§13.1.1)", () => {
    const listed = planFor({ kind: "custom", value: '"n1-v1", "n1-v3"' })
    expect(listed.precondition).toMatchObject({ state: "current", versionIndex: 3, weak: false })
    expect(classifyReplay(listed, answer(200), lineage)).toMatchObject({
      verdict: "accepted",
      explanation: expect.stringMatching(/current version v3/)
    })
    expect(classifyReplay(listed, answer(412), lineage).verdict).toBe("current-tag-refused")
    // Only older versions listed: accepted, it overwrote v3, which the write never saw.
    const olderOnly = planFor({ kind: "custom", value: '"n1-v1", "n1-v2"' })
    expect(olderOnly.precondition).toMatchObject({ state: "stale", versionIndex: 2 })
    expect(classifyReplay(olderOnly, answer(200), lineage)).toMatchObject({
      verdict: "lost-update",
      explanation: expect.stringMatching(/based on v2 while v3 was current/)
    })
  })

  it("replays a recorded If-Match sent on two lines as the one list they are (§5.3)", () => {
    const twoLines = write({
      id: 5,
      requestHeaders: [
        { name: "If-Match", value: '"n1-v1"' },
        { name: "If-Match", value: '"n1-v3"' }
      ]
    })
    const plan = planReplay(twoLines, lineage, { kind: "original" })
    expect(plan.precondition).toMatchObject({ state: "current", versionIndex: 3, sent: '"n1-v1", "n1-v3"' })
    expect(classifyReplay(plan, answer(204), lineage).verdict).toBe("accepted")
  })

  it("a 412 to a write that named no version but kept the recording's If-None-Match blames that condition", () => {
    // Sent as recorded: 'none' would drop the If-None-Match too.
    const create = write({ id: 6, request: { "If-None-Match": "*" } })
    const plan = planReplay(create, lineage, { kind: "original" })
    expect(plan.precondition.state).toBe("none")
    expect(classifyReplay(plan, answer(412), lineage)).toMatchObject({
      verdict: "inconclusive",
      explanation: expect.stringMatching(
        /kept the recording's If-None-Match: \*: the server found that false/
      )
    })
  })

  it("a 2xx to If-Match: * on a resource the capture showed deleted is a lost update: * is false when nothing exists (§13.1.1)", () => {
    const deletion = (status: number) => eventOf(9, "DELETE", status)
    const deleted = { ...lineage, events: [deletion(204)], exists: false }
    expect(classifyReplay(planReplay(put, deleted, { kind: "star" }), answer(201), deleted)).toMatchObject({
      verdict: "lost-update",
      explanation: expect.stringMatching(
        /^LOST UPDATE: 201 to If-Match: \* although the capture showed the resource deleted \(#9\)/
      )
    })
    // A DELETE answered 202 may not be enacted yet: * may still have matched.
    const pending = { ...lineage, events: [deletion(202)] }
    expect(classifyReplay(planReplay(put, pending, { kind: "star" }), answer(200), pending).verdict).toBe(
      "accepted"
    )
  })

  it("the latest version of a resource the capture showed gone is stale: 2xx brought it back, 412 is the check working (§13.1.1)", () => {
    const shownGone = (method: string, status: number) => eventOf(9, method, status)
    const deleted = { ...lineage, events: [shownGone("DELETE", 204)], exists: false }
    const latest = planReplay(put, deleted, { kind: "version", versionIndex: 3 })
    expect(latest.precondition).toMatchObject({
      state: "stale",
      versionIndex: 3,
      goneSince: { exchangeId: 9, method: "DELETE", status: 204 }
    })
    expect(latest.summary).toBe(
      'PUT /api/strict/notes/1 with If-Match v3 "n1-v3" (stale: deleted by #9 since)'
    )
    expect(classifyReplay(latest, answer(200), deleted)).toMatchObject({
      verdict: "lost-update",
      explanation: expect.stringMatching(
        /^LOST UPDATE: 200 to a write based on v3 although the capture showed the resource gone since \(deleted by #9\).*brought back/
      )
    })
    // Refused: the server found no current representation, not a refusal of its own current tag.
    expect(classifyReplay(latest, answer(412), deleted)).toMatchObject({
      verdict: "conflict-detected",
      explanation: expect.stringContaining("v3 of a resource gone since (deleted by #9)")
    })
    const notFound = { ...lineage, events: [shownGone("GET", 404)] }
    expect(planReplay(put, notFound, { kind: "version", versionIndex: 3 }).summary).toContain(
      "(stale: #9 GET → 404 since)"
    )
    // A DELETE answered 202 may still fail, and a 2xx since shows the resource back: current again.
    const pending = { ...lineage, events: [shownGone("DELETE", 202)] }
    expect(planReplay(put, pending, { kind: "version", versionIndex: 3 }).precondition.state).toBe("current")
    const recreated = {
      ...lineage,
      events: [shownGone("DELETE", 204), eventOf(10, "PUT", 201)]
    }
    expect(planReplay(put, recreated, { kind: "version", versionIndex: 3 }).precondition.state).toBe(
      "current"
    )
  })

  it("says which failure made it inconclusive", () => {
    expect(classifyReplay(stale, { error: "TypeError: Failed to fetch" }, lineage).explanation).toMatch(
      /CORS.*CSP/
    )
    expect(classifyReplay(stale, { error: "replay timed out after 15000 ms" }, lineage).explanation).toMatch(
      /no answer in time/
    )
  })

  it("reads the new tag from ETag, else from the API's body field (CouchDB answers `rev`)", () => {
    expect(classifyReplay(current, answer(200, "", { ETag: '"n1-v4"' }), lineage).newTag).toBe('"n1-v4"')
    const couch = lineageWith("http://127.0.0.1:8787/api/couch/notes/1", ["1-a", "2-b"], ["body:_rev"])
    const couchPut = write({
      url: "http://127.0.0.1:8787/api/couch/notes/1",
      requestBody: { size: 2, text: '{"_rev":"2-b"}' }
    })
    const plan = planReplay(couchPut, couch, { kind: "version", versionIndex: 1 })
    const outcome = classifyReplay(plan, answer(201, '{"ok":true,"rev":"3-c"}'), couch)
    expect(outcome).toMatchObject({ verdict: "lost-update", newTag: "3-c" })
    expect(classifyReplay(plan, answer(409), couch).explanation).toMatch(
      /documented answer for a stale body version/
    )
  })

  it("reads a numeric body version as text (Contentful's sys.version), and a version header where the versions were seen", () => {
    const url = "http://127.0.0.1:8787/api/contentful/notes/1"
    const contentful = lineageWith(url, ["1", "2"], ["body:sys.version"])
    expect(tagInResponse(answer(200, '{"sys":{"id":"1","version":3}}'), contentful)).toBe("3")
    const headerVersioned = lineageWith(url, ["1", "2"], ["header:X-Resource-Version"])
    expect(tagInResponse(answer(200, "{}", { "x-resource-version": "3" }), headerVersioned)).toBe("3")
    expect(tagInResponse(answer(200, "{}"), headerVersioned)).toBeUndefined()
  })

  it("on a server without tags, a stale date refused is a conflict, accepted a lost update; the new version is its Last-Modified", () => {
    const { put: datedPut, lineage: dated } = datedHistory()
    const staleDate = planReplay(datedPut, dated, { kind: "version", versionIndex: 1 })
    expect(classifyReplay(staleDate, answer(412), dated).verdict).toBe("conflict-detected")
    const T3 = "Thu, 01 Jan 2026 00:03:00 GMT"
    const lost = classifyReplay(staleDate, answer(200, "", { "Last-Modified": T3 }), dated)
    expect(lost).toMatchObject({ verdict: "lost-update", newTag: T3 })
    expect(classifyReplay(planReplay(datedPut, dated, { kind: "none" }), answer(428), dated).verdict).toBe(
      "precondition-required"
    )
  })
})
