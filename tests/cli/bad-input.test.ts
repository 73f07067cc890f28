import { readFileSync } from "node:fs"
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { deflateSync, gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundleCli, fixture, removeBundle, runCli, runJson } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

/** Every bad input must be named in the report and on stderr, and must not stop other files. */
describe("etag-audit on unusable input", () => {
  it.each([
    ["truncated.har", /truncated JSON: the text ends inside log\.entries after 3 complete entries/],
    ["wrong-root.har", /the root is not a JSON object/],
    ["empty.har", /the file is empty/],
    ["no-such-file.har", /no such file/]
  ])("%s: exit 2, the file named, the other file still reported", (name, message) => {
    const { run, report } = runJson([fixture(name), fixture("guarded.har")])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain(fixture(name))
    expect(run.stderr).toMatch(message)
    expect(report.problems).toEqual([expect.objectContaining({ file: fixture(name), fatal: true })])
    expect(report.files.find((file) => file.path === fixture(name))?.usable).toBe(false)
    expect(report.files.find((file) => file.path === fixture("guarded.har"))).toMatchObject({
      entries: 4,
      usable: true
    })
  })

  it("a truncated file still gives its complete entries", () => {
    const { report } = runJson([fixture("truncated.har")])
    expect(report.summary.exchanges).toBe(3)
    expect(report.findings.map((finding) => finding.ruleId)).toContain("missing-if-match")
  })

  it("the verdict of every report format says the input was not read in full, as exit 2 does", () => {
    const files = [fixture("truncated.har"), fixture("guarded.har")]
    const text = runCli(files)
    expect(text.status).toBe(2)
    expect(text.stdout.trim().split("\n").at(-1)).toMatch(
      / — INPUT ERROR: 1 file not read in full \(exit 2\)$/
    )
    expect(text.stdout).not.toContain("ok at --fail-on")
    expect(runCli(["--markdown", ...files]).stdout).toMatch(/^## ETag audit: ⛔ input not read in full/)
    expect(runCli(["--github", ...files]).stdout).toContain("INPUT ERROR: 1 file not read in full (exit 2)")
    // A usable input keeps its verdict.
    expect(runCli([fixture("guarded.har")]).stdout).toMatch(/ — ok at --fail-on error\n?$/)
  })

  it("a gzip-, zlib-compressed or zipped capture is named as such, in both reading paths, without its bytes", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const har = readFileSync(fixture("lost-update.har"))
    await writeFile(`${directory}/capture.har.gz`, gzipSync(har))
    // A zip's local file header, as Playwright's recordHar writes a `.zip`.
    await writeFile(`${directory}/capture.zip`, Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), har]))
    // mitmproxy's hardump to a `.zhar`: zlib at level 9.
    await writeFile(`${directory}/capture.zhar`, deflateSync(har, { level: 9 }))
    const files = ["capture.har.gz", "capture.zip", "capture.zhar"].map((name) => `${directory}/${name}`)
    for (const stream of [[], ["--stream"]]) {
      const { run, report } = runJson([...stream, ...files])
      expect(run.status).toBe(2)
      // Files are opened side by side with --stream: their problems may come in any order.
      const byFile = [...report.problems].sort((a, b) => (a.file < b.file ? -1 : 1))
      expect(byFile).toEqual([
        {
          file: `${directory}/capture.har.gz`,
          message: "is gzip-compressed, not a HAR: unpack it first",
          fatal: true
        },
        {
          file: `${directory}/capture.zhar`,
          message: "is zlib-compressed (mitmproxy's .zhar), not a HAR: unpack it first",
          fatal: true
        },
        {
          file: `${directory}/capture.zip`,
          message: "is a zip archive, not a HAR: unpack it first",
          fatal: true
        }
      ])
    }
  })

  it.each([
    [
      "the root is a JSON array",
      '[{"log":{"entries":[]}}]',
      'the root is not a JSON object (it starts with \'[{"log":{"en\')'
    ],
    [
      "the root is a JSON string, after a BOM",
      '\uFEFF \n"log"',
      "the root is not a JSON object (it starts with '\"log\"')"
    ],
    [
      "the root is an array over lines",
      '[\n  {\n    "log": 1',
      "the root is not a JSON object (it starts with '[ { \"log\": 1')"
    ],
    ["the root is a number", "7\n", "the root is not a JSON object (it starts with '7')"],
    ["no log", '{"entries":[]}', "no log object in the HAR"],
    ["log is an array", '{"log":[]}', "log is not an object"],
    ["log without entries", '{"log":{"pages":[]}}', "no log.entries array in the HAR object"],
    ["entries is an object", '{"log":{"entries":{}}}', "log.entries is not an array"],
    ["entries is null", '{"log":{"entries":null}}', "log.entries is not an array"]
  ])("a HAR of the wrong shape (%s): the same message from both reading paths", async (_, text, message) => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const file = `${directory}/shape.har`
    await writeFile(file, text)
    for (const stream of [[], ["--stream"]]) {
      const { run, report } = runJson([...stream, file])
      expect(run.status).toBe(2)
      expect(report.problems).toEqual([{ file, message, fatal: true }])
    }
  })

  it("a directory is refused by name", () => {
    const run = runCli(["tests/fixtures/cli"])
    expect(run.status).toBe(2)
    expect(run.stdout).toContain("tests/fixtures/cli: is a directory, not a HAR file")
  })

  it("bad entries are skipped with their index; the rest is analysed and the exit code is not 2", () => {
    const { run, report } = runJson([fixture("bad-entries.har")])
    expect(run.status).toBe(1)
    expect(report.problems).toEqual([
      expect.objectContaining({ entryIndex: 1, fatal: false, message: "is a number, not an object" }),
      expect.objectContaining({ entryIndex: 2, fatal: false, message: expect.stringMatching(/^skipped: /) })
    ])
    expect(run.stderr).toContain(`${fixture("bad-entries.har")}: entry 1: is a number, not an object`)
    expect(report.files[0]).toMatchObject({ entries: 6, skippedEntries: 2, usable: true })
    expect(report.findings.map((finding) => finding.ruleId)).toContain("lost-update")
  })

  it("an entry that is not JSON is skipped by index, in both reading paths", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const file = `${directory}/broken-entry.har`
    await writeFile(
      file,
      '{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-01-01T00:00:00Z"}, {"x": tru}, 7]}}'
    )
    for (const stream of [[], ["--stream"]]) {
      const { report } = runJson([...stream, file])
      expect(report.problems.filter((problem) => problem.entryIndex === 1)).toEqual([
        expect.objectContaining({ message: expect.stringContaining("not valid JSON") })
      ])
      expect(
        report.problems.some(
          (problem) => problem.entryIndex === 2 && problem.message === "is a number, not an object"
        )
      ).toBe(true)
    }
  })

  it("non-UTF-8 bytes are a warning with the byte offset; the file is still analysed", () => {
    for (const stream of [[], ["--stream"]]) {
      const { run, report } = runJson([...stream, fixture("not-utf8.har")])
      expect(run.status).toBe(1)
      expect(report.problems).toEqual([
        expect.objectContaining({
          fatal: false,
          message: expect.stringMatching(/not valid UTF-8 \(first bad byte at offset \d+\)/)
        })
      ])
      expect(report.summary.exchanges).toBe(4)
    }
  })
})
