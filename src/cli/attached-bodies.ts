/**
 * Bodies Playwright's `recordHar` keeps beside the HAR instead of in it (`content: "attach"`, and
 * every capture recorded to a `.zip`, once unpacked): `response.content._file` and
 * `request.postData._file` name a file in the HAR's folder. Read into the entry as an embedded body
 * (base64, as Playwright embeds a body it cannot tell is text), so a write's `_rev` and an answer's
 * `@odata.etag` count as they do in an embedded capture. Unread, such a write looked as if it
 * named no version (a false missing-if-match).
 */
import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { classifyMime } from "../core/traffic/har-body"

type Holder = Record<string, unknown>

function holderOf(value: unknown): Holder | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Holder) : undefined
}

/** A plain file name (as Playwright writes: `<sha1>.<ext>`), never a path out of the folder. */
function isPlainFileName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name)
}

/** What became of a holder's attached body. */
type Outcome = "none" | "read" | "not read"

/**
 * One holder's attached body, read when the entry has no text for it, it is not binary (the engine
 * skips those unread) and it is at most `maxBytes`; a larger one gets its size, for the engine to
 * say how large. Without a folder (standard input), or when the file is not there, it is not read.
 */
function inlineHolder(holder: Holder | undefined, folder: string | undefined, maxBytes: number): Outcome {
  const file = holder?._file
  if (holder === undefined || typeof file !== "string" || file === "") return "none"
  if (typeof holder.text === "string" && holder.text !== "") return "none"
  const mimeType = typeof holder.mimeType === "string" ? holder.mimeType : undefined
  // An empty body's file, and a binary one, the engine would not read either.
  if (holder.size === 0 || classifyMime(mimeType) === "binary") return "none"
  if (folder === undefined || !isPlainFileName(file)) return "not read"
  const path = join(folder, file)
  try {
    const info = statSync(path)
    if (!info.isFile()) return "not read"
    if (info.size > maxBytes) {
      holder.size = info.size
      return "none" // the engine says how large
    }
    const bytes = readFileSync(path)
    holder.text = bytes.toString("base64")
    holder.encoding = "base64"
    holder.size = bytes.length
    return "read"
  } catch {
    return "not read"
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
  const request = inlineHolder(holderOf(holderOf(entry.request)?.postData), folder, maxBytes)
  const response = inlineHolder(holderOf(holderOf(entry.response)?.content), folder, maxBytes)
  return (request === "not read" ? 1 : 0) + (response === "not read" ? 1 : 0)
}
