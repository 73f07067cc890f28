/**
 * Issue #5: for EVERY lab policy, the ETags panel in real Chromium shows the same findings, learned
 * server policy and tag source as the core engine computes from the recorded capture of the same
 * scenario (tests/fixtures/lab-<policy>.har): one source of truth, the panel must agree with it.
 * One Chromium, one DevTools, one panel; per policy: Clear, load the scenario page, run it, read.
 * The captures of real third-party servers (tests/fixtures/real-*.har), imported through the
 * toolbar's Import button, must show what the engine finds in them too.
 * Run: npm run build:chrome && node --import tsx --test tests/e2e/policies.test.ts
 */
import assert from "node:assert/strict"
import { readdirSync } from "node:fs"
import path from "node:path"
import { before, describe, it } from "node:test"

import { protectionOf } from "../../src/core/policy/protection"
import { LAB_POLICIES } from "../../src/lab/policies"
import { auditFixture, FIXTURES_DIR, ruleIdsOf } from "../builders/fixture-snapshot"
import { openPanel, waitFor, type PanelHandle } from "./support/chromium"
import { useLabAndChromium } from "./support/lab-and-browser"
import { resetLab, runScenario } from "./support/lab-scenario"
import { importThroughPanel, waitForNotice } from "./support/panel-metrics"

/** Every policy the lab serves (tests/lab/lab-server.test.ts checks the list itself). */
const POLICIES = LAB_POLICIES.map((policy) => policy.name)

interface PanelExpectation {
  readonly ruleIds: readonly string[]
  readonly summary: string
  readonly traits: readonly string[]
  readonly tagSources: readonly string[]
  /** The Servers view's answer to "does it protect its clients from lost updates?". */
  readonly protection: string
}

/** What the engine makes of the recorded scenario for `policy`; ports differ, so match on path suffixes. */
function engineExpectation(policy: string): PanelExpectation {
  const file = `lab-${policy}.har`
  const { snapshot } = auditFixture(file)
  const learned = snapshot.policies.find((candidate) => candidate.scope.endsWith(`/api/${policy}`))
  const note = snapshot.resources.find((resource) => resource.key.endsWith(`/api/${policy}/notes/1`))
  if (learned === undefined || note === undefined)
    throw new Error(`${file}: the engine learned no policy or no note 1 for /api/${policy}`)
  return {
    ruleIds: ruleIdsOf(snapshot),
    summary: learned.summary,
    traits: learned.traits.map((trait) => trait.trait),
    tagSources: note.tagSources,
    protection: protectionOf(learned).level
  }
}

const env = useLabAndChromium()
let panel: PanelHandle

/** The rule ids the Findings view groups its findings under, sorted. */
function shownRuleIds(): Promise<string[]> {
  return panel.frame.$$eval('[data-testid="rule-group"]', (groups) =>
    groups.map((group) => group.getAttribute("data-rule-id") ?? "").sort()
  )
}

/** The Servers view's rows: scope, summary and trait names. */
function shownPolicies(): Promise<
  { scope: string; summary: string; traits: string[]; protection: string }[]
> {
  return panel.frame.$$eval('[data-testid="policy-row"]', (rows) =>
    rows.map((row) => ({
      scope: row.querySelector("td")?.textContent?.trim() ?? "",
      summary: row.querySelector("strong")?.textContent?.trim() ?? "",
      traits: [...row.querySelectorAll(".traits code")].map((code) => code.textContent?.trim() ?? ""),
      protection: row.querySelector<HTMLElement>('[data-testid="protection"]')?.dataset.level ?? ""
    }))
  )
}

/** Waits until `read` returns a value deep-equal to `expected`; the failure names the last value read. */
async function waitForEqual<T>(read: () => Promise<T>, expected: T, what: string): Promise<void> {
  let last: T | undefined
  try {
    await waitFor(async () => {
      last = await read()
      return JSON.stringify(last) === JSON.stringify(expected)
    }, what)
  } catch (error) {
    assert.deepEqual(last, expected, `${what}: ${(error as Error).message}`)
  }
}

/** Clear, load the scenario page, run it against a reset lab; resolves when the page wrote every status. */
async function recordScenario(policy: string): Promise<string> {
  const { page } = env.chromium
  await page.goto(`${env.lab.url}/scenario.html?policy=${policy}`)
  await panel.clickInPanel('[data-testid="clear"]')
  await panel.waitForPanelText(/Resources \(0\)[\s\S]*Findings \(0 ✖ 0 ⚠ 0\)/)
  await resetLab(env.lab.url)
  return runScenario(page)
}

