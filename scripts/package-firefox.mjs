// Packages the Firefox build (build/firefox-mv3-prod, from `npm run build:firefox`) into
// build/etag-lens-firefox.xpi with web-ext, the tool Mozilla's add-on site expects.
// Usage: node scripts/package-firefox.mjs [sourceDir]
import { existsSync } from "node:fs"
import path from "node:path"

import webExt from "web-ext"

const sourceDir = path.resolve(process.argv[2] ?? "build/firefox-mv3-prod")
const artifactsDir = path.resolve("build")
const filename = "etag-lens-firefox.xpi"

if (!existsSync(path.join(sourceDir, "manifest.json"))) {
  console.error(`${sourceDir}/manifest.json not found: run \`npm run build:firefox\` first`)
  process.exit(1)
}

const { extensionPath } = await webExt.cmd.build(
  { sourceDir, artifactsDir, filename, overwriteDest: true },
  { shouldExitProgram: false }
)
console.log(`packaged ${path.relative(process.cwd(), extensionPath)}`)
