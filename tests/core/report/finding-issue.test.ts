import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { allRules } from "../../../src/core/findings"
import { findingIssueMarkdown } from "../../../src/core/report/finding-issue"
import { laxScenario, NOTE } from "../../builders/lax-scenario"

/** The lax scenario with a bearer token on every request. */
function capture(options: { maxExchanges?: number } = {}) {
  const engine = createEngine({ maxExchanges: options.maxExchanges ?? 100 })
  for (const entry of laxScenario()) {
    const request = (entry as { request: { headers: { name: string; value: string }[] } }).request
    request.headers.push({ name: "Authorization", value: "Bearer s3cr3t-token" })
    engine.ingestHarEntry(entry, "live")
  }
  return engine.snapshot()
}

function issueOf(ruleId: string, includeSecrets = false, snapshot = capture()) {
  const finding = snapshot.findings.find((candidate) => candidate.ruleId === ruleId)
  if (!finding) throw new Error(`no ${ruleId} finding`)
  const byId = new Map(snapshot.exchanges.map((exchange) => [exchange.id, exchange]))
  return findingIssueMarkdown({
    finding,
    rule: allRules.find((rule) => rule.id === ruleId),
    exchange: (id) => byId.get(id),
    resource: snapshot.resources.find((resource) => resource.key === finding.resourceKey),
    resourceFindings: snapshot.findings.filter((other) => other.resourceKey === finding.resourceKey),
    includeSecrets
  })
}

describe("findingIssueMarkdown", () => {
  it("a lost update: what happened, evidence, lineage, the stale write as curl, the fix and its RFC section", () => {
    const text = issueOf("lost-update")
    expect(text).toMatch(
      /^### ✖ `lost-update`: Lost update: a write replaced a version its client never saw\n\n#4 PUT based on v1/
    )
    expect(text).toContain(`Resource: \`${NOTE}\``)
    expect(text).toContain(`- #3 PUT ${NOTE} → 200 (context)\n- #4 PUT ${NOTE} → 200\n`)
    expect(text).toMatch(
      /```text\n[^`]*#4 {2}PUT If-Match v1 \(STALE, current was v3\) → 200 {3}✖ lost update: overwrote #3[^`]*\n```/
    )
    expect(text).toContain("**Request #4** (secrets redacted)")
    expect(text).toContain(`-H 'If-Match: "v1"'`)
    expect(text).toContain(`--data-raw '{"text":"c"}'`)
    expect(text).not.toContain("s3cr3t-token")
    expect(text).toMatch(
      /\*\*Fix\.\*\* Client: .+ Server: .+\n\n\[RFC 9110 §13\.1\.1 If-Match\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9110#section-13\.1\.1\)/
    )
  })

  it("keeps the credentials only when asked", () => {
    expect(issueOf("lost-update", true)).toContain("Authorization: Bearer s3cr3t-token")
    expect(issueOf("lost-update", true)).not.toContain("secrets redacted")
  })

  it("a server-wide finding names its server; an evicted exchange is said to be gone", () => {
    const text = issueOf("precondition-not-enforced", false, capture({ maxExchanges: 1 }))
    expect(text).toContain("Server: `http://127.0.0.1:8787/api/lax`")
    expect(text).toContain("- #4 PUT")
    const lost = issueOf("lost-update", false, capture({ maxExchanges: 1 }))
    expect(lost).toContain("- #3 (no longer kept by the panel) (context)\n- #4 PUT")
  })
})
