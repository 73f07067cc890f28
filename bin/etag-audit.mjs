#!/usr/bin/env node
// `npx etag-audit …` / `npm run audit -- …`: runs the bundled CLI (npm run build:cli), or, when it
// has not been built, the TypeScript source through tsx.
import { existsSync } from "node:fs"

const bundle = new URL("../dist/cli/etag-audit.mjs", import.meta.url)
if (existsSync(bundle)) {
  await import(bundle.href)
} else {
  process.stderr.write(
    "etag-audit: dist/cli/etag-audit.mjs is not built (npm run build:cli); running the source through tsx\n"
  )
  const { register } = await import("tsx/esm/api")
  register()
  await import(new URL("../src/cli/etag-audit.ts", import.meta.url).href)
}
