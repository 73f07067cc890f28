/**
 * Reads the entries of one HAR file, two ways:
 * - whole: read the file and `JSON.parse` it at once — fastest, for files below WHOLE_FILE_LIMIT_BYTES;
 * - streaming: chunks through HarEntriesScanner, one entry parsed at a time, so a file larger than
 *   V8's longest string (512 Mi characters) never becomes one string.
 * Problems are reported, never thrown: a bad entry is skipped with its index, an unusable file is
 * `fatal` and whatever complete entries it had are still yielded.
 * Standard input (`-` on the command line) is read the same two ways; having no size to look at
 * first, it is buffered up to the limit and streamed only if it goes beyond.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from "node:fs"
import { stat } from "node:fs/promises"
import { isUtf8 } from "node:buffer"
import { HAR_SHAPE_PROBLEMS, HarEntriesScanner, rootStartOf, type ScannedEntry } from "./har-entries-scanner"
import { firstInvalidByte, Utf8ChunkDecoder } from "./utf8-chunks"
import { packingOf, PACKING_HEAD_BYTES, type CapturePacking } from "../core/har/compressed-capture"
import { startedMsOf, type TimedEntry } from "../core/har/start-time"

export const WHOLE_FILE_LIMIT_BYTES = 400 * 1024 * 1024
const STREAM_CHUNK_BYTES = 1024 * 1024

/** The command line's name for standard input, and the report's. */
export const STDIN_ARGUMENT = "-"
export const STDIN_NAME = "<stdin>"

/** An entry of a file given on the command line, dated. */
export type HarSourceEntry = TimedEntry<Record<string, unknown>>

export interface InputProblem {
  readonly file: string
  readonly entryIndex?: number
  readonly message: string
  /** True when the file as a whole is unusable (exit code 2); false for a skipped entry or a note. */
  readonly fatal: boolean
}

export interface ReadHarOptions {
  /** Force the streaming path whatever the size. */
  readonly stream: boolean
  readonly onProblem: (problem: InputProblem) => void
  /** Bytes of this file read so far. */
  readonly onBytesRead?: (bytesRead: number) => void
  /** Read these bytes (standard input) instead of opening the file: `file` is then only their name. */
  readonly input?: AsyncIterable<Buffer>
  /** Size from which a file is streamed (WHOLE_FILE_LIMIT_BYTES; tests set a small one). */
  readonly wholeFileLimitBytes?: number
}

/** Size in bytes of a readable regular file, or undefined after reporting why it is not one. */
export async function harFileSize(
  file: string,
  onProblem: ReadHarOptions["onProblem"]
): Promise<number | undefined> {
  try {
    const info = await stat(file)
    if (info.isDirectory())
      return void onProblem({ file, message: "is a directory, not a HAR file", fatal: true })
    if (info.size === 0) return void onProblem({ file, message: "the file is empty", fatal: true })
    return info.size
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const message = code === "ENOENT" ? "no such file" : `cannot read it (${(error as Error).message})`
    return void onProblem({ file, message, fatal: true })
  }
}

export async function* readHarEntries(file: string, options: ReadHarOptions): AsyncGenerator<HarSourceEntry> {
  const opened = await openEntries(file, options)
  if (opened === undefined) return
  const toSource = sourceEntryMaker(file, options)
  for await (const scanned of "whole" in opened ? opened.whole : opened.streamed) {
    const entry = toSource(scanned)
    if (entry !== undefined) yield entry
  }
}

/**
 * Every usable entry of one file, in file order: the same entries and problems as `readHarEntries`,
 * but a parsed file is looped synchronously, without an await per entry (100k entries = 100k awaits).
 */
export async function readAllHarEntries(file: string, options: ReadHarOptions): Promise<HarSourceEntry[]> {
  const all: HarSourceEntry[] = []
  const opened = await openEntries(file, options)
  if (opened === undefined) return all
  const toSource = sourceEntryMaker(file, options)
  const collect = (scanned: ScannedEntry): void => {
    const entry = toSource(scanned)
    if (entry !== undefined) all.push(entry)
  }
  if ("whole" in opened) for (const scanned of opened.whole) collect(scanned)
  else for await (const scanned of opened.streamed) collect(scanned)
  return all
}

type OpenedEntries =
  { readonly whole: Iterable<ScannedEntry> } | { readonly streamed: AsyncIterable<ScannedEntry> }

