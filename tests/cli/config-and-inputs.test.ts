import { spawnSync } from "node:child_process"
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { harEntry, harLog } from "../builders/har"
import { documentUrl, queryAddressedSaves } from "../builders/query-addressed"
import { bundleCli, fixture, PROJECT_ROOT, removeBundle, runCli, runJson, type JsonReport } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

const findingKeys = (report: JsonReport): string[] =>
  report.findings.map(
    (finding) =>
      `${finding.ruleId} ${finding.evidence.map((exchange) => `${exchange.method}:${exchange.status}:${exchange.entryIndex}`).join(",")}`
  )

describe("etag-audit config file", () => {
  it("reads .etag-auditrc.json from the working directory: disabled rules and fail-on", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    await writeFile(
      `${directory}/.etag-auditrc.json`,
      JSON.stringify({ disabledRules: ["lost-update"], failOn: "missing-if-match" })
    )
    const { run, report } = runJson([`${PROJECT_ROOT}${fixture("lost-update.har")}`], { cwd: directory })
    expect(report.findings.some((finding) => finding.ruleId === "lost-update")).toBe(false)
    expect(report.summary.failingFindings).toBe(1)
    expect(run.status).toBe(1)
  })

  it("warns on stderr, exit code unchanged, when --fail-on names a rule that is switched off", () => {
    const run = runCli(["--disable", "lost-update", "--fail-on", "lost-update", fixture("lost-update.har")])
    expect(run.status).toBe(0)
    expect(run.stderr).toContain(
      "etag-audit: warning: --fail-on names lost-update, which can never fail the run: the rule is switched off by --disable"
    )
  })

  it('"failOn": ["none", "error"] is a config error, exit 2, not a run that fails at error', async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const config = `${directory}/audit.json`
    await writeFile(config, JSON.stringify({ failOn: ["none", "error"] }))
    const run = runCli(["--config", config, fixture("lost-update.har")])
    expect(run.status).toBe(2)
    expect(run.stdout).toBe("")
    expect(run.stderr).toContain(`"failOn": 'none' never fails, so it cannot be combined with error`)
  })

  it("--config names the file; command-line options win over it", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const config = `${directory}/audit.json`
    await writeFile(config, JSON.stringify({ failOn: ["none"] }))
    expect(runCli(["--quiet", "--config", config, fixture("lost-update.har")]).status).toBe(0)
    expect(
      runCli(["--quiet", "--config", config, "--fail-on", "error", fixture("lost-update.har")]).status
    ).toBe(1)
  })

  it('--config "" is exit 2, and the default config file is not read instead', async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    // A default file that would turn the gate off: the empty --config must not fall back to it.
    await writeFile(`${directory}/.etag-auditrc.json`, JSON.stringify({ failOn: ["none"] }))
    const capture = `${PROJECT_ROOT}${fixture("lost-update.har")}`
    for (const argv of [["--config", ""], ["--config="]]) {
      const run = runCli([...argv, capture], { cwd: directory })
      expect(run.status).toBe(2)
      expect(run.stderr).toBe("etag-audit: --config: no file given\n")
      expect(run.stdout).toBe("")
    }
  })

  it("a bad config is exit 2 naming the file and the key", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const config = `${directory}/audit.json`
    await writeFile(config, JSON.stringify({ bodyTagFeilds: ["v"] }))
    const run = runCli(["--config", config, fixture("guarded.har")])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain(`${config}: unknown key "bodyTagFeilds"`)
    await writeFile(config, "{")
    expect(runCli(["--config", config, fixture("guarded.har")]).stderr).toContain(`${config}: not valid JSON`)
  })

  it("--body-tag-field finds a tag in a custom body field", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const file = `${directory}/custom-field.har`
    const entry = (
      started: string,
      method: string,
      status: number,
      body: object,
      headers: object[] = []
    ) => ({
      startedDateTime: started,
      time: 1,
      request: {
        method,
        url: "http://127.0.0.1:9/api/things/1",
        httpVersion: "HTTP/1.1",
        headers,
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0
      },
      response: {
        status,
        statusText: "",
        httpVersion: "HTTP/1.1",
        headers: [{ name: "Content-Type", value: "application/json" }],
        cookies: [],
        content: { size: 0, mimeType: "application/json", text: JSON.stringify(body) },
        redirectURL: "",
        headersSize: -1,
        bodySize: 0
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 }
    })
    const har = {
      log: {
        version: "1.2",
        creator: { name: "t", version: "1" },
        entries: [entry("2026-01-01T00:00:00Z", "GET", 200, { id: 1, version: "7" })]
      }
    }
    await writeFile(file, JSON.stringify(har))
    const withField = runJson(["--body-tag-field", "version", file]).report
    expect(withField.resources[0]?.versions[0]).toMatchObject({ index: 1, tag: expect.stringContaining("7") })
    expect(runJson([file]).report.resources.flatMap((resource) => resource.versions)).toEqual([])
  })
})

