import type { LabPolicy, Rejection } from "./types"

/**
 * Like Confluence's REST API: no ETag; a page shows `version.number`, and an update sends the version
 * it will make, that number plus one. A stale update (its number not the next one) is a 409; an
 * update without a version a 400; a PUT to an id that does not exist creates the note, and a DELETE
 * takes no version. ETag Lens judges such writes only once `version.number` is a next-version field
 * (⚙ Settings → Confluence).
 */
export const confluencePolicy: LabPolicy = {
  name: "confluence",
  description:
    "Confluence-style: version.number in the body; an update sends the next number (read + 1), 409 when it is not, 400 without it. Choose Confluence in ⚙ Settings.",
  headerTag: () => undefined,
  represent: (note) => ({ id: note.id, type: "page", text: note.text, version: { number: note.version } }),
  checkWrite(current, attempt) {
    if (current === undefined || attempt.method === "DELETE") return undefined
    const sent = attempt.bodyVersionNumber
    if (sent === undefined)
      return error(400, "Must supply an incremented version when updating Content. No version supplied.")
    if (sent === current.version + 1) return undefined
    return error(
      409,
      `Version must be incremented on update. Current version is: ${current.version}. This update has version: ${sent}`
    )
  }
}

/** Confluence's error body: the status again and a message. */
function error(statusCode: 400 | 409, message: string): Rejection {
  return { status: statusCode, body: { statusCode, message } }
}
