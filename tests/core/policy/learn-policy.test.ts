import { beforeEach, describe, expect, it } from "vitest"

import type { EngineOptions, Exchange } from "../../../src/core/model"
import { policyScopeOf } from "../../../src/core/policy/policy-scope"
import { observed, read, resetExchangeIds, sentBy, write } from "../../builders/exchange"
import { runEngine } from "../../builders/findings"

const LAB = "http://127.0.0.1:8787"
beforeEach(resetExchangeIds)

function policiesOf(exchanges: Exchange[], options: Partial<EngineOptions> = {}) {
  return runEngine(exchanges, options).policies
}

/** The lab scenario on one policy: GET, PUT current, PUT without If-Match, PUT stale. */
function scenario(
  policy: string,
  answers: { current: number; missing: number; stale: number },
  etag = '"t1"'
) {
  const url = `${LAB}/api/${policy}/notes/1`
  const next = etag.replace("1", "2")
  return [
    read(etag, { url }),
    write({ url, ifMatch: etag, status: answers.current, etag: answers.current < 300 ? next : undefined }),
    write({ url, status: answers.missing }),
    write({ url, ifMatch: etag, status: answers.stale })
  ]
}

describe("policy scope", () => {
  it.each([
    ["http://h/api/strict/notes/1", "http://h/api/strict"],
    ["http://h/api/strict/notes", "http://h/api/strict"],
    ["http://h/dav/doc.txt", "http://h/dav"],
    ["http://h/notes/1", "http://h/notes"],
    ["http://h/doc", "http://h"],
    ["http://h/", "http://h"],
    ["not a url", "not a url"]
  ])("%s → %s", (key, scope) => {
    expect(policyScopeOf(key)).toBe(scope)
  })
})