describe("ETags panel agrees with the engine for every lab policy", () => {
  before(async () => {
    await env.chromium.page.goto(`${env.lab.url}/scenario.html?policy=strict`)
    panel = await openPanel(env.chromium.page)
  })

  for (const policy of POLICIES) {
    it(`${policy}: findings, learned policy and tag source`, async () => {
      const expected = engineExpectation(policy)
      assert.ok(expected.ruleIds.length > 0, `the ${policy} capture yields findings`)
      const out = await recordScenario(policy)
      assert.match(out, /(PUT|PATCH) \(stale tag\): \d{3}/, `the scenario ran: ${out}`)

      await panel.clickInPanel('[data-testid="tab-findings"]')
      await waitForEqual(shownRuleIds, [...expected.ruleIds], `${policy}: the Findings view's rule ids`)

      await panel.clickInPanel('[data-testid="tab-servers"]')
      const scopeEnd = `/api/${policy}`
      await waitForEqual(
        async () => (await shownPolicies()).filter((row) => row.scope.endsWith(scopeEnd)),
        [
          {
            scope: `${env.lab.url}${scopeEnd}`,
            summary: expected.summary,
            traits: [...expected.traits],
            protection: expected.protection
          }
        ],
        `${policy}: the Servers view's row for ${scopeEnd}`
      )

      await panel.clickInPanel('[data-testid="tab-resources"]')
      const noteKey = `${env.lab.url}/api/${policy}/notes/1`
      await panel.clickInPanel(`[data-testid="resource-row"][data-resource-key="${noteKey}"]`)
      if (policy === "dated") {
        // No tags: the versions are the Last-Modified dates, and the panel judges If-Unmodified-Since
        // by them, as the engine does.
        const lineage = await panel.waitForPanelText("current was v2")
        assert.match(lineage, /v1\s*Thu, 01 Jan 2026 00:01:00 GMT/)
        assert.match(lineage, /v2\s*Thu, 01 Jan 2026 00:02:00 GMT/)
        assert.match(lineage, /If-Unmodified-Since v1 \(current\)/)
        assert.match(lineage, /If-Unmodified-Since v1 \(STALE, current was v2\)/)
      }
      if (policy === "dated-lax") {
        // The stale date accepted: a lost update told by dates alone (the write without a date made v3).
        const lineage = await panel.waitForPanelText("lost update: overwrote v3")
        assert.match(lineage, /v4\s*Thu, 01 Jan 2026 00:04:00 GMT/)
        assert.match(
          lineage,
          /If-Unmodified-Since v1 \(STALE, current was v3\)\s*→ 200[\s\S]*lost update: overwrote v3/
        )
      }
      if (policy === "scim") {
        // The tag came from a query by POST (.search): its listed meta.version is v1, so the saves are judged.
        const lineage = await panel.waitForPanelText("STALE, current was v3")
        assert.match(lineage, /QUERY/)
        assert.match(lineage, /If-Match v1 \(current\)/)
        assert.doesNotMatch(lineage, /unknown tag/)
      }
      // Each version's cells line up with the other versions' and none runs into the next, whatever
      // the length of its name and source (a date; body:metadata.resourceVersion).
      const versionCells = await panel.frame.$$eval('[data-testid="version"]', (rows) =>
        rows.map((row) =>
          [...row.children].map((cell) => {
            const { left } = cell.getBoundingClientRect()
            // Content wider than its cell spills over the next one (or is cut off).
            return { left, fits: cell.scrollWidth <= cell.clientWidth + 1 }
          })
        )
      )
      // A version field not configured (spring's `version`) gives no versions, as in the engine.
      assert.equal(versionCells.length > 0, expected.tagSources.length > 0, `${policy}: versions shown`)
      for (const cells of versionCells) {
        assert.deepEqual(
          cells.map((cell) => Math.round(cell.left)),
          versionCells[0].map((cell) => Math.round(cell.left)),
          `${policy}: version columns line up`
        )
        for (let at = 0; at < cells.length - 1; at++)
          assert.ok(cells[at].fits, `${policy}: version cell ${at} does not fit its column`)
      }
      await waitForEqual(
        () =>
          panel.frame.$eval('[data-testid="lineage"] .lineage-head', (head) =>
            (head.textContent ?? "").replace(/\s+/g, " ").trim()
          ),
        `${noteKey} tag source: ${expected.tagSources.join(", ") || "none seen"}`,
        `${policy}: the lineage head's tag source`
      )
    })
  }
})

