import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { allRules } from "../../../src/core/findings"
import { buildAuditReport } from "../../../src/core/report/audit-report"
import {
  baselineOf,
  BaselineFormatError,
  endpointOf,
  fingerprintOf,
  formatBaseline,
  matchBaseline,
  parseBaseline,
  type Baseline
} from "../../../src/core/report/baseline"
import { laxScenario, NOTE } from "../../builders/lax-scenario"

describe("endpointOf", () => {
  it.each([
    ["https://api.example.test/todos/17", "https://api.example.test/todos/{id}"],
    [
      "https://api.example.test/users/3f2b8c1e-9d4a-4e2f-8b6c-0a1b2c3d4e5f/orders/9",
      "https://api.example.test/users/{id}/orders/{id}"
    ],
    ["https://api.example.test/docs/507f1f77bcf86cd799439011", "https://api.example.test/docs/{id}"],
    ["https://api.example.test/items/01HZX3K9V2Q8M7N6B5C4D3E2F1", "https://api.example.test/items/{id}"],
    [
      "https://org.example.test/api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)",
      "https://org.example.test/api/data/v9.2/accounts({id})"
    ],
    ["https://svc.example.test/Docs('a1')", "https://svc.example.test/Docs({id})"],
    ["https://svc.example.test/Docs(ID=7,Rev='x')", "https://svc.example.test/Docs({id})"],
    [
      "https://api.example.test/notes?tenant=a&sig=s3cr3t",
      "https://api.example.test/notes?tenant={v}&sig={v}"
    ],
    // Test servers pick a port per run; a real host's port names another service.
    ["http://127.0.0.1:44241/api/lax/notes/1", "http://127.0.0.1/api/lax/notes/{id}"],
    ["http://localhost:5173/api", "http://localhost/api"],
    ["http://[::1]:8080/api/notes/2", "http://[::1]/api/notes/{id}"],
    ["https://api.example.test:8443/notes/2", "https://api.example.test:8443/notes/{id}"]
  ])("%s → %s", (target, endpoint) => {
    expect(endpointOf(target)).toBe(endpoint)
  })

  it("keeps names: collections, versions, words and short codes are not ids", () => {
    for (const url of [
      "https://api.example.test/v2/notes",
      "https://api.example.test/api/notes/latest",
      "https://api.example.test/users/me/settings",
      "https://api.example.test/files/report-2026.pdf"
    ])
      expect(endpointOf(url)).toBe(url)
  })

  it("returns text that is not a URL as it is, and never throws", () => {
    expect(endpointOf("not a url")).toBe("not a url")
    fc.assert(fc.property(fc.string(), (text) => typeof endpointOf(text) === "string"))
  })
})

