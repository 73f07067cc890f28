import { lastModifiedOf } from "./dated"
import { noteNotFound } from "./problems"
import type { LabPolicy } from "./types"

/**
 * Dates served, never checked: `Last-Modified` on every answer, `If-Unmodified-Since` ignored, as
 * many frameworks do (RFC 9110 §13.1.4 lets a server that does not support it ignore it). Every
 * write wins, so two users holding the same date silently overwrite each other (a lost update).
 */
export const datedLaxPolicy: LabPolicy = {
  name: "dated-lax",
  description:
    "No ETag: Last-Modified served, If-Unmodified-Since never checked: every write succeeds and lost updates happen.",
  headerTag: () => undefined,
  lastModified: lastModifiedOf,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite: (current, attempt) =>
    current === undefined && attempt.method !== "PUT" ? noteNotFound("with this id") : undefined
}