/** Two people's browsers, one capture each (`<stem>-alice.har`, `<stem>-bob.har`): imported together below. */
const peoplesCaptures = (stem: string) => ["alice", "bob"].map((person) => `${stem}-${person}.har`)
const PEOPLES_CAPTURES = ["real-django-sessions", "real-django-sessions-blind", "real-php-sessions"].flatMap(
  peoplesCaptures
)

const REAL_SERVER_CAPTURES = readdirSync(FIXTURES_DIR).filter(
  (name) => /^real-.*\.har$/.test(name) && !PEOPLES_CAPTURES.includes(name)
)

/** The engine's findings and learned policies for a capture, as the panel's views show them. */
function engineViewOf(name: string) {
  const { snapshot, entryCount } = auditFixture(name)
  return {
    entries: entryCount,
    ruleIds: ruleIdsOf(snapshot),
    policies: snapshot.policies.map((policy) => ({
      scope: policy.scope,
      summary: policy.summary,
      traits: policy.traits.map((trait) => trait.trait),
      protection: protectionOf(policy).level
    }))
  }
}

describe("ETags panel agrees with the engine on captures of real servers", () => {
  it("has the real servers' captures to import", () => {
    assert.ok(REAL_SERVER_CAPTURES.length >= 5, `found ${REAL_SERVER_CAPTURES.join(", ")}`)
  })

  for (const name of REAL_SERVER_CAPTURES) {
    it(`${name}: imported, its findings and learned policy`, async () => {
      panel ??= await openPanel(env.chromium.page)
      const expected = engineViewOf(name)
      assert.ok(expected.ruleIds.length > 0, `the ${name} capture yields findings`)
      await panel.clickInPanel('[data-testid="clear"]')
      await panel.waitForPanelText(/Resources \(0\)/)
      await importThroughPanel(panel, path.join(FIXTURES_DIR, name))
      await waitForNotice(
        panel,
        new RegExp(`^Imported ${expected.entries} entries from ${name.replace(".", "\\.")}`)
      )

      await panel.clickInPanel('[data-testid="tab-findings"]')
      await waitForEqual(shownRuleIds, expected.ruleIds, `${name}: the Findings view's rule ids`)
      await panel.clickInPanel('[data-testid="tab-servers"]')
      await waitForEqual(shownPolicies, expected.policies, `${name}: the Servers view's rows`)
    })
  }
})

