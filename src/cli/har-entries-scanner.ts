/**
 * An incremental scanner that pulls each element of a HAR's `log.entries` out of
 * text that arrives in chunks, without ever holding the whole file as one string.
 *
 * It is string- and escape-aware brace matching, not a full JSON validator: the
 * structure around the entries is followed just enough to find `log.entries`, and
 * each element's text is handed to `JSON.parse` on its own, so one broken entry
 * costs that entry only.
 */

/**
 * What is wrong with a HAR's outer shape. The whole-file reader (read-har-file.ts) checks the parsed
 * root and this scanner the text, and both say it in these words.
 */
export const HAR_SHAPE_PROBLEMS = {
  /** `start`: the first characters of the text, past any byte order mark and whitespace. */
  rootNotAnObject: (start: string): string => `the root is not a JSON object (it starts with '${start}')`,
  noLog: "no log object in the HAR",
  logNotAnObject: "log is not an object",
  noEntries: "no log.entries array in the HAR object",
  entriesNotAnArray: "log.entries is not an array"
} as const

/** The first characters of a root value that starts at `from`, for `rootNotAnObject`, on one line. */
export function rootStartOf(text: string, from: number): string {
  return text
    .slice(from, from + 64)
    .replace(/\s+/g, " ")
    .slice(0, 12)
    .trimEnd()
}

export type ScannedEntry =
  { readonly index: number; readonly value: unknown } | { readonly index: number; readonly error: string }

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COLON = 0x3a
const COMMA = 0x2c
const BOM = 0xfeff

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

export class HarEntriesScanner {
  private buffer = ""
  /** Next unread offset in `buffer`. */
  private pos = 0
  /** Characters dropped from the front of `buffer` so far (for error offsets). */
  private dropped = 0
  /** Open containers, innermost last: `{` or `[` char codes. */
  private readonly stack: number[] = []
  private inString = false
  private escapePending = false
  /** Offset in `buffer` where the key string being read started, or -1. */
  private keyStart = -1
  private expectKey = false
  /** The key whose value comes next at root level (depth 1) and inside `log` (depth 2). */
  private readonly keys: string[] = ["", "", ""]
  private logOpen = false
  private logSeen = false
  /** After the colon of root's `log` or log's `entries`: the value must open an object or an array. */
  private awaitedValue: "log" | "entries" | undefined
  private entriesOpen = false
  private entriesSeen = false
  private rootClosed = false
  private expectElement = false
  /** Offset in `buffer` where the current entry's text starts, or -1. */
  private elementStart = -1
  private nextIndex = 0
  private started = false
  /** Set when the text cannot be a HAR; scanning stops there. */
  private failure: string | undefined

  /** How many entries (good or bad) were found so far. */
  get entryCount(): number {
    return this.nextIndex
  }

  /** Feeds the next piece of text; returns the entries completed by it. Never throws. */
  push(chunk: string): ScannedEntry[] {
    if (this.failure) return []
    const keepFrom = this.retainFrom()
    if (keepFrom > 0) {
      this.buffer = this.buffer.slice(keepFrom)
      this.dropped += keepFrom
      this.pos -= keepFrom
      if (this.elementStart >= 0) this.elementStart -= keepFrom
      if (this.keyStart >= 0) this.keyStart -= keepFrom
    }
    this.buffer += chunk
    const found: ScannedEntry[] = []
    this.scan(found)
    return found
  }

  /** Declares the end of input; throws with a specific reason when the text was incomplete. */
  end(): void {
    if (this.failure) throw new Error(this.failure)
    if (!this.started) throw new Error("the file is empty (expected a HAR object)")
    if (this.rootClosed && this.entriesSeen) return
    if (this.rootClosed)
      throw new Error(this.logSeen ? HAR_SHAPE_PROBLEMS.noEntries : HAR_SHAPE_PROBLEMS.noLog)
    const where = this.entriesOpen
      ? `inside log.entries after ${this.nextIndex} complete entr${this.nextIndex === 1 ? "y" : "ies"}`
      : "before log.entries ended"
    throw new Error(`truncated JSON: the text ends ${where}`)
  }

  private retainFrom(): number {
    let keep = this.pos
    if (this.elementStart >= 0) keep = Math.min(keep, this.elementStart)
    if (this.keyStart >= 0) keep = Math.min(keep, this.keyStart)
    return keep
  }

