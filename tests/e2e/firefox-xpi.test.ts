/**
 * The packaged add-on (what a user loads from about:debugging or what AMO signs): the .xpi
 * that scripts/package-firefox.mjs writes holds the build, installs into Firefox ESR, and its
 * devtools page registers the ETags panel.
 */
import assert from "node:assert/strict"
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { test } from "node:test"
import { promisify } from "node:util"

import { extensionConfig } from "../../plasmo.config"
import { assertFirefoxPrerequisites, FIREFOX_BUILD_DIR, launchFirefoxWithExtension } from "./support/firefox"

const runFile = promisify(execFile)
const XPI_PATH = "build/etag-lens-firefox.xpi"

test("the packaged .xpi installs in Firefox ESR and opens the ETags panel", async () => {
  assertFirefoxPrerequisites(FIREFOX_BUILD_DIR)
  await runFile(process.execPath, ["scripts/package-firefox.mjs", FIREFOX_BUILD_DIR])
  // Zip entry names are stored uncompressed in the archive's headers.
  const archive = readFileSync(XPI_PATH)
  assert.equal(archive.readUInt32LE(0), 0x04034b50, "the .xpi is a zip archive")
  for (const file of ["manifest.json", "devtools.html", "tabs/panel.html"]) {
    assert.ok(archive.includes(file), `${file} in the .xpi`)
  }

  const firefox = await launchFirefoxWithExtension(XPI_PATH)
  try {
    const tool = await firefox.openDevToolsPanel()
    assert.equal(tool.label, extensionConfig.panelTitle)
    const href = await firefox.waitForPanel<string>(
      "content.location.href",
      (url) => url.endsWith("/tabs/panel.html"),
      { description: "the panel document from the .xpi" }
    )
    assert.match(href, /^moz-extension:\/\//)
  } finally {
    await firefox.close()
  }
})
