import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy } from "./types"

/**
 * Like Nox (shared seed 000): the same tag in the `ETag` header and in the body as
 * `@odata.etag`; a missing or mismatching If-Match is answered 409, not 412.
 */
export const noxPolicy: LabPolicy = {
  name: "nox",
  description: "ETag header and @odata.etag in the body; 409 when If-Match is missing or stale (Nox).",
  headerTag: strongTagFor,
  represent: (note) => ({ "@odata.etag": strongTagFor(note), id: note.id, text: note.text }),
  // An OData V4 collection: `value`, each row with its own `@odata.etag`, and its `@odata.id` as
  // full metadata gives it (the lab's notes are `notes/1`, not OData's conventional `notes(1)`).
  representList: (notes) => ({
    "@odata.context": "$metadata#notes",
    value: notes.map((note) => ({ "@odata.id": `notes/${note.id}`, ...noxPolicy.represent(note) }))
  }),
  checkWrite: (current, attempt) =>
    checkIfMatchWrite(current, attempt, { tagOf: strongTagFor, missingStatus: 409, staleStatus: 409 })
}