describe("ETags panel imports two people's captures as one timeline", () => {
  /** Imports both people's captures of `stem` into the cleared panel, and waits for its notice. */
  async function importPeople(stem: string, entries: number) {
    panel ??= await openPanel(env.chromium.page)
    await panel.clickInPanel('[data-testid="clear"]')
    await panel.waitForPanelText(/Resources \(0\)/)
    const files = peoplesCaptures(stem).map((name) => path.join(FIXTURES_DIR, name))
    await importThroughPanel(panel, ...files)
    const [alice, bob] = peoplesCaptures(stem).map((name) => name.replace(/\./g, "\\."))
    await waitForNotice(
      panel,
      new RegExp(`^Imported ${entries} entries from ${alice} and ${bob}, merged by start time`)
    )
    return panel
  }

  /** Who sent each of the note's lineage events, by the chips the Resources view shows. */
  async function noteUsers(panel: PanelHandle) {
    await panel.clickInPanel('[data-testid="tab-resources"]')
    await panel.clickInPanel('[data-testid="resource-row"][data-resource-key$="/notes/1"]')
    return () =>
      panel.frame.$$eval('[data-testid="lineage-event"]', (rows) =>
        rows.map((row) => row.querySelector('[data-testid="event-user"]')?.textContent ?? "")
      )
  }

  it("real Django with sessions, Alice's and Bob's browsers: merged by start time, two users, no false conflict-overridden", async () => {
    const panel = await importPeople("real-django-sessions", 9)
    await panel.clickInPanel('[data-testid="tab-findings"]')
    await waitForEqual(
      shownRuleIds,
      ["missing-if-match", "no-tag-on-write-response", "precondition-optional"],
      "the Findings view's rule ids"
    )
    // Read, read, Alice's save, Bob's refused save, Alice's blind save: each named by its browser's session.
    await waitForEqual(
      await noteUsers(panel),
      ["user A", "user B", "user A", "user B", "user A"],
      "the note's lineage users"
    )
  })

  it("the same two captures imported one after the other: Merge by start time in the notice turns them into one timeline", async () => {
    panel ??= await openPanel(env.chromium.page)
    await panel.clickInPanel('[data-testid="clear"]')
    await panel.waitForPanelText(/Resources \(0\)/)
    const [alice, bob] = peoplesCaptures("real-django-sessions-blind")
    await importThroughPanel(panel, path.join(FIXTURES_DIR, alice))
    await waitForNotice(panel, /^Imported 4 entries from real-django-sessions-blind-alice\.har/)
    await importThroughPanel(panel, path.join(FIXTURES_DIR, bob))
    await waitForNotice(panel, /judged first \(arrival order\): Merge by start time/)
    await panel.clickInPanel('[data-testid="tab-findings"]')
    // Appended, Bob's read of v1 comes after Alice's save: no lost update, and a false
    // tag-unchanged-after-write (the read seems to show her save kept the tag).
    await waitForEqual(
      shownRuleIds,
      ["missing-if-match", "no-tag-on-write-response", "precondition-optional", "tag-unchanged-after-write"],
      "the Findings view's rule ids, appended"
    )
    await panel.clickInPanel('[data-testid="merge-by-start-time"]')
    await waitForNotice(panel, /^Imported 8 entries from the capture, merged by start time/)
    await waitForEqual(
      shownRuleIds,
      ["lost-update", "missing-if-match", "no-tag-on-write-response", "precondition-optional"],
      "the Findings view's rule ids, merged"
    )
  })

  it("real Django with sessions, both save without If-Match: Bob's save over Alice's unread one is a lost update", async () => {
    const panel = await importPeople("real-django-sessions-blind", 8)
    await panel.clickInPanel('[data-testid="tab-findings"]')
    await waitForEqual(
      shownRuleIds,
      ["lost-update", "missing-if-match", "no-tag-on-write-response", "precondition-optional"],
      "the Findings view's rule ids"
    )
    await panel.waitForPanelText(
      /#\d+ PUT sent no precondition and was accepted with 200: it overwrote another user's change \(#\d+\), which its user had not read/
    )
    await waitForEqual(
      await noteUsers(panel),
      ["user A", "user B", "user A", "user B"],
      "the note's lineage users"
    )
    const lost = await panel.frame.$$eval('[data-testid="lineage"] .lineage-event.lost-update', (rows) =>
      rows.map((row) => row.querySelector('[data-testid="event-user"]')?.textContent ?? "")
    )
    assert.deepEqual(lost, ["user B"])
  })

  it("real PHP renewing both people's sessions at every save: still two users, two lost updates", async () => {
    const panel = await importPeople("real-php-sessions", 10)
    await panel.clickInPanel('[data-testid="tab-findings"]')
    await waitForEqual(
      shownRuleIds,
      ["lost-update", "missing-if-match", "precondition-optional"],
      "the Findings view's rule ids"
    )
    // Read, read, then Alice's, Bob's and Alice's blind saves, each answered with a new PHPSESSID.
    await waitForEqual(
      await noteUsers(panel),
      ["user A", "user B", "user A", "user B", "user A"],
      "the note's lineage users"
    )
  })

  it("real Django renewing Alice's session at every save: one user, her second blind save no lost update", async () => {
    panel ??= await openPanel(env.chromium.page)
    await panel.clickInPanel('[data-testid="clear"]')
    await panel.waitForPanelText(/Resources \(0\)/)
    const name = "real-django-sessions-renewed-alice.har"
    await importThroughPanel(panel, path.join(FIXTURES_DIR, name))
    await waitForNotice(panel, /^Imported 5 entries from real-django-sessions-renewed-alice\.har/)
    await panel.clickInPanel('[data-testid="tab-findings"]')
    await waitForEqual(
      shownRuleIds,
      ["missing-if-match", "no-tag-on-write-response", "precondition-optional"],
      "the Findings view's rule ids"
    )
    // Three session ids, one browser: nobody to tell apart, so no user chips.
    await waitForEqual(await noteUsers(panel), ["", "", ""], "the note's lineage users")
  })
})
