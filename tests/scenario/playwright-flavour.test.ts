/**
 * The Playwright flavour: type-checked with tsc (strict) and run once with `npx playwright test`
 * against a live lab (the `request` fixture needs no browser): passes on strict, fails on lax; a
 * lost update with no tag adds a write with no version, which strict refuses.
 */
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"

import { afterAll, beforeAll, describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { exportScenarioTests } from "../../src/core/scenario/export-tests"
import { startLab } from "../../src/lab/server"
import { basicAuthorization } from "../builders/exchange"
import { LabRecorder } from "./lab-recorder"
import { run, scratchDir } from "./run-generated"

let lab: Awaited<ReturnType<typeof startLab>>
const scratch = scratchDir()
const bin = (name: string) => resolve("node_modules/.bin", name)

beforeAll(async () => {
  lab = await startLab({ port: 0 })
  // kube: the version is nested in the body (metadata.resourceVersion); contentful: it goes back in
  // the X-Contentful-Version header, read from sys.version once configured.
  const contentful = { bodyTagFields: ["sys.version"], versionHeaders: ["X-Contentful-Version"] }
  // confluence: an update sends the version it makes, the one read plus one.
  const confluence = { bodyTagFields: ["version.number"], nextVersionFields: ["version.number"] }
  for (const [policy, options] of [
    ["strict", {}],
    ["lax", {}],
    ["kube", {}],
    ["contentful", contentful],
    ["confluence", confluence],
    ["dated", {}]
  ] as const) {
    const engine = createEngine(options)
    const har = JSON.parse(readFileSync(`tests/fixtures/lab-${policy}.har`, "utf8"))
    for (const entry of har.log.entries) engine.ingestHarEntry(entry, "import")
    const { files } = exportScenarioTests(engine.snapshot(), { flavours: ["playwright"], ...options })
    expect(files).toHaveLength(1)
    scratch.write(files[0].fileName, files[0].contents)
  }
  // Two users' saves without If-Match on lax, a lost update with no tag: the test also sends a write
  // with no version. Run against strict, as the server fixed would answer (428, then 412).
  const engine = createEngine()
  const blind = JSON.parse(readFileSync("tests/fixtures/lab-lax-blind-two-users.har", "utf8"))
  for (const entry of blind.log.entries) engine.ingestHarEntry(entry, "import")
  const [file] = exportScenarioTests(engine.snapshot(), { flavours: ["playwright"] }).files
  expect(file.contents).toContain('step("write with no version")')
  scratch.write("blind-saves-fixed.spec.ts", file.contents.replaceAll("/api/lax/", "/api/strict/"))
  // The same story saved with JSON Patches (RFC 6902), run against per-user (strict, a tag per user;
  // its own note 1, so the two stories do not share one).
  const patches = createEngine()
  const patchHar = JSON.parse(readFileSync("tests/fixtures/lab-lax-json-patch-two-users.har", "utf8"))
  for (const entry of patchHar.log.entries) patches.ingestHarEntry(entry, "import")
  const [patchFile] = exportScenarioTests(patches.snapshot(), { flavours: ["playwright"] }).files
  expect(patchFile.contents).toContain('"markerOperation": 0')
  scratch.write(
    "json-patch-saves-fixed.spec.ts",
    patchFile.contents.replaceAll("/api/lax/", "/api/per-user/")
  )
  // A lost update by a DELETE without If-Match over Alice's change, recorded on lax; its refused
  // steps send DELETEs. Run against nox (its own note 1), which refuses both with 409, and eve,
  // which refuses a stale tag but deletes without one.
  const recorder = new LabRecorder(lab.url)
  const as = (user: string) => ({ Authorization: basicAuthorization(user) })
  await recorder.call({ method: "GET", path: "/api/lax/notes/1", headers: as("bob") })
  const read = await recorder.call({ method: "GET", path: "/api/lax/notes/1", headers: as("alice") })
  const alicesTag = read.headers.get("ETag") ?? ""
  const headers = { ...as("alice"), "Content-Type": "application/json", "If-Match": alicesTag }
  await recorder.call({ method: "PUT", path: "/api/lax/notes/1", headers, body: '{"text":"alice"}' })
  await recorder.call({ method: "DELETE", path: "/api/lax/notes/1", headers: as("bob") })
  await fetch(`${lab.url}/api/_reset`, { method: "POST" })
  const deletes = createEngine()
  for (const entry of recorder.entries) deletes.ingestHarEntry(entry, "import")
  const [deleteFile] = exportScenarioTests(deletes.snapshot(), { flavours: ["playwright"] }).files
  expect(deleteFile.contents).toContain('"refusedMethod": "DELETE"')
  scratch.write("blind-delete-fixed.spec.ts", deleteFile.contents.replaceAll("/api/lax/", "/api/nox/"))
  scratch.write("blind-delete-eve.spec.ts", deleteFile.contents.replaceAll("/api/lax/", "/api/eve/"))
})
afterAll(async () => {
  await lab.close()
  scratch.remove()
})

interface PlaywrightReport {
  suites: {
    specs: { title: string; ok: boolean; tests: { results: { error?: { message?: string } }[] }[] }[]
  }[]
}

describe("Playwright flavour", () => {
  it("type-checks under strict TypeScript", async () => {
    scratch.write(
      "tsconfig.json",
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          types: ["node"],
          skipLibCheck: true
        },
        include: ["*.spec.ts"]
      })
    )
    const result = await run(bin("tsc"), ["-p", join(scratch.dir, "tsconfig.json")])
    expect(result.stdout + result.stderr).toBe("")
    expect(result.code).toBe(0)
  }, 120_000)

  it("runs with npx playwright test: passes on strict (also with a write with no version), per-user (the same with JSON Patches), nox (a lost update by a DELETE; eve fails it), kube, contentful, confluence and dated, fails on lax at the stale write", async () => {
    scratch.write(
      "playwright.config.mjs",
      `export default { testDir: ".", outputDir: "./results", workers: 1, reporter: [["json", { outputFile: "report.json" }]] }\n`
    )
    const result = await run(bin("playwright"), ["test", "-c", "playwright.config.mjs"], {
      cwd: scratch.dir,
      env: { ...process.env, ETAG_LENS_BASE_URL: lab.url }
    })
    expect(result.code).toBe(1)
    const report = JSON.parse(readFileSync(join(scratch.dir, "report.json"), "utf8")) as PlaywrightReport
    const specs = report.suites.flatMap((suite) => suite.specs)
    const byTitle = new Map(specs.map((spec) => [spec.title, spec]))
    expect(byTitle.get("missing-if-match on /api/strict/notes/1")?.ok).toBe(true)
    expect(byTitle.get("missing-if-match on /api/kube/notes/1")?.ok).toBe(true)
    expect(byTitle.get("missing-if-match on /api/contentful/notes/1")?.ok).toBe(true)
    expect(specs.find((spec) => spec.title.endsWith(" on /api/confluence/notes/1"))?.ok).toBe(true)
    expect(specs.find((spec) => spec.title.endsWith(" on /api/dated/notes/1"))?.ok).toBe(true)
    expect(byTitle.get("lost-update on /api/strict/notes/1")?.ok).toBe(true)
    expect(byTitle.get("lost-update on /api/per-user/notes/1")?.ok).toBe(true)
    expect(byTitle.get("lost-update on /api/nox/notes/1")?.ok).toBe(true)
    const eve = byTitle.get("lost-update on /api/eve/notes/1")
    expect(eve?.ok).toBe(false)
    expect(eve?.tests[0].results[0].error?.message).toContain(
      "step 3/5 write with no version: expected 428/409/412/422/400, got 204 — LOST UPDATE"
    )
    const lax = byTitle.get("lost-update on /api/lax/notes/1")
    expect(lax?.ok).toBe(false)
    expect(lax?.tests[0].results[0].error?.message).toContain(
      "step 3/4 stale write: expected 412/409/428, got 200"
    )
  }, 120_000)
})
