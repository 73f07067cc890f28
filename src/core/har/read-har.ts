/**
 * HAR files (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/): validate the envelope,
 * hand back the raw entries for normalizeHarEntry, and explain unusable files clearly.
 */
import { jsonErrorOffset } from "./json-error-offset"
import { isRecord } from "../traffic/json-body"

export class HarFormatError extends Error {
  constructor(
    message: string,
    readonly file?: string
  ) {
    super(file === undefined ? message : `${file}: ${message}`)
    this.name = "HarFormatError"
  }
}

export interface HarLogContents {
  readonly entries: unknown[]
  /** `creator.name creator.version`, when present. */
  readonly creator?: string
  /** Things tolerated in the envelope (unknown version, missing creator, …). */
  readonly problems: string[]
}

const KNOWN_VERSIONS = new Set(["1.1", "1.2"])

function describeType(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  return typeof value === "object" ? "an object" : `a ${typeof value}`
}

function creatorText(log: Record<string, unknown>, problems: string[]): string | undefined {
  const creator = log.creator
  if (!isRecord(creator) || typeof creator.name !== "string") {
    problems.push("log.creator is missing")
    return undefined
  }
  return typeof creator.version === "string" && creator.version !== ""
    ? `${creator.name} ${creator.version}`
    : creator.name
}

/** Validate a parsed HAR document. Throws HarFormatError (naming the file) when it has no usable entries list. */
export function readHarLog(json: unknown, file?: string): HarLogContents {
  if (!isRecord(json))
    throw new HarFormatError(
      `not a HAR file: the top level is ${describeType(json)}, not an object with "log"`,
      file
    )
  const log = json.log
  if (log === undefined) throw new HarFormatError('not a HAR file: no "log" at the top level', file)
  if (!isRecord(log))
    throw new HarFormatError(`not a HAR file: "log" is ${describeType(log)}, not an object`, file)
  if (!Array.isArray(log.entries)) {
    throw new HarFormatError(
      log.entries === undefined
        ? 'not a HAR file: "log.entries" is missing'
        : `"log.entries" is ${describeType(log.entries)}, not an array`,
      file
    )
  }
  const problems: string[] = []
  const version = log.version
  if (typeof version !== "string") problems.push("log.version is missing; read as HAR 1.2")
  else if (!KNOWN_VERSIONS.has(version))
    problems.push(`unknown HAR version ${JSON.stringify(version.slice(0, 20))}; read as HAR 1.2`)
  const creator = creatorText(log, problems)
  return creator === undefined
    ? { entries: log.entries, problems }
    : { entries: log.entries, creator, problems }
}

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1
  let lineStart = 0
  for (
    let newline = text.indexOf("\n");
    newline !== -1 && newline < offset;
    newline = text.indexOf("\n", newline + 1)
  ) {
    line++
    lineStart = newline + 1
  }
  return `line ${line}, column ${offset - lineStart + 1}`
}

/** Where the JSON went wrong, as line and column, and whether the text simply ends too early. */
function describeErrorPosition(text: string): string {
  const offset = jsonErrorOffset(text)
  if (offset === undefined) return ""
  if (offset >= text.length)
    return ` at the end (${lineAndColumn(text, text.length)}): the file looks truncated`
  return ` at ${lineAndColumn(text, offset)}`
}

/** Parse HAR text (a UTF-8 BOM is stripped) and validate it. Throws HarFormatError with position and file. */
export function parseHarText(text: string, file?: string): HarLogContents {
  if (typeof text !== "string") throw new HarFormatError(`not HAR text: got ${describeType(text)}`, file)
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (withoutBom.trim() === "") throw new HarFormatError("empty file", file)
  let json: unknown
  try {
    json = JSON.parse(withoutBom) as unknown
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new HarFormatError(`invalid JSON${describeErrorPosition(withoutBom)}: ${message}`, file)
  }
  return readHarLog(json, file)
}
