import { parseHttpDate } from "../../core/http/http-date"
import type { Note } from "../notes-store"
import { problem } from "./problems"
import type { LabPolicy } from "./types"

/**
 * The lab's clock for dates: version n was last modified n minutes after 2026-01-01 00:00 GMT, so
 * every version has its own second (HTTP-dates have one-second resolution, RFC 9110 §8.8.2.2) and
 * recorded captures stay the same from run to run.
 */
const EPOCH = Date.UTC(2026, 0, 1)

function lastModifiedMillis(note: Note): number {
  return EPOCH + note.version * 60_000
}

/** IMF-fixdate (RFC 9110 §5.6.7), e.g. `Thu, 01 Jan 2026 00:03:00 GMT`. */
export function lastModifiedOf(note: Note): string {
  return new Date(lastModifiedMillis(note)).toUTCString()
}

/**
 * An HTTP-date in any of its three forms, which a recipient MUST accept (RFC 9110 §5.6.7): IMF-fixdate
 * and the obsolete RFC 850 and asctime forms. Anything else, 31 February too, is not a date, and
 * the header is ignored (§13.1.4).
 */
function parseDate(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseHttpDate(text)
}

/** Dates instead of tags: `Last-Modified`, and writes must send `If-Unmodified-Since` (§13.1.4). */
export const datedPolicy: LabPolicy = {
  name: "dated",
  description:
    "No ETag: Last-Modified; If-Unmodified-Since required: 428 when missing, 412 when modified since (RFC 9110 §13.1.4).",
  headerTag: () => undefined,
  lastModified: lastModifiedOf,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite(current, attempt) {
    if (current === undefined) return undefined // a PUT to a new id creates it
    const since = parseDate(attempt.ifUnmodifiedSince)
    if (since === undefined) {
      // An invalid date is ignored (§13.1.4), which leaves the write unconditional: 428 (RFC 6585 §3).
      return problem(
        428,
        "Precondition Required",
        `Send If-Unmodified-Since with the note's Last-Modified to ${attempt.method} note ${current.id}.`,
        { lastModified: lastModifiedOf(current) }
      )
    }
    if (lastModifiedMillis(current) > since) {
      return problem(
        412,
        "Precondition Failed",
        `Note ${current.id} was modified after ${attempt.ifUnmodifiedSince}; read it again.`,
        { lastModified: lastModifiedOf(current) }
      )
    }
    return undefined
  }
}
