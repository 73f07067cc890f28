import type { Note } from "../notes-store"
import { digestNote } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy } from "./types"

/** Eve keeps a bare hex digest in the body field `_etag`; clients echo it in If-Match. */
function bodyETagFor(note: Note): string {
  return digestNote(note, 16)
}

/**
 * Like Eve / halchemy (shared seed 004): the tag only in the body as `_etag` (no ETag header);
 * If-Match (quoted or bare) is checked, 412 when stale, writes without If-Match are accepted.
 */
export const evePolicy: LabPolicy = {
  name: "eve",
  description:
    "Tag only in the body field _etag (no ETag header); 412 when stale, writes without If-Match accepted.",
  headerTag: () => undefined,
  represent: (note) => ({ id: note.id, text: note.text, _etag: bodyETagFor(note) }),
  // Eve's resource endpoint: `_items` with a self link each, and `_meta` counts.
  representList: (notes) => ({
    _items: notes.map((note) => ({
      ...evePolicy.represent(note),
      _links: { self: { title: "Note", href: `notes/${note.id}` } }
    })),
    _meta: { page: 1, max_results: 25, total: notes.length }
  }),
  checkWrite: (current, attempt) =>
    checkIfMatchWrite(current, attempt, {
      tagOf: (note) => `"${bodyETagFor(note)}"`,
      missingStatus: undefined,
      staleStatus: 412,
      lenient: true
    })
}