describe("baselines", () => {
  const missing = { ruleId: "missing-if-match", resourceKey: "http://127.0.0.1:8787/api/notes/1" }

  it("one entry per rule and endpoint, sorted; a server-wide finding is known by its scope", () => {
    const baseline = baselineOf([
      missing,
      { ruleId: "missing-if-match", resourceKey: "http://127.0.0.1:8787/api/notes/2" },
      { ruleId: "lost-update", resourceKey: "http://127.0.0.1:8787/api/notes/2" },
      { ruleId: "precondition-not-enforced", scope: "http://127.0.0.1:8787/api" }
    ])
    expect(baseline.entries).toEqual([
      { ruleId: "lost-update", endpoint: "http://127.0.0.1/api/notes/{id}" },
      { ruleId: "missing-if-match", endpoint: "http://127.0.0.1/api/notes/{id}" },
      { ruleId: "precondition-not-enforced", endpoint: "http://127.0.0.1/api" }
    ])
  })

  it("knows a finding of the same rule at the same endpoint, not another rule or endpoint, and names what matched nothing", () => {
    const match = matchBaseline(baselineOf([missing, { ruleId: "lost-update", resourceKey: NOTE }]))
    expect(
      match.isKnown(fingerprintOf({ ...missing, resourceKey: "http://127.0.0.1:9999/api/notes/44" }))
    ).toBe(true)
    expect(
      match.isKnown(fingerprintOf({ ...missing, resourceKey: "http://127.0.0.1:8787/api/tasks/1" }))
    ).toBe(false)
    expect(
      match.isKnown(fingerprintOf({ ruleId: "unknown-tag-sent", resourceKey: missing.resourceKey }))
    ).toBe(false)
    expect(match.unmatched()).toEqual([
      { ruleId: "lost-update", endpoint: "http://127.0.0.1/api/lax/notes/{id}" }
    ])
  })

  it("a hand-written {slug} matches any text within one path segment, for its own rule only", () => {
    const posts = (path: string, ruleId = "missing-if-match") =>
      fingerprintOf({ ruleId, resourceKey: `http://localhost:3000/api/posts${path}` })
    const match = matchBaseline({
      entries: [
        { ruleId: "missing-if-match", endpoint: "http://localhost/api/posts/{slug}" },
        { ruleId: "missing-if-match", endpoint: "http://localhost/api/tags/{name}?lang={v}" },
        { ruleId: "lost-update", endpoint: "http://localhost/api/posts/{slug}/comments" }
      ]
    })
    expect(match.isKnown(posts("/my-first-post"))).toBe(true)
    expect(match.isKnown(posts("/another.post"))).toBe(true)
    expect(match.isKnown(posts("/my-first-post/comments"))).toBe(false)
    expect(match.isKnown(posts(""))).toBe(false)
    expect(match.isKnown(posts("/my-first-post", "lost-update"))).toBe(false)
    expect(match.matched()).toEqual([
      { ruleId: "missing-if-match", endpoint: "http://localhost/api/posts/{slug}" }
    ])
    expect(match.unmatched().map((entry) => entry.endpoint)).toEqual([
      "http://localhost/api/tags/{name}?lang={v}",
      "http://localhost/api/posts/{slug}/comments"
    ])
    // Placeholders sit among text that is matched literally, regular-expression characters too.
    const tags = fingerprintOf({
      ruleId: "missing-if-match",
      resourceKey: "http://localhost:1/api/tags/c++?lang=en"
    })
    expect(tags.endpoint).toBe("http://localhost/api/tags/c++?lang={v}")
    expect(match.isKnown(tags)).toBe(true)
  })

  it("{id} and {v} keep meaning an id and a query value: /todos/{id} does not cover /todos/bulk", () => {
    const match = matchBaseline({
      entries: [{ ruleId: "missing-if-match", endpoint: "http://localhost/api/todos/{id}" }]
    })
    const todo = (segment: string) =>
      fingerprintOf({ ruleId: "missing-if-match", resourceKey: `http://localhost:8080/api/todos/${segment}` })
    expect(match.isKnown(todo("42"))).toBe(true)
    expect(match.isKnown(todo("bulk"))).toBe(false)
  })

  it("rewriting a baseline keeps its entries that still match as written, drops the others, adds the new", () => {
    const previous: Baseline = {
      entries: [
        { ruleId: "missing-if-match", endpoint: "http://localhost/api/posts/{slug}" },
        { ruleId: "lost-update", endpoint: "http://localhost/api/posts/{slug}" }
      ]
    }
    const rewritten = baselineOf(
      [
        { ruleId: "missing-if-match", resourceKey: "http://localhost:3000/api/posts/hello-world" },
        { ruleId: "missing-if-match", resourceKey: "http://localhost:3000/api/posts/second-post" },
        { ruleId: "unknown-tag-sent", resourceKey: "http://localhost:3000/api/posts/hello-world" }
      ],
      previous
    )
    expect(rewritten.entries).toEqual([
      { ruleId: "missing-if-match", endpoint: "http://localhost/api/posts/{slug}" },
      { ruleId: "unknown-tag-sent", endpoint: "http://localhost/api/posts/hello-world" }
    ])
    // Without the previous one, each slug is its own endpoint.
    expect(
      baselineOf([{ ruleId: "missing-if-match", resourceKey: "http://localhost:3000/api/posts/a-post" }])
        .entries
    ).toEqual([{ ruleId: "missing-if-match", endpoint: "http://localhost/api/posts/a-post" }])
  })

  it("the file reads back as written, and writing it again changes nothing", () => {
    const entry = fc.record({ ruleId: fc.string(), endpoint: fc.string() })
    fc.assert(
      fc.property(fc.array(entry), (entries) => {
        const baseline: Baseline = { entries }
        const text = formatBaseline(baseline)
        expect(parseBaseline(text)).toEqual(baseline)
        expect(formatBaseline(parseBaseline(text))).toBe(text)
      })
    )
  })

  it.each([
    ["{", /not valid JSON/],
    ["[]", /must be a JSON object/],
    ['{"entries":[]}', /not an etag-audit baseline/],
    ['{"etagAuditBaseline":1}', /"entries" must be an array/],
    ['{"etagAuditBaseline":1,"entries":[{"ruleId":"x"}]}', /entries\[0\] needs/],
    ['{"etagAuditBaseline":1,"entries":[null]}', /entries\[0\] needs/]
  ])("a bad file %s says what is wrong", (text, message) => {
    expect(() => parseBaseline(text)).toThrow(BaselineFormatError)
    expect(() => parseBaseline(text)).toThrow(message)
  })
})

describe("buildAuditReport with a baseline", () => {
  const snapshot = () => {
    const engine = createEngine()
    for (const entry of laxScenario()) engine.ingestHarEntry(entry, "import")
    return engine.snapshot()
  }
  const build = (baseline?: Baseline) =>
    buildAuditReport({
      version: "0.1.0",
      snapshot: snapshot(),
      exchangeCount: 4,
      rpcCallCount: 0,
      apiExchangeCount: 4,
      rules: allRules,
      evidence: new Map(),
      files: [],
      problems: [],
      failOn: ["error"],
      isFailing: (finding) => finding.severity === "error",
      includeSecrets: false,
      baseline: baseline && { path: "etag-baseline.json", baseline }
    })

  it("known findings are reported, marked and never failing; the others still fail", () => {
    const without = build()
    expect(without.baseline).toBeNull()
    expect(without.summary.failingFindings).toBeGreaterThan(0)
    const lost = without.findings.find((finding) => finding.ruleId === "lost-update")
    expect(lost?.endpoint).toBe("http://127.0.0.1/api/lax/notes/{id}")

    const knowsTheLostUpdate = build({ entries: [{ ruleId: "lost-update", endpoint: lost?.endpoint ?? "" }] })
    const known = knowsTheLostUpdate.findings.filter((finding) => finding.baselined)
    expect(known.map((finding) => [finding.ruleId, finding.failing])).toEqual([["lost-update", false]])
    expect(knowsTheLostUpdate.summary.failingFindings).toBe(without.summary.failingFindings - 1)
    expect(knowsTheLostUpdate.baseline).toEqual({
      path: "etag-baseline.json",
      entries: 1,
      knownFindings: 1,
      unmatchedEntries: []
    })

    const everything = build(baselineOf(snapshot().findings))
    expect(everything.summary.failingFindings).toBe(0)
    expect(everything.findings.every((finding) => finding.baselined)).toBe(true)
    // Server-wide findings carry their scope, so they are told apart from the resource's.
    const notEnforced = snapshot().findings.find((finding) => finding.ruleId === "precondition-not-enforced")
    expect(notEnforced?.scope).toBe("http://127.0.0.1:8787/api/lax")
  })
})
