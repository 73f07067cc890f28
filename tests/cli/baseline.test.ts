import { mkdtemp, readFile, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { describeWrittenBaseline, DROPPED_SHOWN } from "../../src/cli/describe-written-baseline"
import { bundleCli, PROJECT_ROOT, removeBundle, runCli, runJson } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

const LAX = `${PROJECT_ROOT}tests/fixtures/lab-lax.har`
const LAX_TWO_USERS = `${PROJECT_ROOT}tests/fixtures/lab-lax-two-users.har`

async function workDirectory(): Promise<string> {
  return mkdtemp(`${tmpdir()}/etag-audit-baseline-`)
}

describe("etag-audit --baseline / --write-baseline", () => {
  it("--write-baseline records this run's findings by rule and endpoint, and the run passes", async () => {
    const directory = await workDirectory()
    expect(runCli(["--quiet", LAX]).status).toBe(1)
    const written = runJson(["--write-baseline", "known.json", LAX], { cwd: directory })
    expect(written.run.status).toBe(0)
    const report = written.report
    expect(report.findings.length).toBeGreaterThan(0)
    expect(report.findings.every((finding) => finding.baselined && !finding.failing)).toBe(true)
    const file = JSON.parse(await readFile(`${directory}/known.json`, "utf8")) as {
      etagAuditBaseline: number
      entries: { ruleId: string; endpoint: string }[]
    }
    expect(file.etagAuditBaseline).toBe(1)
    expect(file.entries).toContainEqual({
      ruleId: "lost-update",
      endpoint: "http://127.0.0.1/api/lax/notes/{id}"
    })
    expect(file.entries).toContainEqual({
      ruleId: "precondition-not-enforced",
      endpoint: "http://127.0.0.1/api/lax"
    })
  })

  it("--baseline: another capture of the same endpoints passes, and the entries it did not show are named", async () => {
    const directory = await workDirectory()
    runCli(["--quiet", "--write-baseline", "known.json", LAX], { cwd: directory })
    const run = runCli(["--baseline", "known.json", LAX_TWO_USERS], { cwd: directory })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain("none new")
    expect(run.stdout).toMatch(
      /Known from the baseline known\.json \(\d+ findings?\)\n {2}lost-update {2}http:\/\/127\.0\.0\.1\/api\/lax\/notes\/\{id\} {2}×1/
    )
    expect(run.stdout).toMatch(
      /Baseline entries no finding matched \(\d+ of \d+\)[^\n]*\n {2}missing-if-match/
    )
    expect(run.stdout).toMatch(/known from the baseline — ok at --fail-on error/)
  })

  it("a finding the baseline does not know still fails, alone", async () => {
    const directory = await workDirectory()
    await writeFile(
      `${directory}/known.json`,
      JSON.stringify({
        etagAuditBaseline: 1,
        entries: [{ ruleId: "precondition-not-enforced", endpoint: "http://127.0.0.1/api/lax" }]
      })
    )
    const { run, report } = runJson(["--baseline", "known.json", LAX], { cwd: directory })
    expect(run.status).toBe(1)
    const failing = report.findings.filter((finding) => finding.failing)
    expect(failing.map((finding) => finding.ruleId)).toEqual(["lost-update"])
    expect(report.baseline).toEqual({
      path: "known.json",
      entries: 1,
      knownFindings: 1,
      unmatchedEntries: []
    })
    const markdown = runCli(["--markdown", "--baseline", "known.json", LAX], { cwd: directory })
    expect(markdown.stdout).toContain(
      "<details><summary>1 finding known from the baseline known.json</summary>"
    )
    expect(markdown.stdout).toContain("| `precondition-not-enforced` | `http://127.0.0.1/api/lax` | 1 |")
    expect(markdown.stdout).toContain("❌ 1 failing")
  })

  it("a hand-written placeholder covers any segment, and rewriting with --baseline keeps it", async () => {
    const directory = await workDirectory()
    runCli(["--quiet", "--write-baseline", "known.json", LAX], { cwd: directory })
    const written = await readFile(`${directory}/known.json`, "utf8")
    // The lab serves one API per policy: one entry for all of them, whatever the policy's name.
    const edited = written.replaceAll("/api/lax", "/api/{policy}")
    expect(edited).not.toBe(written)
    await writeFile(`${directory}/known.json`, edited)
    const known = runJson(["--baseline", "known.json", LAX], { cwd: directory })
    expect(known.run.status).toBe(0)
    expect(known.report.findings.every((finding) => finding.baselined)).toBe(true)
    expect(known.report.baseline?.unmatchedEntries).toEqual([])

    const rewrite = ["--quiet", "--baseline", "known.json", "--write-baseline", "known.json", LAX]
    expect(runCli(rewrite, { cwd: directory }).status).toBe(0)
    expect(await readFile(`${directory}/known.json`, "utf8")).toBe(edited)
    // Without --baseline, a rewrite starts afresh: the placeholders are gone.
    runCli(["--quiet", "--write-baseline", "known.json", LAX], { cwd: directory })
    expect(await readFile(`${directory}/known.json`, "utf8")).toBe(written)
  })

  it("rewriting a --baseline names on stderr the entries it dropped, no finding having matched them", async () => {
    const directory = await workDirectory()
    const fresh = runCli(["--write-baseline", "known.json", LAX], { cwd: directory })
    expect(fresh.stderr).toContain("etag-audit: --write-baseline known.json: wrote 4 entries\n")
    expect(fresh.stderr).not.toContain("dropped")
    const rewrite = ["--baseline", "known.json", "--write-baseline", "known.json", LAX_TWO_USERS]
    const run = runCli(rewrite, { cwd: directory })
    expect(run.status).toBe(0)
    expect(run.stderr).toContain(
      "etag-audit: --write-baseline known.json: wrote 2 entries; dropped 2 that no finding matched (fixed, or not in these captures):\n" +
        "  missing-if-match  http://127.0.0.1/api/lax/notes/{id}\n" +
        "  precondition-optional  http://127.0.0.1/api/lax\n"
    )
    const file = JSON.parse(await readFile(`${directory}/known.json`, "utf8")) as {
      entries: { ruleId: string }[]
    }
    expect(file.entries.map((entry) => entry.ruleId)).toEqual(["lost-update", "precondition-not-enforced"])
    // Nothing dropped this time; --quiet says nothing at all.
    expect(runCli(rewrite, { cwd: directory }).stderr).toContain("wrote 2 entries\n")
    expect(runCli(["--quiet", ...rewrite], { cwd: directory }).stderr).toBe("")
  })

  it("a long list of dropped entries is cut after the first ones, with how many more", () => {
    const entry = (n: number) => ({ ruleId: "missing-if-match", endpoint: `http://localhost/api/r${n}` })
    const previous = { entries: Array.from({ length: DROPPED_SHOWN + 3 }, (_, n) => entry(n)) }
    const lines = describeWrittenBaseline("b.json", { entries: [entry(0)] }, previous)
      .trimEnd()
      .split("\n")
    expect(lines[0]).toBe(
      `etag-audit: --write-baseline b.json: wrote 1 entry; dropped ${DROPPED_SHOWN + 2} that no finding matched (fixed, or not in these captures):`
    )
    expect(lines[1]).toBe("  missing-if-match  http://localhost/api/r1")
    expect(lines).toHaveLength(DROPPED_SHOWN + 2)
    expect(lines.at(-1)).toBe("  … and 2 more")
  })

  it("--write-baseline with a --baseline that does not exist yet writes it", async () => {
    const directory = await workDirectory()
    const run = runCli(["--quiet", "--baseline", "new.json", "--write-baseline", "new.json", LAX], {
      cwd: directory
    })
    expect(run.status).toBe(0)
    expect(JSON.parse(await readFile(`${directory}/new.json`, "utf8"))).toMatchObject({
      etagAuditBaseline: 1
    })
  })

  it("--write-baseline leaves the baseline as it is when an input was not read in full (exit 2)", async () => {
    const directory = await workDirectory()
    runCli(["--quiet", "--write-baseline", "known.json", LAX], { cwd: directory })
    const before = await readFile(`${directory}/known.json`, "utf8")
    // A glob that matched nothing reaches the CLI as itself; a truncated capture shows part of the API.
    for (const inputs of [["test-results/*.har"], [LAX, `${PROJECT_ROOT}tests/fixtures/cli/truncated.har`]]) {
      const run = runCli(
        ["--quiet", "--baseline", "known.json", "--write-baseline", "known.json", ...inputs],
        {
          cwd: directory
        }
      )
      expect(run.status).toBe(2)
      expect(run.stderr).toContain("--write-baseline known.json: not written, an input was not read in full")
      expect(await readFile(`${directory}/known.json`, "utf8")).toBe(before)
    }
    const fresh = runCli(["--quiet", "--write-baseline", "new.json", "missing.har"], { cwd: directory })
    expect(fresh.status).toBe(2)
    await expect(readFile(`${directory}/new.json`, "utf8")).rejects.toThrow(/ENOENT/)
  })

  it("the config file's baseline is read relative to the config file", async () => {
    const directory = await workDirectory()
    runCli(["--quiet", "--write-baseline", `${directory}/known.json`, LAX])
    await writeFile(`${directory}/audit.json`, JSON.stringify({ baseline: "known.json" }))
    expect(runCli(["--quiet", "--config", `${directory}/audit.json`, LAX]).status).toBe(0)
    await writeFile(`${directory}/audit.json`, JSON.stringify({ baseline: 3 }))
    expect(runCli(["--config", `${directory}/audit.json`, LAX]).stderr).toContain(
      '"baseline" must be the path of a baseline file'
    )
  })

  it("a missing or foreign baseline is exit 2 before any capture is read", async () => {
    const directory = await workDirectory()
    const missing = runCli(["--baseline", "nope.json", LAX], { cwd: directory })
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain("--baseline nope.json: cannot read it")
    await writeFile(`${directory}/report.json`, runCli(["--json", LAX]).stdout)
    const foreign = runCli(["--baseline", "report.json", LAX], { cwd: directory })
    expect(foreign.status).toBe(2)
    expect(foreign.stderr).toContain("not an etag-audit baseline")
    expect(foreign.stdout).toBe("")
  })
})
