import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy } from "./types"

/** By the book: strong `ETag` header, 428 without If-Match (RFC 6585 §3), 412 when stale (RFC 9110 §13.1.1). */
export const strictPolicy: LabPolicy = {
  name: "strict",
  description: "ETag header; If-Match required: 428 when missing, 412 when stale (RFC 9110 / RFC 6585).",
  headerTag: strongTagFor,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite: (current, attempt) =>
    checkIfMatchWrite(current, attempt, { tagOf: strongTagFor, missingStatus: 428, staleStatus: 412 })
}