describe("etag-audit --identity-query-param", () => {
  it("keeps the named query parameter in the resource's identity: /document?id=1 and ?id=2 are two", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const file = `${directory}/documents.har`
    await writeFile(file, JSON.stringify(harLog(queryAddressedSaves())))
    expect(runJson([file]).report.findings.map((finding) => finding.ruleId)).toContain("lost-update")
    for (const param of ["id", "*"]) {
      const { report } = runJson(["--identity-query-param", param, file])
      expect(report.resources.map((resource) => resource.key)).toEqual([documentUrl(1), documentUrl(2)])
      expect(report.findings).toEqual([])
    }
  })

  it('the config\'s identityQueryParams ["*"] keeps every parameter too, as the flag does', async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const file = `${directory}/documents.har`
    await writeFile(file, JSON.stringify(harLog(queryAddressedSaves())))
    for (const params of [["*"], ["tenant", "*"]]) {
      const config = `${directory}/config.json`
      await writeFile(config, JSON.stringify({ identityQueryParams: params }))
      const { report } = runJson(["--config", config, file])
      expect(report.resources.map((resource) => resource.key)).toEqual([documentUrl(1), documentUrl(2)])
      expect(report.findings).toEqual([])
    }
  })
})

describe("etag-audit --query-version-param", () => {
  it("reads Elasticsearch's ?if_seq_no= as the version a write is based on, so a stale one accepted is a lost update", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const file = `${directory}/elasticsearch.har`
    const doc = "http://127.0.0.1:9200/notes/_doc/1"
    const json = [{ name: "Content-Type", value: "application/json" }]
    const at = (second: number) => `2026-01-01T00:00:0${second}.000Z`
    const seqNo = (value: number) => JSON.stringify({ _id: "1", _seq_no: value, _primary_term: 1 })
    const write = (second: number, sent: number, made: number) =>
      harEntry({
        method: "PUT",
        url: `${doc}?if_seq_no=${sent}&if_primary_term=1`,
        requestHeaders: json,
        requestBody: '{"text":"x"}',
        responseHeaders: json,
        responseBody: seqNo(made),
        startedDateTime: at(second)
      })
    const read = harEntry({ url: doc, responseHeaders: json, responseBody: seqNo(7), startedDateTime: at(0) })
    await writeFile(file, JSON.stringify(harLog([read, write(1, 7, 8), write(2, 7, 9)])))

    const configured = runJson(["--body-tag-field", "_seq_no", "--query-version-param", "if_seq_no", file])
    expect(configured.report.findings.map((finding) => finding.ruleId)).toContain("lost-update")
    expect(configured.run.status).toBe(1)
    // Without it the writes carry no version the audit knows: unguarded, never a lost update.
    const plain = runJson(["--body-tag-field", "_seq_no", file]).report
    expect(plain.findings.map((finding) => finding.ruleId)).not.toContain("lost-update")
    expect(plain.findings.map((finding) => finding.ruleId)).toContain("missing-if-match")
  })
})