/** The file's scanned entries: parsed at once below the size limit, else streamed. */
async function openEntries(file: string, options: ReadHarOptions): Promise<OpenedEntries | undefined> {
  if (options.input !== undefined) return openInput(file, options.input, options)
  const size = await harFileSize(file, options.onProblem)
  if (size === undefined) return undefined
  if (!isHarText(file, fileHead(file), options)) return undefined
  if (options.stream || size >= (options.wholeFileLimitBytes ?? WHOLE_FILE_LIMIT_BYTES))
    return {
      streamed: streamEntries(file, createReadStream(file, { highWaterMark: STREAM_CHUNK_BYTES }), options)
    }
  return { whole: await wholeEntries(file, size, options) }
}

/**
 * Standard input's scanned entries. It has no size to look at first: it is buffered up to the
 * size limit and parsed at once when it ends below it, else (and with --stream) streamed on from
 * what was buffered.
 */
async function openInput(
  name: string,
  input: AsyncIterable<Buffer>,
  options: ReadHarOptions
): Promise<OpenedEntries | undefined> {
  const chunks = input[Symbol.asyncIterator]()
  const buffered: Buffer[] = []
  let bytesRead = 0
  let ended = false
  // With --stream, just the first bytes, to tell an archive.
  const limit = options.stream ? ARCHIVE_HEAD_BYTES : (options.wholeFileLimitBytes ?? WHOLE_FILE_LIMIT_BYTES)
  try {
    while (!ended && bytesRead < limit) {
      const next = await chunks.next()
      if (next.done === true) ended = true
      else {
        buffered.push(next.value)
        bytesRead += next.value.length
        options.onBytesRead?.(bytesRead)
      }
    }
  } catch (error) {
    return void options.onProblem({
      file: name,
      message: `cannot read it (${(error as Error).message})`,
      fatal: true
    })
  }
  if (bytesRead === 0)
    return void options.onProblem({ file: name, message: "the input is empty", fatal: true })
  if (!isHarText(name, Buffer.concat(buffered.slice(0, ARCHIVE_HEAD_BYTES)), options)) return undefined
  if (options.stream || !ended)
    return { streamed: streamEntries(name, bufferedThenRest(buffered, chunks), options) }
  let bytes: Buffer | undefined = Buffer.concat(buffered, bytesRead)
  buffered.length = 0
  const text = decodedText(name, bytes, options)
  bytes = undefined // lower the peak: the bytes are not needed once decoded
  return { whole: parsedEntries(name, text, options) }
}

/** The chunks read ahead, each let go once yielded, then the rest of the input. */
async function* bufferedThenRest(buffered: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (let chunk = buffered.shift(); chunk !== undefined; chunk = buffered.shift()) yield chunk
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value
}

const ARCHIVE_HEAD_BYTES = PACKING_HEAD_BYTES

/** The file's first bytes, for `isHarText`; none when it cannot be read (the read that follows says why). */
function fileHead(file: string): Buffer {
  const head = Buffer.alloc(ARCHIVE_HEAD_BYTES)
  try {
    const fd = openSync(file, "r")
    try {
      return head.subarray(0, readSync(fd, head, 0, head.length, 0))
    } finally {
      closeSync(fd)
    }
  } catch {
    return head.subarray(0, 0)
  }
}

/**
 * False, after reporting it, for a compressed capture (`capture.har.gz`, Playwright's `recordHar` to
 * a `.zip`, mitmproxy's `hardump` to a `.zhar`), told by its first bytes: read as text it was a
 * "root is not a JSON object" that printed binary bytes.
 */
const PACKING_WORDS: Readonly<Record<CapturePacking, string>> = {
  gzip: "gzip-compressed",
  zip: "a zip archive",
  zlib: "zlib-compressed (mitmproxy's .zhar)"
}

function isHarText(file: string, head: Buffer, options: ReadHarOptions): boolean {
  const packing = packingOf(head)
  if (packing === undefined) return true
  const archive = PACKING_WORDS[packing]
  options.onProblem({ file, message: `is ${archive}, not a HAR: unpack it first`, fatal: true })
  return false
}

