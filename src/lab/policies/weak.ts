import type { Note } from "../notes-store"
import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy } from "./types"

/** A weak validator `W/"…"` (RFC 9110 §8.8.1), like Apache mod_dav right after a write. */
export function weakTagFor(note: Note): string {
  return `W/${strongTagFor(note)}`
}

/**
 * Strict enforcement, but the server only hands out weak tags. If-Match uses the strong
 * comparison (RFC 9110 §13.1.1), so a client echoing the tag it got never matches: 412.
 */
export const weakPolicy: LabPolicy = {
  name: "weak",
  description:
    'Weak ETags W/"…" with strict If-Match: the strong comparison never matches, every write 412s.',
  headerTag: weakTagFor,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite: (current, attempt) =>
    checkIfMatchWrite(current, attempt, { tagOf: weakTagFor, missingStatus: 428, staleStatus: 412 })
}
