import { strongTagFor } from "./entity-tags"
import { noteNotFound } from "./problems"
import type { LabPolicy } from "./types"

/**
 * Tags served, preconditions never checked (like nginx DAV or json-server): every write wins,
 * so two users holding the same tag silently overwrite each other (a lost update).
 */
export const laxPolicy: LabPolicy = {
  name: "lax",
  description: "ETag header served but never checked: every write succeeds and lost updates happen.",
  headerTag: strongTagFor,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite: (current, attempt) =>
    current === undefined && attempt.method !== "PUT" ? noteNotFound("with this id") : undefined
}
