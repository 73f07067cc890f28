/** JSON bodies indented (so line diffs are readable); anything else as it is. */
export function prettyJson(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`
  } catch {
    return text.endsWith("\n") ? text : `${text}\n`
  }
}
