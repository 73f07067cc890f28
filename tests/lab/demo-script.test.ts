/**
 * scripts/demo.sh end to end: the headless smoke check against the built extension, and the
 * interactive mode (its browser run headless) opening on the ETags panel, its Ctrl-C path leaving
 * no process and no profile behind.
 * Skipped with a reason when build/chrome-mv3-prod or Chromium is missing.
 */
import type { ChildProcess } from "node:child_process"
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { describe, expect, it } from "vitest"

const ROOT = resolve(import.meta.dirname, "../..")
const BUILT = existsSync(join(ROOT, "build/chrome-mv3-prod/manifest.json"))
const CHROMIUM = existsSync("/usr/bin/chromium")
const skipReason = !BUILT
  ? "no build/chrome-mv3-prod: run npm run build:chrome"
  : !CHROMIUM
    ? "no /usr/bin/chromium"
    : ""

interface RunningScript {
  readonly child: ChildProcess
  output: string
  readonly exited: Promise<number | null>
}

function runDemo(env: Record<string, string>): RunningScript {
  const child = spawn("bash", ["scripts/demo.sh"], {
    cwd: ROOT,
    env: { ...process.env, DEMO_SKIP_BUILD: "1", DEMO_SKIP_DEPS: "1", LAB_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const script: RunningScript = {
    child,
    output: "",
    exited: new Promise((done) => child.once("exit", (code) => done(code)))
  }
  child.stdout?.on("data", (chunk: Buffer) => (script.output += chunk.toString()))
  child.stderr?.on("data", (chunk: Buffer) => (script.output += chunk.toString()))
  return script
}

async function waitForOutput(script: RunningScript, text: string): Promise<void> {
  while (!script.output.includes(text)) {
    if (script.child.exitCode !== null) throw new Error(`demo.sh exited early:\n${script.output}`)
    await new Promise((next) => script.child.stdout?.once("data", next))
  }
}

function labUrlOf(output: string): string {
  const match = /Lab answers at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
  if (!match?.[1]) throw new Error(`no lab URL in:\n${output}`)
  return match[1]
}

async function labAnswers(url: string): Promise<boolean> {
  return fetch(`${url}/api/_policies`).then(
    () => true,
    () => false
  )
}

/** Command lines of the running processes that name `text` (Chromium names its profile directory). */
async function processesNaming(text: string): Promise<string[]> {
  const commandLines = await Promise.all(
    readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .map((pid) => readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => ""))
  )
  return commandLines.map((line) => line.replaceAll("\0", " ")).filter((line) => line.includes(text))
}

// In CI the test command builds first, so a missing build there is a failure, not a skip.
if (skipReason && process.env.CI) {
  it("scripts/demo.sh prerequisites", () => {
    throw new Error(skipReason)
  })
}

describe.skipIf(skipReason !== "")(`scripts/demo.sh${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it(
    "headless: checks the lab and Chromium with the extension, then stops both",
    { timeout: 120_000 },
    async () => {
      const script = runDemo({ DEMO_HEADLESS: "1" })
      const code = await script.exited
      expect(script.output).toContain("Headless check passed")
      expect(code).toBe(0)
      expect(await labAnswers(labUrlOf(script.output))).toBe(false)
    }
  )

  it(
    "interactive: Chromium opens on the ETags panel; Ctrl-C stops the lab and Chromium, and drops the profile",
    { timeout: 120_000 },
    async () => {
      // Chromium's temporary profile goes under TMPDIR: its processes name this directory.
      const scratch = mkdtempSync(join(tmpdir(), "demo-test-"))
      const processesInScratch = () => processesNaming(scratch)
      try {
        // The window's mode, run headless (there is no display here; DISPLAY only passes the check).
        const script = runDemo({ DISPLAY: ":424242", DEMO_BROWSER_HEADLESS: "1", TMPDIR: scratch })
        // demo.sh says so only once its browser reported DevTools open on the ETags panel.
        await waitForOutput(script, "Press Ctrl-C")
        const labUrl = labUrlOf(script.output)
        expect(await labAnswers(labUrl)).toBe(true)
        expect((await processesInScratch()).length).toBeGreaterThan(0)
        script.child.kill("SIGINT")
        expect(await script.exited).toBe(130)
        expect(await labAnswers(labUrl)).toBe(false)
        await expect.poll(processesInScratch, { timeout: 10_000 }).toEqual([])
        // The profile is gone (Chromium's own temporary files and tsx's cache may stay).
        expect(readdirSync(scratch).filter((name) => name.startsWith("etag-lens-"))).toEqual([])
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    }
  )

  it("without a display, says what to do instead of hanging", async () => {
    const script = runDemo({ DISPLAY: "", WAYLAND_DISPLAY: "" })
    expect(await script.exited).toBe(1)
    expect(script.output).toContain("DEMO_HEADLESS=1")
  })
})
