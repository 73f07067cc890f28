/**
 * Reads a chosen HAR file as text, or says clearly why it cannot: the browser refused (a
 * FileReader/`Blob.text()` error such as NotReadableError) or the file is larger than one string
 * can be (V8 caps strings at 2^29 − 24 characters, about 512 MiB). A gzip- or zlib-compressed
 * capture is unpacked first. Never throws.
 */

import { packingOf, PACKING_HEAD_BYTES, type CapturePacking } from "../core/har/compressed-capture"
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

/** How a chosen file is packed, from its first bytes (core/har/compressed-capture.ts). */
async function filePacking(file: ReadableFile): Promise<CapturePacking | undefined> {
  if (file.slice === undefined) return undefined
  return packingOf(new Uint8Array(await file.slice(0, PACKING_HEAD_BYTES).arrayBuffer()))
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
    const packing = await filePacking(file)
    if (packing === "zip")
      return { error: "it is a zip archive, not a HAR: unzip it and import the .har inside" }
    if (packing === undefined || file.stream === undefined) return { text: await file.text() }
    // The browser unpacks both itself: zlib is DecompressionStream's "deflate" (RFC 1950).
    const unpacked = file
      .stream()
      .pipeThrough(new DecompressionStream(packing === "gzip" ? "gzip" : "deflate"))
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
