/**
 * Where a JSON text (RFC 8259) first goes wrong. JSON.parse in Node 20 does not always say
 * ("Unexpected token ']', …"), and a user with a broken 200 MB HAR needs a line and column.
 * Iterative (no recursion), so deeply nested input cannot overflow the stack. Only run on failure.
 */

type State = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "after"

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const LITERAL = /true|false|null/y
/** A number or literal cut off by the end of the text (`-`, `1.`, `2e`, `tr`, `nul`). */
const PARTIAL_TOKEN =
  /(?:-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?|t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?)$/y
const HEX4 = /^[0-9a-fA-F]{4}$/

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}

/** End offset of the string starting at `start` (a `"`), or the negative-encoded offset of its error. */
function scanString(text: string, start: number): { end: number } | { error: number } {
  let i = start + 1
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === 0x22) return { end: i + 1 }
    if (code < 0x20) return { error: i }
    if (code === 0x5c) {
      const escape = text.charAt(i + 1)
      if (escape === "u") {
        if (!HEX4.test(text.slice(i + 2, i + 6))) return { error: Math.min(i + 2, text.length) }
        i += 6
      } else if ('"\\/bfnrt'.includes(escape) && escape !== "") {
        i += 2
      } else {
        return { error: Math.min(i + 1, text.length) }
      }
    } else {
      i++
    }
  }
  return { error: text.length }
}

/** Offset of the first syntax error, `text.length` when the text ends too early, undefined when valid. */
export function jsonErrorOffset(text: string): number | undefined {
  const stack: string[] = []
  let state: State = "value"
  let done = false
  let i = 0
  while (true) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++
    if (i >= text.length) return done ? undefined : text.length
    if (done) return i
    const char = text.charAt(i)
    const close = stack[stack.length - 1] === "{" ? "}" : "]"
    if (state === "after") {
      if (char === ",") state = close === "}" ? "key" : "value"
      else if (char === close) stack.pop()
      else return i
      i++
    } else if (state === "colon") {
      if (char !== ":") return i
      state = "value"
      i++
    } else if (state === "key" || state === "key-or-close") {
      if (state === "key-or-close" && char === "}") {
        stack.pop()
        state = "after"
        i++
      } else if (char === '"') {
        const scanned = scanString(text, i)
        if ("error" in scanned) return scanned.error
        i = scanned.end
        state = "colon"
      } else {
        return i
      }
    } else if (state === "value-or-close" && char === "]") {
      stack.pop()
      state = "after"
      i++
    } else if (char === "{" || char === "[") {
      stack.push(char)
      state = char === "{" ? "key-or-close" : "value-or-close"
      i++
      continue
    } else if (char === '"') {
      const scanned = scanString(text, i)
      if ("error" in scanned) return scanned.error
      i = scanned.end
      state = "after"
    } else {
      NUMBER.lastIndex = i
      LITERAL.lastIndex = i
      const match = NUMBER.exec(text) ?? LITERAL.exec(text)
      PARTIAL_TOKEN.lastIndex = i
      if ((!match || i + match[0].length < text.length) && PARTIAL_TOKEN.test(text)) return text.length
      if (!match) return i
      i += match[0].length
      state = "after"
    }
    if (state === "after" && stack.length === 0) done = true
  }
}
