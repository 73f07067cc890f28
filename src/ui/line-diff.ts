/**
 * Line diff for body versions. Written here rather than taken from the `diff` package because
 * Parcel's minifier mangles a Unicode regex in diff@8's word tokenizer (module load fails
 * with "Invalid regular expression" in the built panel), and only line diffs are needed.
 * Common prefix and suffix are kept as is; the middle is an LCS diff, bounded in size.
 */
export interface DiffPart {
  readonly kind: "same" | "added" | "removed"
  readonly line: string
}

const MAX_CELLS = 4_000_000

function middleDiff(before: readonly string[], after: readonly string[]): DiffPart[] {
  const rows = before.length
  const columns = after.length
  if (rows * columns > MAX_CELLS) {
    return [
      ...before.map((line) => ({ kind: "removed" as const, line })),
      ...after.map((line) => ({ kind: "added" as const, line }))
    ]
  }
  // lcs[i][j] = LCS length of before[i..] and after[j..], stored row-major.
  const width = columns + 1
  const lcs = new Uint32Array((rows + 1) * width)
  for (let i = rows - 1; i >= 0; i--)
    for (let j = columns - 1; j >= 0; j--)
      lcs[i * width + j] =
        before[i] === after[j]
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1])
  const parts: DiffPart[] = []
  let i = 0
  let j = 0
  while (i < rows && j < columns) {
    if (before[i] === after[j]) {
      parts.push({ kind: "same", line: before[i] })
      i++
      j++
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
      parts.push({ kind: "removed", line: before[i++] })
    else parts.push({ kind: "added", line: after[j++] })
  }
  while (i < rows) parts.push({ kind: "removed", line: before[i++] })
  while (j < columns) parts.push({ kind: "added", line: after[j++] })
  return parts
}

export function diffLines(beforeText: string, afterText: string): DiffPart[] {
  const before = beforeText.split("\n")
  const after = afterText.split("\n")
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let endBefore = before.length
  let endAfter = after.length
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--
    endAfter--
  }
  const same = (line: string): DiffPart => ({ kind: "same", line })
  return [
    ...before.slice(0, start).map(same),
    ...middleDiff(before.slice(start, endBefore), after.slice(start, endAfter)),
    ...before.slice(endBefore).map(same)
  ]
}
