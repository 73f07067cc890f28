/**
 * Bodies Playwright's `recordHar` kept beside the HAR (core/har/attached-bodies.ts), read from the
 * HAR's folder: plain file names only, never a path out of it, base64 as Playwright embeds a body it
 * cannot tell is text. Without a folder (standard input), or when the file is not there, unread.
 */
import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { inlineAttachedBodies as inline, type AttachedFile } from "../core/har/attached-bodies"

/** A plain file name (as Playwright writes: `<sha1>.<ext>`), never a path out of the folder. */
function isPlainFileName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name)
}

function readAttached(folder: string, file: string, maxBytes: number): AttachedFile | undefined {
  if (!isPlainFileName(file)) return undefined
  const path = join(folder, file)
  try {
    const info = statSync(path)
    if (!info.isFile()) return undefined
    if (info.size > maxBytes) return { size: info.size } // the engine says how large
    const bytes = readFileSync(path)
    return { text: bytes.toString("base64"), encoding: "base64", bytes: bytes.length }
  } catch {
    return undefined
  }
}

/**
 * The entry's attached request and response bodies from `folder` (the HAR's; undefined for standard
 * input), read into it. Returns how many it has that could not be read.
 */
export function inlineAttachedBodies(
  entry: Record<string, unknown>,
  folder: string | undefined,
  maxBytes: number
): number {
  return inline(entry, (file) => (folder === undefined ? undefined : readAttached(folder, file, maxBytes)))
}
