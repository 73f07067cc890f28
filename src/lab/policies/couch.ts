import { createHash } from "node:crypto"

import type { Note } from "../notes-store"

import type { LabPolicy, Rejection } from "./types"

/** CouchDB revision `<version>-<md5 hex>`. */
export function revFor(note: Note): string {
  const digest = createHash("md5").update(`${note.id}\n${note.version}\n${note.text}`).digest("hex")
  return `${note.version}-${digest}`
}

/** The revision a deletion creates (CouchDB keeps a tombstone with the next rev). */
function tombstoneRevFor(note: Note): string {
  return revFor({ id: note.id, version: note.version + 1, text: "" })
}

const CONFLICT: Rejection = { status: 409, body: { error: "conflict", reason: "Document update conflict." } }

/**
 * CouchDB-style: the version is the body's `_rev` (or `?rev=` for DELETE); the If-Match header
 * is ignored entirely. A PUT with a missing or wrong `_rev` is a 409 conflict.
 * GET's ETag header is the rev in quotes, as CouchDB does for documents.
 */
export const couchPolicy: LabPolicy = {
  name: "couch",
  description: "CouchDB-style body _rev (If-Match ignored); 409 conflict when _rev is missing or stale.",
  headerTag: (note) => `"${revFor(note)}"`,
  represent: (note) => ({ _id: note.id, _rev: revFor(note), text: note.text }),
  // `_all_docs?include_docs=true`: a row per document, its rev in `value` and the document in `doc`.
  representList: (notes) => ({
    total_rows: notes.length,
    offset: 0,
    rows: notes.map((note) => ({
      id: note.id,
      key: note.id,
      value: { rev: revFor(note) },
      doc: couchPolicy.represent(note)
    }))
  }),
  checkWrite(current, attempt) {
    if (attempt.method === "PATCH") {
      return {
        status: 405,
        body: { error: "method_not_allowed", reason: "Only GET,HEAD,PUT,DELETE allowed" }
      }
    }
    if (attempt.method === "DELETE") {
      if (current === undefined) return { status: 404, body: { error: "not_found", reason: "missing" } }
      // Observed on pouchdb-server: DELETE without a rev succeeds; a wrong rev is a conflict.
      const rev = attempt.queryRev ?? attempt.bodyRev
      return rev === undefined || rev === revFor(current) ? undefined : CONFLICT
    }
    if (current === undefined) return attempt.bodyRev === undefined ? undefined : CONFLICT
    return attempt.bodyRev === revFor(current) ? undefined : CONFLICT
  },
  answerWrite(note, outcome) {
    const rev = outcome === "deleted" ? tombstoneRevFor(note) : revFor(note)
    return { status: outcome === "deleted" ? 200 : 201, body: { ok: true, id: note.id, rev } }
  }
}
