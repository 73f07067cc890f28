/** Test support: write generated files to a temp dir and run them as child processes (async: the lab shares our event loop). */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

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
