import type { Exchange } from "./model"

/** The exchange with this id in a list in arrival order (ids grow with it: a binary search). */
export function exchangeById(exchanges: readonly Exchange[], id: number): Exchange | undefined {
  let low = 0
  let high = exchanges.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const candidate = exchanges[middle]
    if (candidate.id === id) return candidate
    if (candidate.id < id) low = middle + 1
    else high = middle - 1
  }
  return undefined
}
