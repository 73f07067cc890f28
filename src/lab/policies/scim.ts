import type { Note } from "../notes-store"
import { checkVersionInTag } from "./if-match-checks"
import type { LabPolicy, Rejection, WriteAttempt } from "./types"

/** SCIM's media type (RFC 7644 §3.1): what the engine knows SCIM content by. */
const SCIM_JSON = "application/scim+json"

/**
 * The note's schema: SCIM lets a service provider define resource types of its own (RFC 7643 §6);
 * the core ones (User, Group) have no free text.
 */
const NOTE_SCHEMA = "urn:ietf:params:scim:schemas:extension:etag-lens-lab:2.0:Note"

/** SCIM's ETag: a weak tag (RFC 7644 §3.14 "MAY support weak ETags"), the note's version. */
function scimTagFor(note: Note): string {
  return `W/"${note.version}"`
}

/** RFC 7644 §3.12's error body, for an If-Match that names another version. */
function versionConflict(current: Note, ifMatch: string): Rejection {
  return {
    status: 412,
    headers: { "Content-Type": SCIM_JSON },
    body: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "412",
      detail: `If-Match ${ifMatch} does not name the current version (${current.version}) of note ${current.id}: someone changed it. Reload and retry.`
    }
  }
}

/**
 * Like a SCIM 2.0 service provider that supports versioning (RFC 7644 §3.14): the note as a SCIM
 * resource whose `meta.version` repeats its ETag `W/"<version>"`, a weak tag sent back in If-Match
 * and compared by the version inside the quotes (412 with a SCIM error when stale); a write without
 * If-Match is accepted, as SCIM makes If-Match optional ("the client MAY supply"). The list is a
 * ListResponse whose `Resources` each carry `meta.version` and `meta.location`; the same list
 * answers a query by POST to `notes/.search` (RFC 7644 §3.4.3).
 */
export const scimPolicy: LabPolicy = {
  name: "scim",
  description:
    'SCIM-style: ETag W/"<version>" repeated in meta.version, If-Match compared by version (412 when stale); writes without If-Match accepted; lists (also POST .search) give each note its meta.version.',
  contentType: SCIM_JSON,
  headerTag: scimTagFor,
  represent: (note) => ({
    schemas: [NOTE_SCHEMA],
    id: note.id,
    text: note.text,
    meta: { resourceType: "Note", location: `/api/scim/notes/${note.id}`, version: scimTagFor(note) }
  }),
  representList: (notes) => ({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: notes.length,
    startIndex: 1,
    itemsPerPage: notes.length,
    Resources: notes.map((note) => scimPolicy.represent(note))
  }),
  checkWrite: (current, attempt: WriteAttempt) =>
    checkVersionInTag(current, attempt, scimTagFor, versionConflict)
}
