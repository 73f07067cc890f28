/**
 * The generated captures the benchmarks read, written once and kept in bench-out/. A capture is
 * written again when the generator's sources changed since (a digest beside it), so a benchmark
 * never measures traffic an older generator wrote.
 */
import { createHash } from "node:crypto"
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"

import { generateHar } from "./generate-har"
import type { CaptureShape } from "./generate-har/har-entry"

function generatorDigest(): string {
  const dir = join(import.meta.dirname, "generate-har")
  const sources = [
    join(import.meta.dirname, "generate-har.ts"),
    ...readdirSync(dir).map((name) => join(dir, name))
  ]
  const hash = createHash("sha1")
  for (const source of sources.sort()) hash.update(readFileSync(source))
  return hash.digest("hex")
}

/** Writes `file` (seed 1) unless it is there already, from the current generator. */
export async function ensureCapture(
  file: string,
  entryCount: number,
  shape: CaptureShape = "lean"
): Promise<void> {
  const stamp = `${file}.generator`
  const digest = generatorDigest()
  if (existsSync(file) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return
  mkdirSync(dirname(file), { recursive: true })
  process.stderr.write(`generating ${file} (${entryCount} entries, ${shape} shape)…\n`)
  const out = createWriteStream(file)
  for (const piece of generateHar(entryCount, 1, shape)) {
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once("drain", () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
  writeFileSync(stamp, digest)
}