describe("etag-audit --version-header", () => {
  const capture = "tests/fixtures/lab-contentful.har"

  it("reads Contentful's X-Contentful-Version as the version a write is based on, from the flag or the config", async () => {
    const args = ["--body-tag-field", "sys.version", "--version-header", "X-Contentful-Version", capture]
    const { report } = runJson(args)
    // Its 409s concern the version header, not If-Match: no conflict-as-409 (RFC 9110 §15.5.10).
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["missing-if-match"])
    expect(report.findings[0].message).toContain("sent no If-Match or X-Contentful-Version")
    expect(report.resources.map((resource) => resource.lineage).join("\n")).toContain(
      "PUT X-Contentful-Version v1 (STALE, current was v2) → 409"
    )
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    await writeFile(
      `${directory}/etag-audit.config.json`,
      JSON.stringify({ bodyTagFields: ["sys.version"], versionHeaders: ["X-Contentful-Version"] })
    )
    const fromConfig = runJson([`${PROJECT_ROOT}${capture}`], { cwd: directory }).report
    expect(fromConfig.findings.map((finding) => finding.ruleId)).toEqual(["missing-if-match"])
    // Without the header the write that sent the current version looks unguarded and accepted.
    const plain = runJson(["--body-tag-field", "sys.version", capture]).report
    expect(plain.findings.map((finding) => finding.ruleId)).toContain("precondition-optional")
  })
})

const CONFLUENCE_PAGE = "https://example.atlassian.net/wiki/rest/api/content/123"

describe("etag-audit --api", () => {
  it("fills in where a known API keeps its version: --api contentful reads sys.version and X-Contentful-Version", async () => {
    const capture = "tests/fixtures/lab-contentful.har"
    const { report } = runJson(["--api", "contentful", capture])
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["missing-if-match"])
    const spring = runJson(["--api", "jpa", "tests/fixtures/lab-spring.har"]).report
    expect(spring.resources.flatMap((resource) => resource.lineage ?? "").join("\n")).toContain(
      "body:version v1 (STALE, current was v3) → 409"
    )
    // Confluence sends the version a save makes: --next-version-field (or --api confluence) reads it so.
    const confluence = harLog([
      harEntry({ url: CONFLUENCE_PAGE, responseBody: '{"version":{"number":4}}' }),
      harEntry({
        method: "PUT",
        url: CONFLUENCE_PAGE,
        requestBody: '{"version":{"number":5}}',
        responseBody: '{"version":{"number":5}}'
      })
    ])
    const file = `${await mkdtemp(`${tmpdir()}/etag-audit-confluence-`)}/confluence.har`
    await writeFile(file, JSON.stringify(confluence))
    for (const options of [
      ["--api", "confluence"],
      ["--next-version-field", "version.number"]
    ]) {
      const lineage = runJson([...options, file]).report.resources.flatMap(
        (resource) => resource.lineage ?? ""
      )
      expect(lineage.join("\n"), options.join(" ")).toContain("body:version.number v1 (current) → 200")
    }
    const unknown = runCli(["--api", "strapi", capture])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain(
      "--api: unknown API 'strapi' (known: azure-devops, contentful, confluence, elasticsearch, jpa, rails, scim)"
    )
  })
})

