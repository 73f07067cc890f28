/**
 * Real servers installed from npm at pinned versions, each into a folder of its own under the
 * system's temporary folder (not the project's dependencies): used by record-real-servers.ts and
 * check-azurite-cors.ts.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** Azurite, Microsoft's Azure Storage emulator: its Table service is Azure Tables' API. */
export const AZURITE_PACKAGES = ["azurite@3.37.0"]
export const AZURITE_DIR = join(tmpdir(), "etag-lens-azurite")

/** `npm install` of `packages` into `dir`, unless `dir`'s node_modules has `marker` already. */
export function installPinned(
  dir: string,
  packages: readonly string[],
  marker: string,
  npmFlags: readonly string[] = []
): void {
  if (existsSync(join(dir, "node_modules", marker))) return
  mkdirSync(dir, { recursive: true })
  const install = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--no-save", ...npmFlags, "--prefix", dir, ...packages],
    { stdio: "inherit" }
  )
  if (install.status !== 0) throw new Error(`npm install of ${packages.join(" ")} failed`)
}
