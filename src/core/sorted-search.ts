/**
 * Binary search over a list sorted by a numeric key (ids, version indexes), which may have gaps.
 */
export function findSorted<T>(items: readonly T[], key: number, keyOf: (item: T) => number): T | undefined {
  let low = 0
  let high = items.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const candidate = items[middle]
    const candidateKey = keyOf(candidate)
    if (candidateKey === key) return candidate
    if (candidateKey < key) low = middle + 1
    else high = middle - 1
  }
  return undefined
}