describe("etag-audit inputs", () => {
  it("--stream gives the same report as the whole-file path", () => {
    for (const name of ["lost-update.har", "guarded.har", "bad-entries.har"]) {
      const whole = runJson([fixture(name)]).report
      const streamed = runJson(["--stream", fixture(name)]).report
      expect(streamed).toEqual(whole)
    }
  })

  it("two files with interleaved entries are merged into one timeline by startedDateTime", () => {
    const single = runJson([fixture("lost-update.har")]).report
    const parts = [fixture("lost-update-part-b.har"), fixture("lost-update-part-a.har")]
    for (const stream of [[], ["--stream"]]) {
      const merged = runJson([...stream, ...parts]).report
      expect(merged.findings.map((finding) => finding.ruleId)).toEqual(
        single.findings.map((finding) => finding.ruleId)
      )
      expect(merged.resources.map((resource) => resource.lineage)).toEqual(
        single.resources.map((resource) => resource.lineage)
      )
      expect(findingKeys(merged).length).toBe(findingKeys(single).length)
    }
  })

  it("overlapping files (one export holding the other) are read once each entry: no false lost update", () => {
    const whole = fixture("lost-update.har")
    const single = runJson([whole]).report
    // The same capture twice: what a second "Save all as HAR" of a preserved log would hold.
    const { report, run } = runJson([whole, fixture("lost-update-part-a.har"), whole])
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(
      single.findings.map((finding) => finding.ruleId)
    )
    expect(report.resources.map((resource) => resource.lineage)).toEqual(
      single.resources.map((resource) => resource.lineage)
    )
    expect(run.stderr).toMatch(
      /lost-update-part-a\.har: \d+ entries repeating entries of .*lost-update\.har \(the same start, request and answer\): read once/
    )
  })

  it("a file named twice (a glob and its own name) is read once, in both reading paths, its counts its own", () => {
    const whole = fixture("lost-update.har")
    const single = runJson([whole]).report
    for (const stream of [[], ["--stream"]]) {
      const { report, run } = runJson([...stream, whole, `./${whole}`])
      expect(run.status).toBe(1)
      expect(report.summary).toEqual({ ...single.summary })
      expect(report.files).toEqual(single.files)
      expect(findingKeys(report)).toEqual(findingKeys(single))
      expect(report.problems).toEqual([{ file: whole, message: "given 2 times: read once", fatal: false }])
    }
  })

  it("two browsers' captures of a real Django app with sessions: users told apart by their session cookie", () => {
    // Recorded by scripts/record-real-servers.ts (django-sessions): Alice and Bob log in, each in a
    // browser of their own; Alice saves (200), Bob's stale save is refused (412), Alice saves again
    // without If-Match (200). Her blind save is missing-if-match; it does not override Bob's refusal.
    const files = ["alice", "bob"].map((person) => `tests/fixtures/real-django-sessions-${person}.har`)
    const { report } = runJson(files)
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual([
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-optional"
    ])
    const text = runCli(["--include-secrets", ...files]).stdout
    expect(text).toMatch(/#\d+ \(user A\) {2}GET → 200 {3}seen by #\d+ \(user B\) GET 200/)
    expect(text).toMatch(/#\d+ \(user B\) {2}PUT If-Match v1 \(STALE, v1 was overwritten since\) → 412/)
    expect(text).not.toContain("sessionid=")
  })

  /** Two people's saves without If-Match, the second over the first, on a server that accepts both. */
  const BLIND_SAVES_RULES = [
    "lost-update",
    "missing-if-match",
    "missing-if-match",
    "no-tag-on-write-response",
    "precondition-optional"
  ]

  it("two browsers' captures of a real Django app, both saving without If-Match: the second save is a lost update", () => {
    // Recorded by scripts/record-real-servers.ts (django-sessions-blind): Alice and Bob log in and
    // read; Alice saves without If-Match (200), then Bob (200), over her save he never read. Django
    // answers a save without a tag, so her change made no version the traffic can name.
    const files = ["alice", "bob"].map((person) => `tests/fixtures/real-django-sessions-blind-${person}.har`)
    const { report, run } = runJson(files)
    expect(run.status).toBe(1)
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual(BLIND_SAVES_RULES)
    const lost = report.findings.find((finding) => finding.ruleId === "lost-update")
    expect(lost?.message).toMatch(
      /^#(\d+) PUT sent no precondition and was accepted with 200: it overwrote another user's change \(#(\d+)\), which its user had not read$/
    )
    expect(lost?.evidence.map((exchange) => exchange.file)).toEqual(files)
    expect(runCli(files).stdout).toMatch(
      /#\d+ \(user B\) {2}PUT \(no precondition\) → 200 .*✖ lost update: overwrote #\d+/
    )
  })

  it("one person on a real Django app that renews her session at every save: one user, no lost update", () => {
    // Recorded by scripts/record-real-servers.ts (django-sessions-renewed): Alice logs in, reads and
    // saves twice without If-Match (200, 200); Django's `cycle_key()` gives each save's answer a new
    // `sessionid`. Her second save replaces only her own first.
    const files = ["tests/fixtures/real-django-sessions-renewed-alice.har"]
    const { report, run } = runJson(files)
    expect(run.status).toBe(0)
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual([
      "missing-if-match",
      "missing-if-match",
      "no-tag-on-write-response",
      "precondition-optional"
    ])
    // One user: the lineage names nobody, even with secrets.
    expect(runCli(["--include-secrets", ...files]).stdout).not.toContain("(user ")
  })

  it("two people on a real PHP app that renews their sessions at every save: still two users, each lost update named", () => {
    // Recorded by scripts/record-real-servers.ts (php-sessions): Alice and Bob log in and read, then
    // save without If-Match, Alice, Bob, Alice (200 each); PHP's session_regenerate_id(true) gives each
    // save's answer a new PHPSESSID; Alice logs out (PHPSESSID=deleted, Max-Age=0).
    const files = ["alice", "bob"].map((person) => `tests/fixtures/real-php-sessions-${person}.har`)
    const { report, run } = runJson(files)
    expect(run.status).toBe(1)
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual([
      "lost-update",
      "lost-update",
      "missing-if-match",
      "missing-if-match",
      "missing-if-match",
      "precondition-optional"
    ])
    const text = runCli(files).stdout
    // Alice's third save carries the id her first save's answer set: she is still user A.
    expect(text).toMatch(/#\d+ \(user A\) {2}GET → 200 {3}seen by #\d+ \(user B\) GET 200/)
    expect(text).toMatch(/#\d+ \(user B\) {2}PUT \(no precondition\) → 200 .*✖ lost update: overwrote #\d+/)
    expect(text).toMatch(/#\d+ \(user A\) {2}PUT \(no precondition\) → 200 .*✖ lost update: overwrote #\d+\n/)
    expect(text).not.toContain("(user C)")
  })

  it("two people sharing a real nginx WebDAV folder by HTTP Basic, both saving without If-Match: a lost update, named by user-id with secrets", () => {
    // Recorded by scripts/record-real-servers.ts (nginx-basic): Alice creates the file, both read
    // it, then Alice and Bob save without If-Match (204, 204); nginx's answers to a PUT carry no tag.
    const files = ["alice", "bob"].map((person) => `tests/fixtures/real-nginx-dav-basic-${person}.har`)
    const { report } = runJson(files)
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual(BLIND_SAVES_RULES)
    const text = runCli(["--include-secrets", ...files]).stdout
    expect(text).toMatch(/#\d+ \(alice\) {2}GET → 200 {3}seen by #\d+ \(bob\) GET 200/)
    expect(text).toMatch(/#\d+ \(bob\) {2}PUT \(no precondition\) → 204 .*✖ lost update: overwrote #\d+/)
    // Redacted, the users are letters: a Basic user-id may be personal data.
    expect(runCli(files).stdout).not.toMatch(/\((alice|bob)\)/)
  })

  it("--max-exchanges evicts old exchanges but keeps findings and their evidence", () => {
    const { report } = runJson(["--max-exchanges", "2", fixture("lost-update.har")])
    expect(report.summary).toMatchObject({ exchanges: 4, evicted: 2 })
    const lost = report.findings.find((finding) => finding.ruleId === "lost-update")
    expect(lost?.evidence.map((exchange) => exchange.id)).toEqual([3, 4])
    expect(report.resources[0].lineage).toContain("(evicted)")
    expect(runCli(["--max-exchanges", "0", fixture("lost-update.har")]).stderr).toContain(
      "--max-exchanges: '0' is not a positive integer"
    )
    for (const odd of ["1e3", "0x10", "1.0"])
      expect(runCli(["--max-exchanges", odd, fixture("lost-update.har")]).stderr, odd).toContain(
        `--max-exchanges: '${odd}' is not a positive integer`
      )
  })

  it("bin/etag-audit.mjs runs the CLI (bundle or tsx fallback)", () => {
    const result = spawnSync(process.execPath, ["bin/etag-audit.mjs", "--version"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8"
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })
})
