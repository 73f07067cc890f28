/**
 * The one line diff of the extension: the three-way view and the panel's body diff (Diff tab) use it.
 * The shape of jsdiff's `diffLines`
 * (`{ value, added, removed }` parts, each line keeping its newline). Written here because Parcel's
 * transformer corrupts a regex in the `diff` package's word.js, which breaks the whole panel bundle.
 * Common prefix and suffix are trimmed, the middle is an LCS table; past `maxCells` the middle is shown
 * as one removal and one addition rather than spending seconds on it.
 */
export interface DiffPart {
  readonly value: string
  readonly added: boolean
  readonly removed: boolean
  /** Lines in this part. */
  readonly count: number
}

type Kind = "same" | "added" | "removed"

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

function middleDiff(before: string[], after: string[], maxCells: number): [Kind, string][] {
  const n = before.length
  const m = after.length
  if (n * m > maxCells) {
    return [
      ...before.map((line): [Kind, string] => ["removed", line]),
      ...after.map((line): [Kind, string] => ["added", line])
    ]
  }
  // lcs[i][j] = length of the longest common subsequence of before[i..] and after[j..],
  // in one flat row-major array (one allocation, half the memory of an array of rows).
  const width = m + 1
  const table = new Uint32Array((n + 1) * width)
  const lcs = (i: number, j: number) => table[i * width + j]
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * width + j] =
        before[i] === after[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1))
  const out: [Kind, string][] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push(["same", before[i]])
      i++
      j++
    } else if (j < m && (i === n || lcs(i, j + 1) > lcs(i + 1, j))) out.push(["added", after[j++]])
    else out.push(["removed", before[i++]])
  }
  return out
}

export function diffLines(beforeText: string, afterText: string, maxCells = 4_000_000): DiffPart[] {
  const before = splitLines(beforeText)
  const after = splitLines(afterText)
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let end = 0
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++
  const lines: [Kind, string][] = [
    ...before.slice(0, start).map((line): [Kind, string] => ["same", line]),
    ...middleDiff(before.slice(start, before.length - end), after.slice(start, after.length - end), maxCells),
    ...before.slice(before.length - end).map((line): [Kind, string] => ["same", line])
  ]
  const parts: DiffPart[] = []
  for (const [kind, line] of lines) {
    const last = parts.at(-1)
    const lastKind: Kind | undefined = last && (last.added ? "added" : last.removed ? "removed" : "same")
    if (last && lastKind === kind)
      parts[parts.length - 1] = { ...last, value: last.value + line, count: last.count + 1 }
    else parts.push({ value: line, added: kind === "added", removed: kind === "removed", count: 1 })
  }
  return parts
}
