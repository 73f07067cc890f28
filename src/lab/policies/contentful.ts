import type { LabPolicy, Rejection } from "./types"

/**
 * Like the Contentful Management API: no ETag; the version is the entry's `sys.version` number,
 * which a client sends back in the `X-Contentful-Version` request header (not If-Match). An update
 * without it, or with an outdated one, is a 409 VersionMismatch, so no update is unguarded; a PUT to
 * an id that does not exist creates the entry, and a DELETE is checked only when it names a version.
 * ETag Lens reads neither `sys.version` nor the header unless the user configures them.
 */
export const contentfulPolicy: LabPolicy = {
  name: "contentful",
  description:
    "Contentful-style: version number in sys.version, sent back in X-Contentful-Version; 409 VersionMismatch when missing or stale. Set sys.version and the version header in ⚙ Settings.",
  headerTag: () => undefined,
  represent: (note) => ({
    id: note.id,
    text: note.text,
    sys: { id: note.id, type: "Entry", version: note.version }
  }),
  checkWrite(current, attempt) {
    const sent = attempt.versionHeader
    if (current === undefined) {
      if (attempt.method === "PUT" && sent === undefined) return undefined // create
      return error(404, "NotFound", "The resource could not be found.")
    }
    if (attempt.method === "DELETE" && sent === undefined) return undefined
    if (sent?.trim() === String(current.version)) return undefined
    // Contentful answers VersionMismatch both to a missing version header and to an outdated one.
    return error(
      409,
      "VersionMismatch",
      "Version mismatch: send the entry's current sys.version in the X-Contentful-Version header."
    )
  }
}

/** A Contentful error body: `sys.type` "Error" and the error's id in `sys.id`. */
function error(status: 404 | 409, id: string, message: string): Rejection {
  return { status, body: { sys: { type: "Error", id }, message } }
}
