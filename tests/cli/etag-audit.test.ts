import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readdirSync } from "node:fs"
import { bundleCli, fixture, PROJECT_ROOT, removeBundle, runCli, runJson, spawnCli } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

describe("etag-audit output formats", () => {
  it("--json follows schema version 1 and names the lost update with its evidence", () => {
    const { run, report } = runJson([fixture("lost-update.har")])
    expect(run.status).toBe(1)
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "tool",
      "summary",
      "files",
      "policies",
      "resources",
      "findings",
      "problems",
      "baseline"
    ])
    expect(report.schemaVersion).toBe(1)
    expect(report.files).toEqual([
      { path: fixture("lost-update.har"), entries: 4, skippedEntries: 0, usable: true }
    ])
    expect(report.policies[0]).toMatchObject({ summary: "lax" })
    const lost = report.findings.find((finding) => finding.ruleId === "lost-update")
    expect(lost).toMatchObject({
      severity: "error",
      failing: true,
      rfc: { section: expect.stringContaining("13.1.1") }
    })
    expect(lost?.evidence.map((exchange) => [exchange.method, exchange.status, exchange.entryIndex])).toEqual(
      [
        ["PUT", 200, 2],
        ["PUT", 200, 3]
      ]
    )
    // The first PUT is the write the stale one overwrote: context, not at fault.
    expect(lost?.context).toEqual([lost?.evidence[0].id])
    expect(report.findings.map((finding) => finding.severity)).toEqual(
      [...report.findings.map((finding) => finding.severity)].sort(
        (a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)
      )
    )
    expect(report.resources[0].lineage).toMatch(/STALE/)
    expect(report.resources[0].versions.length).toBeGreaterThanOrEqual(3)
  })

  it("--json lists a version's other tags, and the text lineage shows them (a farm's two servers)", () => {
    const farm = "tests/fixtures/lab-farm-two-users.har"
    const { report } = runJson([farm])
    const note = report.resources.find((resource) => resource.key.endsWith("/api/farm/notes/1"))
    expect(note?.versions[0]).toMatchObject({
      tag: expect.stringMatching(/:web1"$/),
      otherTags: [expect.stringMatching(/^"n1-v1-[0-9a-f]+:web2"$/)]
    })
    expect(note?.versions[1]).not.toHaveProperty("otherTags")
    expect(report.findings.map((finding) => finding.ruleId)).toContain("tag-changed-without-write")
    expect(runCli([farm]).stdout).toMatch(/v1 "n1-v1-[0-9a-f]+:web1" .* also "n1-v1-[0-9a-f]+:web2"/)
  })

  it("the text lineage names who sent each exchange where two users touched a resource (the lab's demo)", () => {
    const text = runCli(["tests/fixtures/lab-lax-two-users.har"]).stdout
    // Recorded with opaque tokens (Bearer lab-demo-alice, …-bob): lettered, never shown.
    expect(text).toMatch(
      /v1 "n1-v1-[0-9a-f]+"\s+#\d+ \(user A\) {2}GET → 200 {3}seen by #\d+ \(user B\) GET 200/
    )
    expect(text).toMatch(/#\d+ \(user B\) {2}PUT If-Match v1 \(STALE, current was v2\) → 200/)
    expect(text).not.toContain("lab-demo-")
  })

  it("names a JWT's subject only with --include-secrets (it may be personal data); letters otherwise", () => {
    const capture = "tests/fixtures/lab-per-user-two-users.har" // the demo's JWTs, subjects alice and bob
    const redacted = runCli([capture]).stdout
    expect(redacted).toMatch(
      /#\d+ \(user A\) {2}GET → 200 {3}also "[^"]+" \(for user B\) {3}seen by #\d+ \(user B\)/
    )
    expect(redacted).not.toMatch(/alice|bob/)
    const named = runCli(["--include-secrets", capture]).stdout
    expect(named).toMatch(/#\d+ \(alice\) {2}GET → 200 {3}also "[^"]+" \(for bob\) {3}seen by #\d+ \(bob\)/)
  })

  it("redacts signed-URL secrets unless --include-secrets", () => {
    const redacted = runCli(["--json", fixture("lost-update.har")])
    expect(redacted.stdout).not.toContain("SECRETSIGNATURE")
    expect(redacted.stdout).toContain("sig=%5Bredacted%5D")
    expect(runCli(["--json", "--include-secrets", fixture("lost-update.har")]).stdout).toContain(
      "SECRETSIGNATURE"
    )
  })

  it("--markdown has a severity table, findings grouped by rule with RFC links, folded lineage", () => {
    const run = runCli(["--markdown", fixture("lost-update.har")])
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^## ETag audit: ❌ 2 failing/)
    expect(run.stdout).toContain("| Severity | Findings |")
    expect(run.stdout).toMatch(/\| ✖ error \| 2 \|/)
    expect(run.stdout).toMatch(
      /#### ✖ error `lost-update`: .* \(1\) · \[RFC 9110 §13\.1\.1\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9110#section-13\.1\.1\)/
    )
    expect(run.stdout).toContain("<details><summary>Lineage of 1 resource</summary>")
    expect(run.stdout).toMatch(/- .*overwrote #3 — #3 `PUT [^`]*` → 200 \(context\), #4 `PUT/)
  })

  it("text output lists servers, lineage, findings and a verdict; --quiet keeps findings only", () => {
    const full = runCli([fixture("lost-update.har")])
    expect(full.stdout).toContain("Servers (1)")
    expect(full.stdout).toContain("Resources (1)")
    expect(full.stdout).toMatch(/✖ error lost-update \[fails\]/)
    expect(full.stdout).toMatch(
      /evidence: #3 PUT .*lost-update\.har entry 2\) \(context\)\n +evidence: #4 PUT .*entry 3\)\n/
    )
    expect(full.stdout).toMatch(/FAIL: 2 findings at --fail-on error\n$/)
    expect(full.stdout).not.toContain("\u001b[")
    const quiet = runCli(["--quiet", fixture("lost-update.har")])
    expect(quiet.stdout).not.toContain("Servers (")
    expect(quiet.stdout).toContain("lost-update")
    expect(runCli(["--color", fixture("lost-update.har")]).stdout).toContain("\u001b[")
  })

  it("GraphQL calls (hand-written capture): counted apart, no resource, no finding; the REST write beside them is judged", () => {
    const { run, report } = runJson([fixture("graphql.har")])
    expect(run.status).toBe(0)
    expect(report.summary).toMatchObject({ exchanges: 6, rpcCalls: 4, resources: 1 })
    expect(report.resources.map((resource) => resource.key)).toEqual([
      "https://api.example.test/rest/notes/1"
    ])
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual([
      "missing-if-match",
      "precondition-optional"
    ])
    expect(
      report.findings.flatMap((finding) => finding.evidence.map((exchange) => exchange.id))
    ).not.toContain(2)
    const text = runCli([fixture("graphql.har")]).stdout
    expect(text).toContain(
      "6 exchanges (4 of them RPC or batch calls: GraphQL, OData $batch, …, no resource of their own), 1 resource"
    )
    expect(runCli(["--markdown", fixture("graphql.har")]).stdout).toContain(
      "6 exchanges (4 of them RPC or batch calls: GraphQL, OData $batch, …, no resource of their own), 1 resource"
    )
  })

  it("OData $batch (hand-written, as UI5 sends it): each operation is judged, its evidence names the batch's entry", () => {
    const { run, report } = runJson([fixture("odata-batch.har")])
    expect(run.status).toBe(1)
    expect(report.summary).toMatchObject({ exchanges: 9, rpcCalls: 3, resources: 1 })
    const lost = report.findings.find((finding) => finding.ruleId === "lost-update")
    expect(
      lost?.evidence.map((exchange) => [exchange.id, exchange.method, exchange.status, exchange.entryIndex])
    ).toEqual([
      [3, "PATCH", 200, 0],
      [6, "PATCH", 200, 1]
    ])
    expect(report.resources[0].lineage).toContain("#9  PATCH If-Match v1 (STALE, current was v3) → 412")
  })

  it("--no-lineage leaves the lineage text out", () => {
    const { report } = runJson(["--no-lineage", fixture("lost-update.har")])
    expect(report.resources[0].lineage).toBeNull()
  })

  it("--output writes the report to a file and nothing to stdout", async () => {
    const { mkdtemp, readFile } = await import("node:fs/promises")
    const { tmpdir } = await import("node:os")
    const out = `${await mkdtemp(`${tmpdir()}/etag-audit-`)}/report.md`
    const run = runCli(["--markdown", "--output", out, fixture("guarded.har")])
    expect(run.stdout).toBe("")
    expect(await readFile(out, "utf8")).toMatch(/^## ETag audit: ✅ passing/)
  })
})

describe("etag-audit exit codes and rule choice", () => {
  it("0 when nothing reaches the threshold, 1 when something does (--fail-on severity or rule id)", () => {
    expect(runCli(["--quiet", fixture("guarded.har")]).status).toBe(0)
    expect(runCli(["--quiet", "--fail-on", "info", fixture("guarded.har")]).status).toBe(1)
    expect(runCli(["--quiet", "--fail-on", "none", fixture("lost-update.har")]).status).toBe(0)
    expect(runCli(["--quiet", "--fail-on", "missing-if-match", fixture("lost-update.har")]).status).toBe(1)
    expect(runCli(["--quiet", "--fail-on", "weak-tag-in-if-match", fixture("lost-update.har")]).status).toBe(
      0
    )
  })

  it("--rules runs only the named rules and --disable switches rules off", () => {
    const only = runJson(["--rules", "missing-if-match", fixture("lost-update.har")]).report
    expect(new Set(only.findings.map((finding) => finding.ruleId))).toEqual(new Set(["missing-if-match"]))
    const without = runJson([
      "--disable",
      "lost-update,precondition-not-enforced",
      fixture("lost-update.har")
    ])
    expect(without.run.status).toBe(0)
    expect(without.report.findings.some((finding) => finding.ruleId === "lost-update")).toBe(false)
  })

  it("2 with a clear message for usage errors", () => {
    const unknownRule = runCli(["--rules", "no-such-rule", fixture("guarded.har")])
    expect(unknownRule.status).toBe(2)
    expect(unknownRule.stderr).toMatch(/--rules: unknown rule id no-such-rule \(known: .*lost-update/)
    const badFailOn = runCli(["--fail-on", "fatal", fixture("guarded.har")])
    expect(badFailOn.status).toBe(2)
    expect(badFailOn.stderr).toContain("'fatal' is neither error|warning|info|none nor a known rule id")
    expect(runCli([]).stderr).toContain("no HAR file given")
    expect(runCli(["--bogus", fixture("guarded.har")]).status).toBe(2)
  })

  it("a reader that closes the pipe early (| head) leaves the audit's exit code, with no stack trace", async () => {
    // Enough JSON (over half a megabyte) to fill the pipe, so the CLI is still writing when the reader goes away.
    const captures = readdirSync(`${PROJECT_ROOT}tests/fixtures`)
      .filter((name) => name.endsWith(".har"))
      .map((name) => `tests/fixtures/${name}`)
    for (const [failOn, expected] of [
      ["error", 1],
      ["none", 0]
    ] as const) {
      const child = spawnCli(["--json", "--quiet", "--fail-on", failOn, ...captures])
      child.stdout.once("data", () => child.stdout.destroy())
      let stderr = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      const status = await new Promise((resolve) => child.on("close", resolve))
      expect(stderr).not.toContain("EPIPE")
      expect(status).toBe(expected)
    }
  })

  it("--help and --version exit 0", () => {
    expect(runCli(["--help"])).toMatchObject({ status: 0, stdout: expect.stringContaining("Exit codes:") })
    expect(runCli(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })
})

describe("etag-audit --junit", () => {
  it("writes JUnit XML with the same verdict as the other formats, and cannot be combined with them", () => {
    const run = runCli(["--junit", "tests/fixtures/lab-lax.har"])
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="etag-audit [^"]+" tests="\d+" failures="2" /
    )
    expect(run.stdout).toContain('<testcase classname="etag-audit.lost-update"')
    expect(runCli(["--junit", "--fail-on", "none", "tests/fixtures/lab-lax.har"]).stdout).toContain(
      'failures="0"'
    )
    const both = runCli(["--junit", "--json", "tests/fixtures/lab-lax.har"])
    expect(both.status).toBe(2)
    expect(both.stderr).toContain("--json and --junit cannot be combined")
  })
})

describe("etag-audit --github", () => {
  it("writes GitHub Actions annotations and the verdict, with the exit code of the other formats", () => {
    const run = runCli(["--github", "tests/fixtures/lab-lax.har"])
    expect(run.status).toBe(1)
    const lines = run.stdout.trimEnd().split("\n")
    expect(
      lines
        .slice(0, -1)
        .every((line) =>
          /^::(error|warning|notice) file=tests\/fixtures\/lab-lax\.har,title=etag-audit /.test(line)
        )
    ).toBe(true)
    expect(lines.filter((line) => line.startsWith("::error "))).toHaveLength(2) // what fails at --fail-on error
    expect(lines.at(-1)).toMatch(/— FAIL: 2 findings at --fail-on error$/)
    const lenient = runCli(["--github", "--fail-on", "none", "tests/fixtures/lab-lax.har"])
    expect(lenient.status).toBe(0)
    expect(lenient.stdout).not.toMatch(/^::error /m)
    expect(runCli(["--github", "--junit", "tests/fixtures/lab-lax.har"]).stderr).toContain(
      "--junit and --github cannot be combined"
    )
  })
})
