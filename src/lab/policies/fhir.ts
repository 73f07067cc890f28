import type { Note } from "../notes-store"
import { checkVersionInTag } from "./if-match-checks"
import type { LabPolicy, Rejection, WriteAttempt } from "./types"

/** FHIR's JSON media type: what the engine knows FHIR content by. */
const FHIR_JSON = "application/fhir+json; charset=utf-8"

/** FHIR's ETag: the version id as a weak tag, `W/"<versionId>"` (FHIR R4 http.html#versioning). */
function fhirTagFor(note: Note): string {
  return `W/"${note.version}"`
}

function versionConflict(current: Note, ifMatch: string): Rejection {
  return {
    status: 412,
    headers: { "Content-Type": FHIR_JSON },
    body: {
      resourceType: "OperationOutcome",
      issue: [
        {
          severity: "error",
          code: "conflict",
          diagnostics: `If-Match ${ifMatch} does not name the current version (${current.version}) of note ${current.id}: someone changed it. Reload and retry.`
        }
      ]
    }
  }
}

/**
 * Like a FHIR server's version-aware update (HAPI, Medplum): the note as a FHIR resource with
 * `meta.versionId`, its ETag `W/"<versionId>"`, a weak tag sent back in If-Match and compared by the
 * version id inside the quotes (412 when stale); an update without If-Match is accepted, as FHIR
 * servers do unless configured otherwise. The note's text stays in `text` (not a FHIR Narrative).
 */
export const fhirPolicy: LabPolicy = {
  name: "fhir",
  description:
    'FHIR-style: ETag W/"<versionId>", If-Match compared by version id (412 when stale); updates without If-Match accepted.',
  contentType: FHIR_JSON,
  headerTag: fhirTagFor,
  represent: (note) => ({
    resourceType: "Basic",
    id: note.id,
    meta: { versionId: String(note.version) },
    text: note.text
  }),
  // A FHIR search's answer: a searchset Bundle, each match with its fullUrl (relative to the list's).
  representList: (notes) => ({
    resourceType: "Bundle",
    type: "searchset",
    total: notes.length,
    entry: notes.map((note) => ({
      fullUrl: `notes/${note.id}`,
      resource: fhirPolicy.represent(note),
      search: { mode: "match" }
    }))
  }),
  checkWrite: (current, attempt: WriteAttempt) =>
    checkVersionInTag(current, attempt, fhirTagFor, versionConflict)
}
