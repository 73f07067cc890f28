/**
 * Bodies Playwright's `recordHar` keeps beside the HAR instead of in it (`content: "attach"`, and
 * every capture recorded to a `.zip`, once unpacked): `response.content._file` and
 * `request.postData._file` name a file in the HAR's folder. Read into the entry as an embedded body,
 * so a write's `_rev` and an answer's `@odata.etag` count as they do in an embedded capture. Unread,
 * such a write looked as if it named no version (a false missing-if-match). Where the files come
 * from is the caller's: the CLI's folder, the panel's files chosen with the HAR.
 */
import { classifyMime } from "../traffic/har-body"

type Holder = Record<string, unknown>

/**
 * What the caller found for an attached file: its text (base64 with `encoding`), only its size when
 * it is larger than bodies are kept (the engine then says how large), or undefined when not found.
 */
export type AttachedFile =
  { readonly text: string; readonly encoding?: "base64"; readonly bytes?: number } | { readonly size: number }

function holderOf(value: unknown): Holder | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Holder) : undefined
}

/** The body holders of an entry: its request's `postData`, its response's `content`. */
function holdersOf(entry: Record<string, unknown>): (Holder | undefined)[] {
  return [holderOf(holderOf(entry.request)?.postData), holderOf(holderOf(entry.response)?.content)]
}

/**
 * The file a holder's body is in, when the entry has no text for it and the engine would read it:
 * not an empty body's file, nor a binary one's, which the engine skips unread.
 */
function attachedFileOf(holder: Holder | undefined): string | undefined {
  const file = holder?._file
  if (holder === undefined || typeof file !== "string" || file === "") return undefined
  if (typeof holder.text === "string" && holder.text !== "") return undefined
  const mimeType = typeof holder.mimeType === "string" ? holder.mimeType : undefined
  if (holder.size === 0 || classifyMime(mimeType) === "binary") return undefined
  return file
}

/** The files an entry's bodies would be read from (for the panel: which chosen files are bodies). */
export function attachedFilesOf(entry: Record<string, unknown>): string[] {
  return holdersOf(entry).flatMap((holder) => {
    const file = attachedFileOf(holder)
    return file === undefined ? [] : [file]
  })
}

/**
 * The entry's attached request and response bodies, read into it with `read`. Returns how many it
 * has that `read` did not find.
 */
export function inlineAttachedBodies(
  entry: Record<string, unknown>,
  read: (file: string) => AttachedFile | undefined
): number {
  let unread = 0
  for (const holder of holdersOf(entry)) {
    const file = attachedFileOf(holder)
    if (holder === undefined || file === undefined) continue
    const found = read(file)
    if (found === undefined) unread++
    else if ("size" in found) holder.size = found.size
    else {
      holder.text = found.text
      if (found.encoding === undefined) delete holder.encoding
      else holder.encoding = found.encoding
      if (found.bytes !== undefined) holder.size = found.bytes
    }
  }
  return unread
}
