/** A HAR file's text → its entries; a file that cannot be read at all becomes one problem, never a throw. */
import { parseHarText } from "../core/har/read-har"

export function readHarFile(
  text: string,
  fileName: string
): { entries: readonly unknown[]; problems: readonly string[] } {
  try {
    const contents = parseHarText(text, fileName)
    return { entries: contents.entries, problems: contents.problems }
  } catch (error) {
    return { entries: [], problems: [error instanceof Error ? error.message : String(error)] }
  }
}