  private scan(found: ScannedEntry[]): void {
    const text = this.buffer
    const length = text.length
    let i = this.pos
    while (i < length) {
      if (this.inString) {
        i = this.skipStringBody(text, i)
        if (this.inString) break
        continue
      }
      const code = text.charCodeAt(i)
      if (isWhitespace(code)) {
        i++
        continue
      }
      if (!this.started) {
        if (code === BOM) {
          i++
          continue
        }
        this.started = true
        if (code !== OPEN_BRACE) {
          this.failure = HAR_SHAPE_PROBLEMS.rootNotAnObject(rootStartOf(text, i))
          break
        }
      }
      if (this.rootClosed) {
        this.failure = `unexpected text after the HAR object at character ${this.dropped + i}`
        break
      }
      if (this.awaitedValue !== undefined) {
        const [expected, problem] =
          this.awaitedValue === "log"
            ? [OPEN_BRACE, HAR_SHAPE_PROBLEMS.logNotAnObject]
            : [OPEN_BRACKET, HAR_SHAPE_PROBLEMS.entriesNotAnArray]
        this.awaitedValue = undefined
        if (code !== expected) {
          this.failure = problem
          break
        }
      }
      const depth = this.stack.length
      if (this.entriesOpen && depth === 3 && this.expectElement && code !== CLOSE_BRACKET) {
        this.expectElement = false
        this.elementStart = i
      }
      if (code === QUOTE) {
        this.inString = true
        if (this.expectKey && depth <= 2) this.keyStart = i + 1
        i++
        continue
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        this.openContainer(code, depth)
        if (this.failure) break
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        this.closeContainer(i, found)
      } else if (code === COLON) {
        this.expectKey = false
        if (depth === 1 && this.keys[1] === "log") this.awaitedValue = "log"
        if (depth === 2 && this.logOpen && this.keys[2] === "entries") this.awaitedValue = "entries"
      } else if (code === COMMA) {
        this.onComma(i, depth, found)
      }
      i++
    }
    this.pos = i
  }

  /** Reads string content from `i`; returns the offset after the closing quote, or `length` if unfinished. */
  private skipStringBody(text: string, from: number): number {
    let i = from
    if (this.escapePending) {
      this.escapePending = false
      i++
    }
    for (;;) {
      const quote = text.indexOf('"', i)
      if (quote < 0) {
        this.escapePending = endsWithOddBackslashes(text, i, text.length)
        return text.length
      }
      if (endsWithOddBackslashes(text, i, quote)) {
        i = quote + 1
        continue
      }
      this.inString = false
      if (this.keyStart >= 0) {
        this.keys[this.stack.length] = text.slice(this.keyStart, quote)
        this.keyStart = -1
      }
      return quote + 1
    }
  }

  private openContainer(code: number, depth: number): void {
    if (depth === 1 && code === OPEN_BRACE && this.keys[1] === "log") this.logOpen = this.logSeen = true
    if (depth === 2 && this.logOpen && this.keys[2] === "entries") {
      this.entriesOpen = true
      this.entriesSeen = true
      this.expectElement = true
    }
    this.stack.push(code)
    this.expectKey = code === OPEN_BRACE
  }

  private closeContainer(i: number, found: ScannedEntry[]): void {
    const depth = this.stack.length
    if (depth === 3 && this.entriesOpen && this.elementStart >= 0) this.emit(i, found)
    this.stack.pop()
    if (depth === 3 && this.entriesOpen) this.entriesOpen = false
    if (depth === 2 && this.logOpen) this.logOpen = false
    if (depth === 1) this.rootClosed = true
    if (depth === 4 && this.entriesOpen && this.elementStart >= 0) this.emit(i + 1, found)
    this.expectKey = false
  }

  private onComma(i: number, depth: number, found: ScannedEntry[]): void {
    if (depth === 3 && this.entriesOpen) {
      if (this.elementStart >= 0) this.emit(i, found)
      this.expectElement = true
      return
    }
    this.expectKey = this.stack[depth - 1] === OPEN_BRACE
  }

  private emit(endExclusive: number, found: ScannedEntry[]): void {
    const text = this.buffer.slice(this.elementStart, endExclusive)
    this.elementStart = -1
    const index = this.nextIndex++
    try {
      found.push({ index, value: JSON.parse(text) })
    } catch (error) {
      found.push({ index, error: `not valid JSON (${(error as Error).message})` })
    }
  }
}

/** True when the run of backslashes right before `end` (not before `start`) has odd length. */
function endsWithOddBackslashes(text: string, start: number, end: number): boolean {
  let count = 0
  for (let k = end - 1; k >= start && text.charCodeAt(k) === BACKSLASH; k--) count++
  return count % 2 === 1
}
