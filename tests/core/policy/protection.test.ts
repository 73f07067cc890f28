import { describe, expect, it } from "vitest"

import type { PolicyTrait, ServerPolicy } from "../../../src/core/model"
import { protectionOf } from "../../../src/core/policy/protection"
import { read, resetExchangeIds, write } from "../../builders/exchange"
import { auditFixture } from "../../builders/fixture-snapshot"
import { runEngine } from "../../builders/findings"

const policyWith = (...traits: PolicyTrait[]): ServerPolicy => ({
  scope: "http://h/api",
  summary: "unknown",
  traits: traits.map((trait) => ({ trait, evidence: [1] }))
})

/** The level the engine's learned policy gives each lab capture (real Chromium recordings). */
function levelOf(fixture: string): string {
  const [policy] = auditFixture(fixture).snapshot.policies
  return protectionOf(policy).level
}

describe("protectionOf: does the server protect its clients from lost updates?", () => {
  it.each([
    ["lab-strict.har", "protected"], // 412 to a stale tag, 428 without one
    ["lab-nox.har", "protected"], // 409 to both
    ["lab-couch.har", "protected"], // 409 to a stale or missing _rev
    ["lab-dated.har", "protected"], // dates instead of tags
    ["lab-eve.har", "partial"], // a write without If-Match passes
    ["lab-kube.har", "partial"], // an update without resourceVersion passes
    ["lab-deflate.har", "partial"],
    ["lab-lax.har", "unprotected"], // the stale write was accepted
    ["lab-unmapped.har", "partial"], // a write without If-Match passes; the stale one failed with 500
    ["lab-dated-lax.har", "unprotected"],
    ["lab-weak.har", "unusable"], // even the current weak tag is refused
    ["lab-farm-two-users.har", "unusable"], // a current tag from the other node is refused
    ["real-apache-dav.har", "unusable"], // its own weak tag of a file written under a second ago is refused
    ["real-apache-deflate-dav.har", "unusable"], // its own "-gzip" tag is refused
    ["real-drf-extensions.har", "unusable"], // its own tag is refused (compared without quotes)
    ["real-rails-lock-version.har", "partial"], // 409s to writes naming no version, and saves without one pass
    ["real-nginx-dav.har", "unprotected"], // If-Match ignored: the stale write was accepted
    ["real-lighttpd-dav.har", "partial"], // stale refused; a write without If-Match passes
    ["real-radicale-caldav.har", "partial"], // stale refused; a write without If-Match passes
    ["real-xandikos-caldav.har", "partial"], // stale refused; a write without If-Match passes
    // _rev decides (stale refused, 409), Express's weak ETag does not matter; a DELETE without _rev passes
    ["real-pouchdb-couch.har", "partial"],
    ["real-json-server-rest.har", "unprotected"], // Express: weak tags, nothing checked
    ["real-azurite-tables.har", "partial"], // weak tags compared weakly; a PUT without If-Match upserts
    ["real-azurite-blob.har", "partial"], // an object store: a PUT without If-Match overwrites
    ["real-cap-odata.har", "protected"], // stale tags 412, writes without If-Match 428
    ["real-cap-odata-v2.har", "protected"], // the same through the V2 adapter
    ["real-solid-pod.har", "partial"], // stale refused; a write without If-Match passes
    ["real-django-condition.har", "partial"], // Django's @condition: stale refused; a write without If-Match passes
    ["real-restify-conditional.har", "partial"], // restify's plugin: stale refused; a write without If-Match passes
    ["real-nginx-gzip-restify.har", "partial"], // its tags dropped by nginx: writes without If-Match pass
    ["real-nginx-gzip-proxy.har", "unusable"], // the weak tags it hands out are refused
    // FHIR: W/"<versionId>" compared by version; stale refused, an update without If-Match passes
    ["real-medplum-fhir.har", "partial"]
  ])("%s: %s", (fixture, level) => {
    expect(levelOf(fixture)).toBe(level)
  })

  it("says what the traffic has not shown, and how to find out", () => {
    expect(protectionOf(policyWith("requires-428"))).toEqual({
      level: "unknown",
      text: "Writes must name a version (428); no stale one seen yet: Check protection in the panel's Replay tab, or replay a write with an older tag, to find out.",
      replayWouldTell: true
    })
    // Where the traffic settled it, no replay is offered.
    expect(protectionOf(policyWith("enforces-412", "requires-428")).replayWouldTell).toBe(false)
    expect(protectionOf(policyWith("accepts-stale")).replayWouldTell).toBe(false)
    expect(protectionOf(policyWith()).level).toBe("unknown")
    expect(protectionOf(policyWith("accepts-without-precondition")).text).toMatch(
      /^Writes that name no version are accepted; no stale one seen yet/
    )
  })

  it("a replay with an older tag settles what the traffic had not shown", () => {
    const url = "http://127.0.0.1:8787/api/strict/notes/1"
    const traffic = [read('"a"', { url }), write({ url, ifMatch: '"a"', etag: '"b"', status: 200 })]
    // A current write accepted tells nothing about stale ones: no policy learned yet.
    expect(runEngine(traffic).policies).toEqual([])
    resetExchangeIds()
    const replayed = write({ url, ifMatch: '"a"', status: 412, origin: "replay" })
    expect(protectionOf(runEngine([...traffic, replayed]).policies[0]).level).toBe("protected")
  })

  it("weak tags alone say nothing about refusals: a server that checks nothing is not 'unusable'", () => {
    expect(protectionOf(policyWith("weak-tags", "accepts-without-precondition")).level).toBe("partial")
    expect(protectionOf(policyWith("weak-tags", "enforces-412")).level).toBe("unusable")
    // 409s to writes that sent no If-Match (Rails refusing a stale lock_version it was not told of)
    // show no weak tag refused: the server accepts writes without a version, and refuses some.
    expect(protectionOf(policyWith("weak-tags", "enforces-409", "accepts-without-precondition")).level).toBe(
      "partial"
    )
    // CouchDB-style: the body version is what clients send, so weak header tags do not matter.
    expect(protectionOf(policyWith("weak-tags", "enforces-409", "body-version")).level).toBe("protected")
  })

  it("a stale write answered 500 is said, not 'no stale one seen yet', and no replay is offered", () => {
    const url = "http://127.0.0.1:8787/api/strict/notes/1"
    const traffic = [
      read('"a"', { url }),
      write({ url, ifMatch: '"a"', etag: '"b"', status: 200 }),
      write({ url, ifMatch: '"a"', status: 500 })
    ]
    const [learned] = runEngine(traffic).policies
    expect(learned?.traits).toEqual([{ trait: "fails-on-stale", evidence: [3] }])
    expect(protectionOf(learned)).toEqual({
      level: "unknown",
      text: "A write based on an older version failed with 500, not 412: clients cannot tell that conflict from an outage.",
      replayWouldTell: false
    })
    expect(protectionOf(policyWith("fails-on-stale", "accepts-without-precondition"))).toEqual({
      level: "partial",
      text: "Writes that name no version are accepted. A write based on an older version failed with 500, not 412: clients cannot tell that conflict from an outage.",
      replayWouldTell: false
    })
    // Refusals seen elsewhere still say the server protects.
    expect(protectionOf(policyWith("enforces-412", "requires-428", "fails-on-stale")).level).toBe("protected")
  })

  it("a write naming a tag never seen, accepted while the capture showed the current one, is no 'protected'", () => {
    const url = "http://127.0.0.1:8787/api/strict/notes/1"
    const made = (...extra: ReturnType<typeof write>[]) => [
      read('"a"', { url }),
      write({ url, ifMatch: '"a"', etag: '"b"', status: 200 }),
      write({ url, ifMatch: '"a"', status: 412 }),
      ...extra
    ]
    const [refusedOnly] = runEngine(made()).policies
    expect(protectionOf(refusedOnly).level).toBe("protected")
    resetExchangeIds()
    const [accepted] = runEngine(made(write({ url, ifMatch: '"made-up"', status: 200 }))).policies
    expect(accepted.traits).toContainEqual({ trait: "accepts-unknown-tag", evidence: [4] })
    expect(protectionOf(accepted)).toEqual({
      level: "partial",
      text:
        "Stale versions are refused, but a write naming a tag never seen in the capture was accepted while another " +
        "was current: unless its client had that tag from elsewhere, the server does not compare tags. Replay a " +
        "write with an older tag, or with a made-up one, to find out.",
      replayWouldTell: true
    })
    // No refusal seen: not known either way. Refused, or with no version shown before it: no trait.
    expect(protectionOf(policyWith("accepts-unknown-tag")).level).toBe("unknown")
    resetExchangeIds()
    const refused = runEngine(made(write({ url, ifMatch: '"made-up"', status: 412 }))).policies[0]
    expect(refused.traits.map(({ trait }) => trait)).not.toContain("accepts-unknown-tag")
    resetExchangeIds()
    const firstWrite = runEngine([write({ url, ifMatch: '"made-up"', etag: '"b"', status: 200 })]).policies
    expect(firstWrite.flatMap((policy) => policy.traits.map(({ trait }) => trait))).not.toContain(
      "accepts-unknown-tag"
    )
  })

  it("a lost update with no tag is said: the write that named none is proven to have lost a change", () => {
    // lax, two users saving without If-Match: Bob's save replaced Alice's, which he had not read.
    const [learned] = auditFixture("lab-lax-blind-two-users.har").snapshot.policies
    expect(learned.traits.map(({ trait }) => trait)).toContain("accepts-blind-overwrite")
    expect(protectionOf(learned)).toEqual({
      level: "partial",
      text: "Writes that name no version are accepted: one such write overwrote another user's change that its client had not read (a lost update). No stale write seen yet: Check protection in the panel's Replay tab, or replay a write with an older tag, to find out.",
      replayWouldTell: true
    })
    // A server that refuses stale tags (the lab's eve, Django) still loses what a write naming none replaces.
    expect(
      protectionOf(policyWith("enforces-412", "accepts-without-precondition", "accepts-blind-overwrite"))
    ).toEqual({
      level: "partial",
      text: "Stale versions are refused, but a write that names none is accepted: one such write overwrote another user's change that its client had not read (a lost update).",
      replayWouldTell: false
    })
  })

  it("a lost update outweighs everything else the server was seen doing", () => {
    expect(protectionOf(policyWith("enforces-412", "requires-428", "accepts-stale")).level).toBe(
      "unprotected"
    )
  })
})