describe("learned policy", () => {
  it("strict: 428 for missing, 412 for stale → required-428 with evidence", () => {
    const [policy] = policiesOf(scenario("strict", { current: 204, missing: 428, stale: 412 }))
    expect(policy.scope).toBe(`${LAB}/api/strict`)
    expect(policy.summary).toBe("required-428")
    expect(policy.traits).toEqual([
      { trait: "enforces-412", evidence: [4] },
      { trait: "requires-428", evidence: [3] }
    ])
  })

  it("a 400 to a write without a precondition counts when it says so, or is a silent 400 to a DELETE (Azurite)", () => {
    const url = `${LAB}/api/tables/notes/1`
    const traitsOf = (refusal: Exchange) => policiesOf([read('W/"t1"', { url }), refusal])[0].traits
    const body = (text: string) => ({ text, size: text.length, mimeType: "application/json" })
    const requires400 = { trait: "requires-400", evidence: [2] }
    expect(traitsOf(write({ url, method: "DELETE", status: 400 }))).toContainEqual(requires400)
    const explained = body('{"error":"If-Match header is required"}')
    expect(traitsOf(write({ url, status: 400, responseBody: explained }))).toContainEqual(requires400)
    // FHIR requires If-Match with a 400 (Microsoft's FHIR server, `versioned-update` policy).
    const outcome = body(
      '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",' +
        '"diagnostics":"A valid if-match header is required for resource type \'Patient\'."}]}'
    )
    expect(traitsOf(write({ url, status: 400, responseBody: outcome }))).toContainEqual(requires400)
    // A 400 with another reason, or a silent one to a PUT (whose content may be what is invalid): not.
    const invalidKey = body('{"error":"invalid key"}')
    expect(
      traitsOf(write({ url, method: "DELETE", status: 400, responseBody: invalidKey }))
    ).not.toContainEqual(requires400)
    expect(traitsOf(write({ url, status: 400 }))).not.toContainEqual(requires400)
  })

  it("nox: 409 for missing and stale → conflict-409", () => {
    expect(policiesOf(scenario("nox", { current: 200, missing: 409, stale: 409 }))[0].summary).toBe(
      "conflict-409"
    )
  })

  it("lax: everything accepted → lax, with accepts-stale and accepts-without-precondition", () => {
    const [policy] = policiesOf(scenario("lax", { current: 200, missing: 200, stale: 200 }))
    expect(policy.summary).toBe("lax")
    expect(policy.traits.map((t) => t.trait)).toEqual(["accepts-without-precondition", "accepts-stale"])
  })

  it("If-Unmodified-Since: a stale date refused with 412 → strict; accepted → lax", () => {
    const T1 = "Wed, 25 Nov 2026 10:00:00 GMT"
    const T2 = "Wed, 25 Nov 2026 10:05:00 GMT"
    const dated = (policy: string, staleAnswer: number) => {
      const url = `${LAB}/api/${policy}/notes/1`
      const since = (status: number, lastModified?: string) =>
        write({
          url,
          status,
          request: { "If-Unmodified-Since": T1 },
          response: { "Last-Modified": lastModified }
        })
      return [
        read('"t1"', { url, response: { ETag: '"t1"', "Last-Modified": T1 } }),
        since(204, T2),
        since(staleAnswer)
      ]
    }
    const [checked] = policiesOf(dated("checked", 412))
    expect(checked.summary).toBe("strict")
    expect(checked.traits).toEqual([{ trait: "enforces-412", evidence: [3] }])
    resetExchangeIds()
    const [ignored] = policiesOf(dated("ignored", 204))
    expect(ignored.summary).toBe("lax")
    expect(ignored.traits).toEqual([{ trait: "accepts-stale", evidence: [3] }])
  })

  it("weak tags refused by strong comparison → strict, with weak-tags", () => {
    const [policy] = policiesOf(scenario("weak", { current: 412, missing: 200, stale: 412 }, 'W/"t1"'))
    expect(policy.summary).toBe("strict")
    expect(policy.traits.map((t) => t.trait)).toContain("weak-tags")
  })

  it("one version under each user's own tag (Vary: Authorization) → tags-per-user, not unstable-tags", () => {
    const url = `${LAB}/api/per-user/notes/1`
    const by = (user: string, etag: string) =>
      read(etag, {
        url,
        request: { Authorization: `Bearer ${user}-token` },
        response: { ETag: etag, Vary: "Authorization" },
        responseBody: { mimeType: "application/json", size: 15, text: '{"text":"same"}' }
      })
    const [policy] = policiesOf([by("alice", '"n1-alice"'), by("bob", '"n1-bob"'), by("bob", '"n1-bob"')])
    expect(policy.traits).toEqual([{ trait: "tags-per-user", evidence: [2] }])
  })

  it("one content under two strong tags with nothing written in between → unstable-tags, summary from the writes", () => {
    const url = `${LAB}/api/farm/notes/1`
    const body = { mimeType: "application/json", size: 15, text: '{"text":"same"}' }
    const fromNode = (etag: string) => read(etag, { url, responseBody: body })
    const [policy] = policiesOf([
      fromNode('"n1:web1"'),
      fromNode('"n1:web2"'),
      write({ url, ifMatch: '"n1:web1"', status: 412 })
    ])
    expect(policy.summary).toBe("strict")
    expect(policy.traits).toEqual([
      { trait: "enforces-412", evidence: [3] },
      { trait: "unstable-tags", evidence: [2] }
    ])
    // Two tags for two contents are two versions, not unstable tags.
    resetExchangeIds()
    const changed = policiesOf([fromNode('"a"'), read('"b"', { url, responseBody: { ...body, text: "{}" } })])
    expect(changed).toEqual([])
  })

  it("a 412 to the tag it shows as current → refuses-current-tag, with the answer that showed it, and no enforces-412", () => {
    const url = `${LAB}/api/deflate/notes/1`
    const [afterRead] = policiesOf([
      read('"a-gzip"', { url }),
      write({ url, ifMatch: '"a-gzip"', status: 412 }),
      read('"a-gzip"', { url })
    ])
    // The 412 refused no stale write: it is taken back as evidence of enforcing If-Match.
    expect(afterRead.traits).toEqual([{ trait: "refuses-current-tag", evidence: [3] }])
    resetExchangeIds()
    const [inTheAnswer] = policiesOf([
      read('"a"', { url }),
      write({ url, ifMatch: '"a"', status: 412, etag: '"a"' })
    ])
    expect(inTheAnswer.traits.map((trait) => trait.trait)).toEqual(["refuses-current-tag"])
    // A read showing another tag: a real conflict, nothing to say about the server.
    resetExchangeIds()
    const [conflict] = policiesOf([
      read('"a"', { url }),
      write({ url, ifMatch: '"a"', status: 412 }),
      read('"b"', { url })
    ])
    expect(conflict.traits.map((trait) => trait.trait)).toEqual(["enforces-412"])
    // Replays: Check protection's refused write, then its GET showing that very tag. A replayed GET
    // only reads, so it shows what the server holds as current after the 412.
    resetExchangeIds()
    const replayed = (exchange: Exchange): Exchange => ({
      ...exchange,
      origin: "replay",
      replay: { of: 1, choice: "race 1 (v1)" }
    })
    const [checked] = policiesOf([
      read('"a-gzip"', { url }),
      replayed(write({ url, ifMatch: '"a-gzip"', status: 412 })),
      replayed(read('"a-gzip"', { url }))
    ])
    expect(checked.traits).toEqual([{ trait: "refuses-current-tag", evidence: [3] }])
  })

  it("a refused current tag shown by its 412 and by the read after it is taken back once: the stale refusal stays", () => {
    const url = `${LAB}/api/deflate/notes/1`
    const [policy] = policiesOf([
      read('"a"', { url }),
      write({ url, ifMatch: '"a"', status: 200, etag: '"b"' }),
      write({ url, ifMatch: '"a"', status: 412 }),
      write({ url, ifMatch: '"b"', status: 412, etag: '"b"' }),
      read('"b"', { url })
    ])
    expect(policy.traits.find((trait) => trait.trait === "enforces-412")?.evidence).toEqual([3])
  })

  it("a refusal taken back leaves the count, not only the evidence kept (the first 20)", () => {
    const url = `${LAB}/api/nox/notes/1`
    const stale = Array.from({ length: 21 }, () => write({ url, ifMatch: '"1-a"', status: 409 }))
    const snapshot = runEngine([
      read('"1-a"', { url }),
      write({ url, ifMatch: '"1-a"', status: 200, etag: '"2-b"' }),
      ...stale,
      write({ url, ifMatch: '"2-b"', status: 409 }),
      read('"2-b"', { url })
    ])
    const conflict = snapshot.findings.find((finding) => finding.ruleId === "conflict-as-409")
    expect(conflict?.message).toMatch(/: 21 writes \(#3, #4, #5, …\) refused with 409/)
  })

  it("a 428 or 400 for some writes while others pass without a precondition → not required-428", () => {
    const url = `${LAB}/api/strict/notes/1`
    const [policy] = policiesOf([
      read('"a"', { url }),
      write({ url, status: 204, etag: '"b"' }),
      write({ url, method: "DELETE", status: 428 }),
      write({ url, ifMatch: '"a"', status: 412 })
    ])
    expect(policy.traits.map((trait) => trait.trait)).toEqual([
      "enforces-412",
      "requires-428",
      "accepts-without-precondition"
    ])
    expect(policy.summary).toBe("strict")
  })

  it("a 409 refusing the current version in If-Match, shown by the read right after, is not enforces-409", () => {
    const url = `${LAB}/api/couch/notes/1`
    const rev = observed('"2-a"', "body:_rev")
    const [policy] = policiesOf([
      read('"2-a"', { url, responseTags: [rev] }),
      write({ url, ifMatch: '"2-a"', status: 409 }),
      read('"2-a"', { url, responseTags: [rev] })
    ])
    expect(policy?.traits.map((trait) => trait.trait) ?? []).not.toContain("enforces-409")
    // Weak tags only: strong comparison never matches them, so that 412 is enforcement.
    resetExchangeIds()
    const [weak] = policiesOf([
      read('W/"a"', { url: `${LAB}/api/weak/notes/1` }),
      write({ url: `${LAB}/api/weak/notes/1`, ifMatch: 'W/"a"', status: 412 }),
      read('W/"a"', { url: `${LAB}/api/weak/notes/1` })
    ])
    expect(weak.traits).toContainEqual({ trait: "enforces-412", evidence: [2] })
  })

  it("couch: a body _rev travels with the writes → body-versioned", () => {
    const url = `${LAB}/api/couch/notes/1`
    const rev = observed('"1-a"', "body:_rev")
    const [policy] = policiesOf([
      read(undefined, { url, responseTags: [rev] }),
      write({ url, status: 201, precondition: { bodyVersion: rev } })
    ])
    expect(policy.summary).toBe("body-versioned")
  })

  it("keeps scopes of one origin apart and lists only scopes where something telling was seen", () => {
    const policies = policiesOf([
      ...scenario("strict", { current: 204, missing: 428, stale: 412 }),
      read('"x"', { url: `${LAB}/api/lax/notes/1` }),
      read('W/"y"', { url: `${LAB}/api/weak/notes/1` })
    ])
    expect(policies.map((p) => [p.scope, p.summary])).toEqual([
      [`${LAB}/api/strict`, "required-428"],
      [`${LAB}/api/weak`, "unknown"]
    ])
  })

  it("lets a user override win, by scope or by origin, and marks it", () => {
    const exchanges = scenario("lax", { current: 200, missing: 200, stale: 200 })
    const byScope = policiesOf(exchanges, { policyOverrides: { [`${LAB}/api/lax`]: "strict" } })[0]
    expect(byScope).toMatchObject({ summary: "strict", overriddenBy: "user" })
    expect(byScope.traits.map((t) => t.trait)).toContain("accepts-stale")
    resetExchangeIds()
    const byOrigin = policiesOf(scenario("lax", { current: 200, missing: 200, stale: 200 }), {
      policyOverrides: { [LAB]: "conflict-409" }
    })[0]
    expect(byOrigin.summary).toBe("conflict-409")
  })
})

describe("learned policy: body versions", () => {
  it.each([
    [409, "enforces-409"],
    [412, "enforces-412"],
    [200, "accepts-stale"]
  ] as const)("a stale body version (no If-Match) answered %i: %s", (status, trait) => {
    const url = `${LAB}/api/couch/notes/1`
    const first = observed('"1-a"', "body:_rev")
    const [policy] = policiesOf([
      read(undefined, { url, responseTags: [first] }),
      write({
        url,
        status: 201,
        precondition: { bodyVersion: first },
        responseTags: [observed('"2-b"', "body:_rev")]
      }),
      write({ url, status, precondition: { bodyVersion: first } })
    ])
    expect(policy.traits.map((t) => t.trait)).toContain(trait)
    expect(policy.traits.find((t) => t.trait === trait)?.evidence).toEqual([3])
  })

  it("a body tag echoed next to If-Match is not a body-versioned API", () => {
    const url = `${LAB}/api/nox/notes/1`
    const echoed = observed('"t1"', "body:@odata.etag")
    // A stale If-Match refused with 409 (one naming the current tag is a content conflict, §15.5.10).
    const [policy] = policiesOf([
      read('"t1"', { url }),
      write({ url, ifMatch: '"t1"', etag: '"t2"' }),
      write({
        url,
        ifMatch: '"t1"',
        status: 409,
        precondition: { ...write({ ifMatch: '"t1"' }).precondition, bodyVersion: echoed }
      })
    ])
    expect(policy.summary).toBe("conflict-409")
    expect(policy.traits.map((t) => t.trait)).not.toContain("body-version")
  })
})

describe("accepts-blind-overwrite: a write that named no version lost another user's change", () => {
  const traitOf = (exchanges: Exchange[]) => {
    const snapshot = runEngine(exchanges)
    const trait = snapshot.policies[0]?.traits.find((t) => t.trait === "accepts-blind-overwrite")
    const lost = snapshot.findings.filter((f) => f.ruleId === "lost-update").map((f) => f.exchangeIds)
    return { evidence: trait?.evidence, lost }
  }
  const story = (lastWriter: string) => [
    read('"a1"', sentBy("alice")),
    read('"a1"', sentBy("bob")),
    write({ status: 200, etag: '"a2"', ...sentBy("alice") }),
    write({ status: 200, etag: '"a3"', ...sentBy(lastWriter) })
  ]

  it("is learned from the very write lost-update reports", () => {
    expect(traitOf(story("bob"))).toEqual({ evidence: [4], lost: [[3, 4]] })
  })

  it("is not learned where no change was lost: the change was the writer's own, or a merge patch set other members", () => {
    expect(traitOf(story("alice"))).toEqual({ evidence: undefined, lost: [] })
    resetExchangeIds()
    const json = (value: object) => ({ mimeType: "application/json", size: 0, text: JSON.stringify(value) })
    const patchBy = (user: string, patch: object, etag: string) =>
      write({
        method: "PATCH",
        status: 200,
        etag,
        ...sentBy(user, { "Content-Type": "application/json" }),
        requestBody: json(patch)
      })
    const note = { mimeType: "application/json", size: 0, text: '{"title":"a","text":"b"}' }
    const otherMembers = [
      read('"a1"', { ...sentBy("alice"), responseBody: note }),
      read('"a1"', { ...sentBy("bob"), responseBody: note }),
      patchBy("alice", { text: "c" }, '"a2"'),
      patchBy("bob", { title: "d" }, '"a3"')
    ]
    expect(traitOf(otherMembers)).toEqual({ evidence: undefined, lost: [] })
  })
})
