/**
 * Files chosen with a HAR that hold its bodies (Playwright's `recordHar` with `content: "attach"`,
 * or its `.zip` unpacked: core/har/attached-bodies.ts). They are read into the entries that name
 * them, and are no captures of their own.
 */
import { attachedFilesOf, inlineAttachedBodies } from "../core/har/attached-bodies"
import { plural } from "../core/plural"
import { isRecord } from "../core/traffic/har-fields"

interface ReadFile {
  readonly fileName: string
  readonly text?: string
  readonly entries: readonly unknown[]
}

/** The chosen files an entry of another names as a body's file, and that gave no entries themselves. */
export function bodyFilesAmong(files: readonly ReadFile[]): Set<string> {
  const named = new Set<string>()
  for (const file of files)
    for (const entry of file.entries)
      if (isRecord(entry)) for (const name of attachedFilesOf(entry)) named.add(name)
  return new Set(
    files.filter((file) => file.entries.length === 0 && named.has(file.fileName)).map((file) => file.fileName)
  )
}

/**
 * Reads each capture's attached bodies from the chosen files' texts; a problem per capture for the
 * bodies whose files were not chosen with it, named by its file when several were chosen (the
 * notice of a single file names it already).
 */
export function readAttachedBodies(
  captures: readonly { readonly file: string; readonly entries: readonly unknown[] }[],
  texts: ReadonlyMap<string, string>,
  nameFiles: boolean
): string[] {
  const problems: string[] = []
  for (const capture of captures) {
    let unread = 0
    for (const entry of capture.entries) {
      if (!isRecord(entry)) continue
      unread += inlineAttachedBodies(entry, (name) => {
        const text = texts.get(name)
        return text === undefined ? undefined : { text }
      })
    }
    if (unread > 0)
      problems.push(
        `${nameFiles ? `${capture.file}: ` : ""}${plural(unread, "body", "bodies")} in files of their own (Playwright's attach) not read: ` +
          "import the HAR together with the files beside it"
      )
  }
  return problems
}
