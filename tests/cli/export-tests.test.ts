/**
 * `etag-audit --export-tests <dir> capture.har`: the regression tests land in the directory,
 * one per flavour for each resource with a lost update or missing precondition, and they run.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { afterAll, beforeAll, describe, expect, it } from "vitest"

import { startLab } from "../../src/lab/server"
import { bundleCli, removeBundle, runCli } from "./run-cli"

const out = mkdtempSync(join(tmpdir(), "etag-audit-export-tests-"))
beforeAll(bundleCli)
afterAll(async () => {
  await removeBundle()
  rmSync(out, { recursive: true, force: true })
})

describe("etag-audit --export-tests", () => {
  it("writes Node, Playwright and curl tests for the lax capture's lost update", () => {
    const dir = join(out, "lax")
    const run = runCli(["--export-tests", dir, "--quiet", "tests/fixtures/lab-lax.har"])
    expect(run.status).toBe(1) // the audit's own exit code: a lost update is an error finding
    expect(readdirSync(dir).sort()).toEqual([
      "api-lax-notes-1.lost-update.spec.ts",
      "api-lax-notes-1.lost-update.test.mjs",
      "api-lax-notes-1.lost-update.test.sh"
    ])
    expect(statSync(join(dir, "api-lax-notes-1.lost-update.test.mjs")).mode & 0o111).not.toBe(0)
  })

  it("says on stderr what it wrote", () => {
    const run = runCli(["--export-tests", join(out, "strict"), "tests/fixtures/lab-strict.har", "--json"])
    expect(run.stderr).toContain(`wrote 3 regression test files to ${join(out, "strict")}`)
  })

  it("refuses a directory it cannot create, with exit 2", () => {
    const blocker = join(out, "a-file")
    writeFileSync(blocker, "")
    const run = runCli(["--export-tests", join(blocker, "sub"), "tests/fixtures/lab-lax.har"])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain("--export-tests")
  })

  it("the written Node test fails against a live lax lab at the stale write", async () => {
    const dir = join(out, "lax-run")
    runCli(["--export-tests", dir, "--quiet", "tests/fixtures/lab-lax.har"])
    const lab = await startLab({ port: 0 })
    try {
      const script = join(dir, "api-lax-notes-1.lost-update.test.mjs")
      expect(readFileSync(script, "utf8")).toContain("#!/usr/bin/env node")
      const result = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(process.execPath, [script, lab.url], (error, stdout) =>
          resolve({ code: error === null ? 0 : Number(error.code), stdout })
        )
      )
      expect(result.stdout).toContain("step 3/4 stale write: expected 412/409/428, got 200 — LOST UPDATE")
      expect(result.code).toBe(1)
    } finally {
      await lab.close()
    }
  })
})
