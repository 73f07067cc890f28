/**
 * Reads a chosen HAR file as text, or says clearly why it cannot: the browser refused (a
 * FileReader/`Blob.text()` error such as NotReadableError) or the file is larger than one string
 * can be (V8 caps strings at 2^29 − 24 characters, about 512 MiB). A gzip- or zlib-compressed
 * capture is unpacked first. Never throws.
 */

import type { PanelState } from "../store/panel-state"

/** What a `File` offers that the import needs (a test passes a plain object). */
export interface ReadableFile {
  readonly name: string
  readonly size: number
  text(): Promise<string>
  /** The bytes, to tell and unpack a compressed capture (a `File` has it; a test's object may not). */
  stream?(): ReadableStream<BufferSource>
  slice?(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
}

/**
 * How a compressed capture is packed, told by its first bytes: gzip (`capture.har.gz`, RFC 1952
 * §2.3.1) or zlib (mitmproxy's `.zhar`, RFC 1950 §2.2: CM 8, and the header a multiple of 31), which
 * the browser unpacks itself (DecompressionStream); a zip holds files, so it is named, not read.
 */
async function packingOf(file: ReadableFile): Promise<"gzip" | "deflate" | "zip" | undefined> {
  if (file.slice === undefined || file.size < 2) return undefined
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer())
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip"
  if ((head[0] & 0x0f) === 8 && ((head[0] << 8) | head[1]) % 31 === 0) return "deflate"
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip"
  return undefined
}

export const MAX_READABLE_BYTES = 512 * 1024 * 1024
/** Reading more than this takes a moment: a notice says so meanwhile. */
const NOTICE_READING_ABOVE_BYTES = 5 * 1024 * 1024

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString("en-US", { maximumFractionDigits: 1 })} MiB`
}

export async function readImportFile(file: ReadableFile): Promise<{ text: string } | { error: string }> {
  if (file.size > MAX_READABLE_BYTES)
    return {
      error:
        `it is ${formatMegabytes(file.size)}, more than a browser can read as text (512 MiB). ` +
        "Split the HAR, or audit it with the CLI (etag-audit capture.har)"
    }
  try {
    const packing = await packingOf(file)
    if (packing === "zip")
      return { error: "it is a zip archive, not a HAR: unzip it and import the .har inside" }
    if (packing === undefined || file.stream === undefined) return { text: await file.text() }
    const unpacked = file.stream().pipeThrough(new DecompressionStream(packing))
    try {
      return { text: await new Response(unpacked).text() }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const what = packing === "gzip" ? "gzip-compressed" : "zlib-compressed"
      return { error: `it looks ${what} but could not be unpacked (${reason})` }
    }
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    return { error: `the browser could not read it (${reason})` }
  }
}

/** The store actions an import drives. */
export type ImportActions = Pick<PanelState, "showNotice" | "importFailed" | "importHar" | "importHars">

/** Imports a file the user chose or dropped: says so while a large one is read, then ingests it. */
export async function importFile(file: ReadableFile, actions: ImportActions): Promise<void> {
  if (file.size > NOTICE_READING_ABOVE_BYTES)
    actions.showNotice({ kind: "info", text: `Reading ${file.name} (${formatMegabytes(file.size)})…` })
  const read = await readImportFile(file)
  if ("error" in read) actions.importFailed(file.name, read.error)
  else await actions.importHar(read.text, file.name)
}

/**
 * Imports the files the user chose or dropped: one as `importFile` does; several as one timeline,
 * merged by start time (two people's browsers, a session saved in pieces).
 */
export async function importFiles(files: readonly ReadableFile[], actions: ImportActions): Promise<void> {
  if (files.length <= 1) return files.length === 1 ? importFile(files[0], actions) : undefined
  const bytes = files.reduce((sum, file) => sum + file.size, 0)
  if (bytes > NOTICE_READING_ABOVE_BYTES)
    actions.showNotice({ kind: "info", text: `Reading ${files.length} files (${formatMegabytes(bytes)})…` })
  const read = await Promise.all(
    files.map(async (file) => ({ fileName: file.name, ...(await readImportFile(file)) }))
  )
  await actions.importHars(read)
}
