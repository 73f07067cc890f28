/** `a,b , c` and repeated flags → `["a", "b", "c"]`, empty items dropped. */
export function splitList(values: readonly string[] | string | undefined): string[] {
  const all = typeof values === "string" ? [values] : (values ?? [])
  return all
    .flatMap((value) => value.split(","))
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
}
