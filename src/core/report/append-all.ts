/**
 * `target.push(...items)` passes every item as an argument and overflows the call stack for
 * arrays of a few hundred thousand lines (a big capture's report); this does not.
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item)
}
