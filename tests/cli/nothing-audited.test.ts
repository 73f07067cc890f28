/**
 * A capture with no API exchange (an empty `entries`, or pages, assets and preflights only) keeps
 * exit 0, as documented, but no report may read as a clean pass: a broken recording step must show.
 */
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { harEntry, harLog } from "../builders/har"
import { bundleCli, fixture, removeBundle, runCli, runJson } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

const NOTHING = "nothing audited: no API exchange in the input"

/** The two captures that audit nothing: no entry at all, and a page load with a CORS preflight. */
async function captures(): Promise<{ empty: string; noApi: string }> {
  const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
  const empty = `${directory}/empty-entries.har`
  const noApi = `${directory}/page-only.har`
  await writeFile(empty, JSON.stringify(harLog([])))
  const page = "http://127.0.0.1:8787/"
  await writeFile(
    noApi,
    JSON.stringify(
      harLog([
        harEntry({ url: page, responseMime: "text/html", resourceType: "document" }),
        harEntry({ url: `${page}logo.png`, responseMime: "image/png", resourceType: "image" }),
        harEntry({ url: `${page}app.js`, responseMime: "text/javascript", resourceType: "script" }),
        harEntry({
          method: "OPTIONS",
          url: `${page}api/notes/1`,
          status: 204,
          requestHeaders: [{ name: "Access-Control-Request-Method", value: "PUT" }],
          resourceType: "preflight"
        })
      ])
    )
  )
  return { empty, noApi }
}

describe("etag-audit on a capture with no API exchange", () => {
  it("exits 0 but says so in every format and on stderr", async () => {
    const { empty, noApi } = await captures()
    for (const file of [empty, noApi]) {
      const text = runCli([file])
      expect(text.status).toBe(0)
      expect(text.stdout.trim().split("\n").at(-1)).toMatch(new RegExp(`ok at --fail-on error — ${NOTHING}$`))
      expect(text.stderr).toContain(`warning: ${NOTHING}`)
      expect(runCli(["--markdown", file]).stdout).toMatch(
        new RegExp(`^## ETag audit: ⚠️ passing, but ${NOTHING} \\(fail on \`error\`\\)`)
      )
      const github = runCli(["--github", file])
      expect(github.status).toBe(0)
      expect(github.stdout).toMatch(
        /^::warning file=.*,title=etag-audit%3A nothing audited::nothing audited/m
      )
      expect(github.stdout.trim().split("\n").at(-1)).toContain(NOTHING)
      expect(runCli(["--junit", file]).stdout).toContain(`<skipped message="${NOTHING}"/>`)
      const { run, report } = runJson([file])
      expect(run.status).toBe(0)
      expect(report.summary.apiExchanges).toBe(0)
      expect(run.stderr).toContain(NOTHING)
    }
    expect(runCli(["--quiet", noApi]).stderr).toBe("")
  })

  it("a capture with API traffic keeps its plain verdict and no warning", () => {
    const text = runCli([fixture("guarded.har")])
    expect(text.stdout).toMatch(/ — ok at --fail-on error\n$/)
    expect(text.stderr).not.toContain("nothing audited")
    expect(runCli(["--github", fixture("guarded.har")]).stdout).not.toContain("nothing audited")
    expect(runJson([fixture("guarded.har")]).report.summary.apiExchanges).toBe(4)
  })
})
