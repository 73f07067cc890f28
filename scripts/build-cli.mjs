// Bundles the audit CLI (src/cli/etag-audit.ts) into one ESM file for Node 20: dist/cli/etag-audit.mjs.
// bin/etag-audit.mjs runs it. No shebang in the output: the bin file is the executable.
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))

await build({
  absWorkingDir: root,
  entryPoints: ["src/cli/etag-audit.ts"],
  outfile: "dist/cli/etag-audit.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  legalComments: "none",
  // Bundled CommonJS dependencies (picocolors) call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __etagAuditCreateRequire } from "node:module"; const require = __etagAuditCreateRequire(import.meta.url);'
  },
  logLevel: "warning"
})
console.log("built dist/cli/etag-audit.mjs")
