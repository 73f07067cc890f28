/**
 * The Firefox harness's error check is not vacuous: a copy of the build whose panel bundle
 * throws and calls console.error must be reported by consoleProblems(), with our source.
 * (firefox-panel.test.ts relies on an empty list meaning "no errors".)
 */
import assert from "node:assert/strict"
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { test } from "node:test"

import {
  assertFirefoxPrerequisites,
  EXTENSION_ORIGIN,
  FIREFOX_BUILD_DIR,
  launchFirefoxWithExtension
} from "./support/firefox"

/** Copies the build and appends a console.error and an uncaught error to the panel's script. */
function brokenBuildCopy(): string {
  const copy = mkdtempSync(path.join(tmpdir(), "etag-lens-ff-broken-"))
  cpSync(FIREFOX_BUILD_DIR, copy, { recursive: true })
  const panelHtml = readFileSync(path.join(copy, "tabs/panel.html"), "utf8")
  const script = panelHtml.match(/<script[^>]+src="\/?(tabs\/panel\.[\w.]+\.js)"/)?.[1]
  assert.ok(script, "panel.html names its bundle")
  appendFileSync(
    path.join(copy, script),
    '\nconsole.error("harness-canary console.error");setTimeout(()=>{throw new Error("harness-canary uncaught")});\n'
  )
  return copy
}

test("consoleProblems() reports console.error calls and uncaught errors from the panel", async () => {
  assertFirefoxPrerequisites()
  const copy = brokenBuildCopy()
  const firefox = await launchFirefoxWithExtension(copy)
  try {
    await firefox.page.goto("about:blank")
    await firefox.openDevToolsPanel()
    await firefox.waitForPanel<string>("content.location.href", (url) => url.endsWith("/tabs/panel.html"), {
      description: "the panel document"
    })
    const problems = await (async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const found = await firefox.consoleProblems()
        if (found.length >= 2) return found
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return firefox.consoleProblems()
    })()
    const texts = problems.map((problem) => `${problem.level} ${problem.text}`)
    assert.ok(texts.includes("error harness-canary console.error"), JSON.stringify(problems))
    assert.ok(texts.includes("error Error: harness-canary uncaught"), JSON.stringify(problems))
    for (const problem of problems) assert.ok(problem.source.startsWith(`${EXTENSION_ORIGIN}/tabs/panel.`))
  } finally {
    await firefox.close()
    rmSync(copy, { recursive: true, force: true })
  }
})
