import type { Exchange } from "./model"

/**
 * The position of the exchange with this id in a list in arrival order (ids grow with it: a binary
 * search); -1 when the list has none.
 */
export function exchangeIndexById(exchanges: readonly Exchange[], id: number): number {
  let low = 0
  let high = exchanges.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const candidateId = exchanges[middle].id
    if (candidateId === id) return middle
    if (candidateId < id) low = middle + 1
    else high = middle - 1
  }
  return -1
}

/** The exchange with this id in a list in arrival order. */
export function exchangeById(exchanges: readonly Exchange[], id: number): Exchange | undefined {
  const index = exchangeIndexById(exchanges, id)
  return index === -1 ? undefined : exchanges[index]
}
