/**
 * Runs the CLI as a child process, as CI would. The source is bundled once per test file with
 * the same esbuild settings as scripts/build-cli.mjs (tsx per spawn is several times slower).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process"
import { randomUUID } from "node:crypto"
import { rm } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url))
export const fixture = (name: string): string => `tests/fixtures/cli/${name}`

export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

let bundleDirectory: string | undefined

/** Bundles src/cli into dist/cli-test-<id>/ (two levels below package.json, like dist/cli/). */
export async function bundleCli(): Promise<void> {
  bundleDirectory = `${PROJECT_ROOT}dist/cli-test-${randomUUID()}`
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ["src/cli/etag-audit.ts"],
    outfile: `${bundleDirectory}/etag-audit.mjs`,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);'
    },
    logLevel: "error"
  })
}

export async function removeBundle(): Promise<void> {
  if (bundleDirectory) await rm(bundleDirectory, { recursive: true, force: true })
}

/** `input`: what the CLI reads on standard input (none: an empty one). */
export interface RunOptions {
  readonly cwd?: string
  readonly input?: string | Buffer
}

export function runCli(args: readonly string[], options: RunOptions = {}): CliRun {
  if (!bundleDirectory) throw new Error("call bundleCli() in beforeAll first")
  const result = spawnSync(process.execPath, [`${bundleDirectory}/etag-audit.mjs`, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    input: options.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" }
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The CLI as a running child, for tests that drive its pipes themselves. */
export function spawnCli(args: readonly string[]): ChildProcessWithoutNullStreams {
  if (!bundleDirectory) throw new Error("call bundleCli() in beforeAll first")
  return spawn(process.execPath, [`${bundleDirectory}/etag-audit.mjs`, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" }
  })
}

export interface JsonReport {
  schemaVersion: number
  summary: {
    findings: Record<string, number>
    failingFindings: number
    exchanges: number
    rpcCalls: number
    resources: number
    skippedEntries: number
    apiExchanges: number
  }
  files: { path: string; entries: number; skippedEntries: number; usable: boolean }[]
  policies: { scope: string; summary: string }[]
  resources: { key: string; lineage: string | null; versions: { index: number; tag: string }[] }[]
  findings: {
    ruleId: string
    severity: string
    title: string
    message: string
    rfc: { section: string; url: string } | null
    resource: string | null
    evidence: { id: number; method: string; url: string; status: number; file: string; entryIndex: number }[]
    context: number[]
    failing: boolean
    baselined: boolean
    endpoint: string
  }[]
  problems: { file: string; entryIndex?: number; message: string; fatal: boolean }[]
  baseline: {
    path: string
    entries: number
    knownFindings: number
    unmatchedEntries: { ruleId: string; endpoint: string }[]
  } | null
}

export function runJson(
  args: readonly string[],
  options: RunOptions = {}
): { run: CliRun; report: JsonReport } {
  const run = runCli(["--json", ...args], options)
  return { run, report: JSON.parse(run.stdout) as JsonReport }
}
