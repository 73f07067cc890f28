/** A count with its noun in the right number: `1 finding`, `2 findings`, `3 entries`. */
export function plural(
  count: number,
  one: string,
  many = `${one}s`,
  formatCount: (count: number) => string = String
): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}