/** Checks one scanned entry (reporting why it is unusable) and dates it; keeps the previous time. */
function sourceEntryMaker(
  file: string,
  options: ReadHarOptions
): (scanned: ScannedEntry) => HarSourceEntry | undefined {
  let previousMs = Number.NEGATIVE_INFINITY
  return (scanned) => {
    if ("error" in scanned) {
      options.onProblem({ file, entryIndex: scanned.index, message: scanned.error, fatal: false })
      return undefined
    }
    const { index, value } = scanned
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`
      options.onProblem({ file, entryIndex: index, message: `is ${kind}, not an object`, fatal: false })
      return undefined
    }
    const entry = value as Record<string, unknown>
    previousMs = startedMsOf(entry, previousMs)
    return { file, index, entry, startedMs: previousMs }
  }
}

/** The parsed file's entries (a lazy salvage scan when JSON.parse fails); empty after a fatal problem. */
async function wholeEntries(
  file: string,
  size: number,
  options: ReadHarOptions
): Promise<Iterable<ScannedEntry>> {
  let bytes: Buffer | undefined
  try {
    // Synchronous: nothing else runs meanwhile, and one read call is faster than the async chunks.
    bytes = readFileSync(file)
  } catch (error) {
    options.onProblem({ file, message: `cannot read it (${(error as Error).message})`, fatal: true })
    return []
  }
  options.onBytesRead?.(size)
  const text = decodedText(file, bytes, options)
  bytes = undefined // lower the peak: the bytes are not needed once decoded
  return parsedEntries(file, text, options)
}

/** The bytes as UTF-8 text, invalid bytes reported (and read as U+FFFD). */
function decodedText(file: string, bytes: Buffer, options: ReadHarOptions): string {
  if (!isUtf8(bytes)) reportInvalidUtf8(file, firstInvalidByte(bytes), options)
  return bytes.toString("utf8")
}

/** A whole HAR text's entries (a lazy salvage scan when JSON.parse fails); empty after a fatal problem. */
function parsedEntries(file: string, text: string, options: ReadHarOptions): Iterable<ScannedEntry> {
  let root: unknown
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    // Salvage: entry by entry, so a truncated or partly broken file still gives what it has.
    return salvageEntries(file, text, (error as Error).message, options)
  }
  const entries = entriesOf(root, text)
  if (typeof entries === "string") {
    options.onProblem({ file, message: entries, fatal: true })
    return []
  }
  root = undefined
  return scannedEntries(entries)
}

function* scannedEntries(entries: readonly unknown[]): Generator<ScannedEntry> {
  for (let index = 0; index < entries.length; index++) yield { index, value: entries[index] }
}

function* salvageEntries(
  file: string,
  text: string,
  parseError: string,
  options: ReadHarOptions
): Generator<ScannedEntry> {
  const scanner = new HarEntriesScanner()
  yield* scanner.push(text)
  try {
    scanner.end()
    options.onProblem({
      file,
      message: `JSON syntax error (${parseError}); entries were read one by one`,
      fatal: false
    })
  } catch (error) {
    options.onProblem({ file, message: (error as Error).message, fatal: true })
  }
}

async function* streamEntries(
  file: string,
  chunks: AsyncIterable<Buffer>,
  options: ReadHarOptions
): AsyncGenerator<ScannedEntry> {
  const scanner = new HarEntriesScanner()
  const decoder = new Utf8ChunkDecoder()
  let bytesRead = 0
  try {
    for await (const chunk of chunks) {
      const bytes = chunk
      bytesRead += bytes.length
      yield* scanner.push(decoder.decode(bytes))
      options.onBytesRead?.(bytesRead)
    }
    yield* scanner.push(decoder.flush())
  } catch (error) {
    return options.onProblem({ file, message: `cannot read it (${(error as Error).message})`, fatal: true })
  }
  if (decoder.firstInvalidChunkOffset !== undefined)
    reportInvalidUtf8(file, decoder.firstInvalidChunkOffset, options)
  try {
    scanner.end()
  } catch (error) {
    options.onProblem({ file, message: (error as Error).message, fatal: true })
  }
}

function reportInvalidUtf8(file: string, offset: number, options: ReadHarOptions): void {
  const message = `not valid UTF-8 (first bad byte at offset ${offset}); invalid bytes were read as U+FFFD`
  options.onProblem({ file, message, fatal: false })
}

/** The `log.entries` array of a parsed HAR (`root`, from `text`), or why there is none, as the scanner says it. */
function entriesOf(root: unknown, text: string): readonly unknown[] | string {
  if (typeof root !== "object" || root === null || Array.isArray(root))
    return HAR_SHAPE_PROBLEMS.rootNotAnObject(rootStartOf(text, text.search(/[^\uFEFF \t\n\r]/)))
  const log = (root as Record<string, unknown>).log
  if (typeof log !== "object" || log === null || Array.isArray(log))
    return log === undefined ? HAR_SHAPE_PROBLEMS.noLog : HAR_SHAPE_PROBLEMS.logNotAnObject
  const entries = (log as Record<string, unknown>).entries
  if (!Array.isArray(entries))
    return entries === undefined ? HAR_SHAPE_PROBLEMS.noEntries : HAR_SHAPE_PROBLEMS.entriesNotAnArray
  return entries
}
