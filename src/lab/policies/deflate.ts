import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy } from "./types"
import type { Note } from "../notes-store"

/**
 * The tag as Apache's mod_deflate sends it on a compressed answer (`DeflateAlterETag AddSuffix`,
 * its default): `-gzip` inside the quotes.
 */
function suffixedTagFor(note: Note): string {
  return `${strongTagFor(note).slice(0, -1)}-gzip"`
}

/**
 * Apache with mod_deflate in front of a WebDAV-style store: the ETag it sends carries a `-gzip`
 * suffix, while If-Match is compared with the tag without it. So every conditional write is refused
 * with 412, even with the current tag (RFC 9110 §13.1.1 says it must pass), and Refresh & retry never
 * helps; a write without If-Match passes, as on a DAV server.
 */
export const deflatePolicy: LabPolicy = {
  name: "deflate",
  description:
    "Apache mod_deflate-style: ETag sent with a -gzip suffix, If-Match compared without it: every conditional write gets 412, even with the current tag; unconditional writes pass.",
  headerTag: suffixedTagFor,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite: (current, attempt) =>
    checkIfMatchWrite(current, attempt, {
      tagOf: strongTagFor,
      missingStatus: undefined,
      staleStatus: 412,
      putCreatesWithoutPrecondition: true
    })
}
