/** Test support: write generated files to a temp dir and run them as child processes (async: the lab shares our event loop). */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { afterAll, beforeAll, beforeEach, expect } from "vitest"

import type { Scenario } from "../../src/core/scenario/scenario"
import { toCurlScript } from "../../src/core/scenario/to-curl-script"
import { toNodeScript } from "../../src/core/scenario/to-node-script"

export interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<RunResult> {
  return new Promise((done) => {
    execFile(command, args, { ...options, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 99
      done({ code, stdout, stderr })
    })
  })
}

/** A temp directory (with the project's node_modules linked in, for Playwright and tsc) and a cleanup. */
export function scratchDir(): { dir: string; write(name: string, contents: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "etag-lens-export-"))
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"))
  return {
    dir,
    write(name, contents) {
      const path = join(dir, name)
      writeFileSync(path, contents)
      return path
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** What a tiny test server sees of a request: its method, headers and whole body text. */
export interface TinyRequest {
  readonly method: string
  /** The request's path and query. */
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/**
 * A tiny HTTP server on a free loopback port for one test file, started before its tests and closed
 * after them; `answer` decides each response (status, headers, JSON body).
 */
export function useTinyServer(
  answer: (request: TinyRequest) => {
    status: number
    headers?: Record<string, string>
    json: unknown
  }
): { readonly baseUrl: () => string } {
  let server: Server | undefined
  let baseUrl = ""
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = ""
      request.on("data", (chunk: Buffer) => (body += chunk.toString()))
      request.on("end", () => {
        const { status, headers, json } = answer({
          method: request.method ?? "GET",
          url: request.url ?? "/",
          headers: request.headers,
          body
        })
        response.writeHead(status, { "Content-Type": "application/json", ...headers })
        response.end(JSON.stringify(json))
      })
    })
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
  })
  return { baseUrl: () => baseUrl }
}

/** The generated script flavours run as child processes: the command and the file's extension. */
export const SCRIPT_FLAVOURS = [
  ["node", "test.mjs", toNodeScript],
  ["bash", "test.sh", toCurlScript]
] as const

/** Runs a scenario's script against `baseUrl`: it must pass, its first read and stale write as given. */
export async function expectPassWithStaleRefused(
  flavour: readonly [command: string, extension: string, generate: (scenario: Scenario) => string],
  scratch: ReturnType<typeof scratchDir>,
  scenario: Scenario,
  baseUrl: string,
  expected: { readonly firstTag: string; readonly staleStatus: number }
): Promise<void> {
  const [command, extension, generate] = flavour
  const result = await run(command, [scratch.write(`scenario.${extension}`, generate(scenario)), baseUrl])
  expect(result.stdout).toContain(`step 1/4 read: GET → 200, tag ${expected.firstTag}`)
  expect(result.stdout).toMatch(new RegExp(`step 3/4 stale write: .* → ${expected.staleStatus} — ok`))
  expect(result.stdout).toContain("PASS")
  expect(result.code).toBe(0)
}

/** A scratch directory for one test file, removed after its tests. */
export function useScratchDir(): ReturnType<typeof scratchDir> {
  const scratch = scratchDir()
  afterAll(() => scratch.remove())
  return scratch
}

/**
 * The one document a tiny server keeps for a test: its version (3 when each test starts), its text
 * and the versions the writes sent, in order.
 */
export function useVersionedDocument<Sent>(): { version: number; text: string; readonly sent: Sent[] } {
  const document = { version: 3, text: "first", sent: [] as Sent[] }
  beforeEach(() => {
    document.version = 3
    document.text = "first"
    document.sent.length = 0
  })
  return document
}

/** A lost-update scenario on the tiny server's `/doc` (a PUT of `body` with `text` as marker, 409 refused). */
export function scenarioOnDoc(places: Pick<Scenario, "tagFrom" | "carriers">, body: string): Scenario {
  return {
    title: "lost-update on /doc",
    ruleId: "lost-update",
    recordedOrigin: "http://recorded.example",
    resourcePath: "/doc",
    ...places,
    write: { method: "PUT", contentType: "application/json", body },
    markerField: "text",
    refusedStatuses: [409],
    evidence: [1]
  }
}

/** `npx playwright test` on the scratch directory's spec files matching `testMatch`, against `baseUrl`. */
export function runPlaywright(
  scratch: ReturnType<typeof scratchDir>,
  testMatch: string,
  baseUrl: string
): Promise<RunResult> {
  scratch.write(
    "playwright.config.mjs",
    `export default { testDir: ".", testMatch: ${JSON.stringify(testMatch)}, outputDir: "./results", workers: 1 }\n`
  )
  return run(resolve("node_modules/.bin/playwright"), ["test", "-c", "playwright.config.mjs"], {
    cwd: scratch.dir,
    env: { ...process.env, ETAG_LENS_BASE_URL: baseUrl }
  })
}
