/**
 * Issue #10's acceptance: regression tests generated from lab captures, RUN against a live lab.
 * They pass on `strict`, `nox`, `eve`, `couch`, `kube` (a version nested in the body), `spring` (a
 * numeric version, once its field is read), `contentful` (the version sent in a header, once it
 * is configured), `confluence` (the next version, once configured) and `dated` (If-Unmodified-Since)
 * and fail on `lax` and `dated-lax`, naming the stale-write step; a lost update with no tag adds a
 * write with no version, which fails on `eve`.
 */
import { readFileSync } from "node:fs"

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../src/core/engine"
import { DEFAULT_ENGINE_OPTIONS } from "../../src/core/model"
import {
  exportScenarioTests,
  type ExportedTestFile,
  type TestFlavour
} from "../../src/core/scenario/export-tests"
import { startLab } from "../../src/lab/server"
import { basicAuthorization } from "../builders/exchange"
import { LabRecorder } from "./lab-recorder"
import { run, scratchDir } from "./run-generated"

let lab: Awaited<ReturnType<typeof startLab>>
const scratch = scratchDir()

beforeAll(async () => {
  lab = await startLab({ port: 0 })
})
afterAll(async () => {
  await lab.close()
  scratch.remove()
})
beforeEach(async () => {
  await fetch(`${lab.url}/api/_reset`, { method: "POST" })
})

function exportFrom(
  entries: readonly unknown[],
  flavour: TestFlavour,
  options: Parameters<typeof createEngine>[0] = {}
): ExportedTestFile {
  const engine = createEngine(options)
  for (const entry of entries) engine.ingestHarEntry(entry, "import")
  const { files, skipped } = exportScenarioTests(engine.snapshot(), { flavours: [flavour] })
  expect(skipped).toEqual([])
  expect(files).toHaveLength(1)
  return files[0]
}

function fixtureEntries(policy: string): unknown[] {
  return JSON.parse(readFileSync(`tests/fixtures/lab-${policy}.har`, "utf8")).log.entries
}

async function runFile(file: ExportedTestFile): Promise<{ code: number; stdout: string }> {
  const path = scratch.write(file.fileName, file.contents)
  const command = file.flavour === "curl" ? "bash" : "node"
  const result = await run(command, [path, lab.url])
  return { code: result.code, stdout: result.stdout + result.stderr }
}

/** A test exported from a lost update with no version, on a server that takes such a write (eve, lax). */
async function expectNoVersionWriteAccepted(file: ExportedTestFile, status: number): Promise<string> {
  expect(file.ruleId).toBe("lost-update")
  const result = await runFile(file)
  expect(result.stdout).toContain(
    `step 3/5 write with no version: expected 428/409/412/422/400, got ${status} — LOST UPDATE`
  )
  expect(result.code).toBe(1)
  return result.stdout
}

/** The same test, recorded on lax, run against strict as the server fixed would answer: 428, then 412. */
async function expectPassesOnStrict(file: ExportedTestFile, refusedMethod: string): Promise<void> {
  const onStrict = { ...file, contents: file.contents.replaceAll("/api/lax/", "/api/strict/") }
  const result = await runFile(onStrict)
  expect(result.stdout).toContain(
    `step 3/5 write with no version: ${refusedMethod} with no version → 428 — ok`
  )
  expect(result.stdout).toMatch(new RegExp(`step 4/5 stale write: ${refusedMethod} .* → 412 — ok`))
  expect(result.stdout).toContain("step 5/5 read back: the concurrent write survived — ok")
  expect(result.code).toBe(0)
}

