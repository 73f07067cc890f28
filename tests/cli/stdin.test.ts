import { readFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundleCli, fixture, removeBundle, runCli, runJson, type JsonReport } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

/** The report with one input's name replaced, to compare a file's report with standard input's. */
const renamed = (report: JsonReport, from: string, to: string): JsonReport =>
  JSON.parse(JSON.stringify(report).replaceAll(JSON.stringify(from), JSON.stringify(to))) as JsonReport

describe("etag-audit - (standard input)", () => {
  it("reads a piped HAR as a file, named <stdin>, in both reading paths and with other files", () => {
    const har = readFileSync(fixture("lost-update.har"))
    for (const stream of [[], ["--stream"]]) {
      const fromFile = runJson([...stream, fixture("lost-update.har")])
      const fromStdin = runJson([...stream, "-"], { input: har })
      expect(fromStdin.run.status).toBe(1)
      expect(fromStdin.report.files).toEqual([
        { path: "<stdin>", entries: 4, skippedEntries: 0, usable: true }
      ])
      expect(fromStdin.report.findings[0].evidence[0].file).toBe("<stdin>")
      expect(fromStdin.report).toEqual(renamed(fromFile.report, fixture("lost-update.har"), "<stdin>"))
      const both = runJson([...stream, fixture("guarded.har"), "-"], { input: har })
      expect(both.report.files.map((file) => [file.path, file.entries])).toEqual([
        [fixture("guarded.har"), 4],
        ["<stdin>", 4]
      ])
    }
  })

  it("--help names it", () => {
    expect(runCli(["--help"]).stdout).toMatch(/^ {2}- {22}read a HAR from standard input \(named <stdin>/m)
  })

  it("standard input twice (- -) is a usage error: it can be read once", () => {
    const run = runCli(["-", fixture("guarded.har"), "-"], { input: readFileSync(fixture("guarded.har")) })
    expect(run.status).toBe(2)
    expect(run.stderr).toBe("etag-audit: - (standard input) is given more than once: it can be read once\n")
    expect(run.stdout).toBe("")
  })

  it.each([
    ["truncated.har", "truncated JSON: the text ends inside log.entries after 3 complete entries"],
    ["wrong-root.har", 'the root is not a JSON object (it starts with \'[{"log":{"en\')']
  ])("bad input on stdin (%s): the message a file gets, exit 2, in both reading paths", (name, message) => {
    for (const stream of [[], ["--stream"]]) {
      const asFile = runJson([...stream, fixture(name)])
      const { run, report } = runJson([...stream, "-"], { input: readFileSync(fixture(name)) })
      expect(run.status).toBe(2)
      expect(asFile.run.status).toBe(2)
      expect(report.problems).toEqual([{ file: "<stdin>", message, fatal: true }])
      expect(asFile.report.problems).toEqual([{ file: fixture(name), message, fatal: true }])
      expect(report.summary.exchanges).toBe(asFile.report.summary.exchanges)
    }
  })

  it("an empty or compressed standard input is named as such (exit 2)", () => {
    const gzipped = gzipSync(readFileSync(fixture("lost-update.har")))
    for (const stream of [[], ["--stream"]]) {
      const empty = runJson([...stream, "-"], { input: "" })
      expect(empty.run.status).toBe(2)
      expect(empty.report.problems).toEqual([{ file: "<stdin>", message: "the input is empty", fatal: true }])
      const packed = runJson([...stream, "-"], { input: gzipped })
      expect(packed.run.status).toBe(2)
      expect(packed.report.problems).toEqual([
        { file: "<stdin>", message: "is gzip-compressed, not a HAR: unpack it first", fatal: true }
      ])
    }
  })
})
