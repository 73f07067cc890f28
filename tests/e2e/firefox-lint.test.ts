/**
 * `web-ext lint` (Mozilla's addons-linter) on the Firefox build: no errors, and the only
 * warnings are the ones docs/firefox.md explains — React DOM's two `innerHTML` writes, which
 * run only for `dangerouslySetInnerHTML`, a prop our sources never use.
 */
import assert from "node:assert/strict"
import { execFile } from "node:child_process"
import { readdirSync, readFileSync, statSync } from "node:fs"
import path from "node:path"
import { test } from "node:test"
import { promisify } from "node:util"

import { extensionConfig } from "../../plasmo.config"
import { assertFirefoxPrerequisites, FIREFOX_BUILD_DIR, readBuiltManifest } from "./support/firefox"

interface LintMessage {
  readonly code: string
  readonly message: string
  readonly file?: string
  readonly line?: number
  readonly column?: number
}
interface LintReport {
  readonly errors: LintMessage[]
  readonly warnings: LintMessage[]
  readonly notices: LintMessage[]
}

const runFile = promisify(execFile)

async function lintFirefoxBuild(): Promise<LintReport> {
  const webExt = path.resolve("node_modules/.bin/web-ext")
  // web-ext exits non-zero when it finds errors; the JSON report is on stdout either way.
  const output = await runFile(webExt, ["lint", "--output=json", "--source-dir", FIREFOX_BUILD_DIR], {
    maxBuffer: 16 * 1024 * 1024
  }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? "" }))
  return JSON.parse(output.stdout) as LintReport
}

/** The minified source around a lint position (line and column are 1-based). */
function sourceAround(message: LintMessage, radius: number): string {
  const text = readFileSync(path.join(FIREFOX_BUILD_DIR, message.file ?? ""), "utf8")
  const line = text.split("\n")[(message.line ?? 1) - 1] ?? ""
  const column = (message.column ?? 1) - 1
  return line.slice(Math.max(0, column - radius), column + radius)
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : []
  })
}

test("web-ext lint: the Firefox build has no errors and only the explained warnings", async () => {
  assertFirefoxPrerequisites()
  const report = await lintFirefoxBuild()

  assert.deepEqual(report.errors, [], "web-ext lint errors")
  assert.deepEqual(report.notices, [], "web-ext lint notices")
  for (const warning of report.warnings) {
    assert.equal(warning.code, "UNSAFE_VAR_ASSIGNMENT", `unexplained warning: ${JSON.stringify(warning)}`)
    assert.match(warning.message, /innerHTML/)
    // React DOM's setInnerHTML: the SVG-namespace branch next to the plain `innerHTML = html` one.
    assert.match(
      sourceAround(warning, 300),
      /http:\/\/www\.w3\.org\/2000\/svg"!==\w+\.namespaceURI\|\|"innerHTML"in \w+\)\w+\.innerHTML=/,
      `warning is not React DOM's setInnerHTML: ${JSON.stringify(warning)}`
    )
  }
  // Two writes per bundle that contains React DOM (the devtools page and the panel).
  const bundles = new Set(report.warnings.map((warning) => warning.file))
  assert.equal(report.warnings.length, bundles.size * 2, "expected exactly two innerHTML writes per bundle")
})

test("our sources never reach React DOM's innerHTML sink (no dangerouslySetInnerHTML)", () => {
  const offenders = sourceFiles(path.resolve("src")).filter((file) =>
    readFileSync(file, "utf8").includes("dangerouslySetInnerHTML")
  )
  assert.deepEqual(offenders, [], "dangerouslySetInnerHTML makes the innerHTML lint warnings real")
})

test("the Firefox manifest: MV3 devtools page, stable add-on id, minimum version, no data collected", () => {
  assertFirefoxPrerequisites()
  const manifest = readBuiltManifest() as {
    manifest_version: number
    devtools_page: string
    browser_specific_settings: {
      gecko: { id: string; strict_min_version: string; data_collection_permissions: { required: string[] } }
    }
  }
  assert.equal(manifest.manifest_version, 3)
  assert.equal(manifest.devtools_page, "devtools.html")
  assert.deepEqual(manifest.browser_specific_settings.gecko, {
    id: extensionConfig.gecko.id,
    strict_min_version: extensionConfig.gecko.strictMinVersion,
    data_collection_permissions: { required: ["none"] }
  })
})