describe.each(["node", "curl"] as const)("%s flavour from the recorded lab fixtures", (flavour) => {
  it.each(["strict", "nox", "eve", "couch", "kube"])(
    "passes on %s: the stale write is refused",
    async (policy) => {
      const file = exportFrom(fixtureEntries(policy), flavour)
      const result = await runFile(file)
      expect(result.stdout).toMatch(/step 3\/4 stale write: .* → (412|409) — ok/)
      expect(result.stdout).toContain("PASS")
      expect(result.code).toBe(0)
    }
  )

  it("passes on spring once its version field is read: the version goes back as the number it is", async () => {
    const options = { bodyTagFields: ["version", ...DEFAULT_ENGINE_OPTIONS.bodyTagFields] }
    const file = exportFrom(fixtureEntries("spring"), flavour, options)
    const result = await runFile(file)
    expect(result.stdout).toMatch(/step 3\/4 stale write: .* → 409 — ok/)
    expect(result.code).toBe(0)
  })

  it("passes on contentful once its version field and header are read: the version goes in X-Contentful-Version", async () => {
    const options = {
      bodyTagFields: ["sys.version", ...DEFAULT_ENGINE_OPTIONS.bodyTagFields],
      versionHeaders: ["X-Contentful-Version"]
    }
    const file = exportFrom(fixtureEntries("contentful"), flavour, options)
    expect(file.contents).toContain("X-Contentful-Version")
    const result = await runFile(file)
    expect(result.stdout).toMatch(/step 3\/4 stale write: .* → 409 — ok/)
    expect(result.stdout).toContain("PASS")
    expect(result.code).toBe(0)
  })

  it("passes on confluence once version.number is read as the version a write makes: the writers send the one read plus one", async () => {
    const options = { bodyTagFields: ["version.number"], nextVersionFields: ["version.number"] }
    const engine = createEngine(options)
    for (const entry of fixtureEntries("confluence")) engine.ingestHarEntry(entry, "import")
    const { files, skipped } = exportScenarioTests(engine.snapshot(), { flavours: [flavour], ...options })
    expect(skipped).toEqual([])
    expect(files).toHaveLength(1)
    const result = await runFile(files[0])
    // The concurrent write sends read + 1 (200); the stale one sends the same number, now not the next (409).
    expect(result.stdout).toMatch(/step 2\/4 concurrent write: PUT with the current tag → 200 — ok/)
    expect(result.stdout).toMatch(/step 3\/4 stale write: .* → 409 — ok/)
    expect(result.stdout).toContain("PASS")
    expect(result.code).toBe(0)
  })

  it("passes on dated (Last-Modified, If-Unmodified-Since) and fails on dated-lax at the stale write", async () => {
    const dated = await runFile(exportFrom(fixtureEntries("dated"), flavour))
    expect(dated.stdout).toMatch(/step 1\/4 read: GET → 200, tag \w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT — ok/)
    expect(dated.stdout).toMatch(/step 3\/4 stale write: .* → 412 — ok/)
    expect(dated.code).toBe(0)
    const lax = await runFile(exportFrom(fixtureEntries("dated-lax"), flavour))
    expect(lax.stdout).toContain("step 3/4 stale write: expected 412/409/428, got 200 — LOST UPDATE")
    expect(lax.code).toBe(1)
  })

  it("fails on lax, naming the stale-write step", async () => {
    const file = exportFrom(fixtureEntries("lax"), flavour)
    expect(file.fileName).toBe(`api-lax-notes-1.lost-update.test.${flavour === "curl" ? "sh" : "mjs"}`)
    const result = await runFile(file)
    expect(result.stdout).toContain("step 3/4 stale write: expected 412/409/428, got 200 — LOST UPDATE")
    expect(result.code).toBe(1)
  })

  it("needs a base URL: exits 2 with usage", async () => {
    const file = exportFrom(fixtureEntries("strict"), flavour)
    const path = scratch.write(file.fileName, file.contents)
    const result = await run(flavour === "curl" ? "bash" : "node", [path], {
      env: { ...process.env, ETAG_LENS_BASE_URL: "" }
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("usage")
  })
})

describe.each(["node", "curl"] as const)("%s flavour from live traffic with a create", (flavour) => {
  async function recordCreateAndLostUpdate(policy: string): Promise<unknown[]> {
    const recorder = new LabRecorder(lab.url)
    const json = { "Content-Type": "application/json" }
    const created = await recorder.call({
      method: "POST",
      path: `/api/${policy}/notes`,
      headers: json,
      body: '{"text":"draft"}'
    })
    const location = created.headers.get("location") ?? ""
    const read = await recorder.call({ method: "GET", path: location })
    const tag = read.headers.get("etag") ?? ""
    await recorder.call({
      method: "PUT",
      path: location,
      headers: { ...json, "If-Match": tag },
      body: '{"text":"alice"}'
    })
    await recorder.call({
      method: "PUT",
      path: location,
      headers: { ...json, "If-Match": tag },
      body: '{"text":"bob"}'
    })
    await recorder.call({ method: "PUT", path: location, headers: json, body: '{"text":"carol"}' })
    await fetch(`${lab.url}/api/_reset`, { method: "POST" })
    return recorder.entries
  }

  it("creates a fresh resource from the Location at run time and passes on strict", async () => {
    const file = exportFrom(await recordCreateAndLostUpdate("strict"), flavour)
    const result = await runFile(file)
    expect(result.stdout).toMatch(/step 1\/5 create: .*Location \/api\/strict\/notes\/2/)
    expect(result.stdout).toMatch(/step 4\/5 stale write: .* → 412 — ok/)
    expect(result.code).toBe(0)
  })

  it("fails on lax at the stale-write step", async () => {
    const file = exportFrom(await recordCreateAndLostUpdate("lax"), flavour)
    const result = await runFile(file)
    expect(result.stdout).toContain("step 4/5 stale write: expected 412/409/428, got 200 — LOST UPDATE")
    expect(result.code).toBe(1)
  })
})

describe.each(["node", "curl"] as const)("%s flavour from a lost update with no tag at all", (flavour) => {
  /** Bob reads v1; Alice reads and saves without If-Match; Bob saves without If-Match over her change. */
  async function recordBlindSaves(policy: string): Promise<unknown[]> {
    const recorder = new LabRecorder(lab.url)
    const path = `/api/${policy}/notes/1`
    const as = (user: string) => ({
      Authorization: basicAuthorization(user),
      "Content-Type": "application/json"
    })
    await recorder.call({ method: "GET", path, headers: as("bob") })
    await recorder.call({ method: "GET", path, headers: as("alice") })
    const alice = await recorder.call({ method: "PUT", path, headers: as("alice"), body: '{"text":"alice"}' })
    const bob = await recorder.call({ method: "PUT", path, headers: as("bob"), body: '{"text":"bob"}' })
    expect([alice.status, bob.status]).toEqual([200, 200])
    await fetch(`${lab.url}/api/_reset`, { method: "POST" })
    return recorder.entries
  }

  it("fails on eve, which refuses a stale tag but accepted the write that named none", async () => {
    await expectNoVersionWriteAccepted(exportFrom(await recordBlindSaves("eve"), flavour), 200)
  })

  it("passes once the server requires a version: the lax capture run against strict (428, then 412)", async () => {
    await expectPassesOnStrict(exportFrom(await recordBlindSaves("lax"), flavour), "PUT")
  })
})

describe.each(["node", "curl"] as const)("%s flavour from a lost update by a DELETE", (flavour) => {
  /** Bob reads v1; Alice reads and saves with her tag; Bob deletes without If-Match: her change is gone. */
  async function recordBlindDelete(policy: string): Promise<unknown[]> {
    const recorder = new LabRecorder(lab.url)
    const path = `/api/${policy}/notes/1`
    const as = (user: string) => ({ Authorization: basicAuthorization(user) })
    await recorder.call({ method: "GET", path, headers: as("bob") })
    const read = await recorder.call({ method: "GET", path, headers: as("alice") })
    const tag = read.headers.get("ETag") ?? JSON.parse(read.text)._etag
    const alice = await recorder.call({
      method: "PUT",
      path,
      headers: {
        ...as("alice"),
        "Content-Type": "application/json",
        "If-Match": `"${String(tag).replace(/"/g, "")}"`
      },
      body: '{"text":"alice"}'
    })
    const bob = await recorder.call({ method: "DELETE", path, headers: as("bob") })
    expect([alice.status, bob.status >= 200 && bob.status < 300]).toEqual([200, true])
    await fetch(`${lab.url}/api/_reset`, { method: "POST" })
    return recorder.entries
  }

  it("fails on eve, which refuses a stale tag but deletes without one: the refused steps send a DELETE", async () => {
    const stdout = await expectNoVersionWriteAccepted(
      exportFrom(await recordBlindDelete("eve"), flavour),
      204
    )
    expect(stdout).toContain("step 2/5 concurrent write: PUT with the current tag → 200 — ok")
    expect(stdout).toContain("the server accepted a DELETE that named no version")
  })

  it("passes on strict: the DELETE with no version is 428, the stale one 412, the note survives", async () => {
    await expectPassesOnStrict(exportFrom(await recordBlindDelete("lax"), flavour), "DELETE")
  })
})

describe.each(["node", "curl"] as const)("%s flavour from blind JSON Patch saves (RFC 6902)", (flavour) => {
  /** The demo's story saving with a JSON Patch, recorded in Chromium (tests/fixtures). */
  const entries = () => fixtureEntries("lax-json-patch-two-users")

  it("fails on lax at the write with no version, sent as a JSON Patch", async () => {
    const stdout = await expectNoVersionWriteAccepted(exportFrom(entries(), flavour), 200)
    expect(stdout).toContain("step 2/5 concurrent write: PATCH with the current tag → 200 — ok")
  })

  it("passes on strict, and the read-back finds the concurrent write's marker in the patched member", async () => {
    await expectPassesOnStrict(exportFrom(entries(), flavour), "PATCH")
    // The writers set their marker as the value of the patch's replace of /text.
    const note = (await (await fetch(`${lab.url}/api/strict/notes/1`)).json()) as { text: string }
    expect(note.text).toMatch(/^ETag Lens writer A /)
  })
})
