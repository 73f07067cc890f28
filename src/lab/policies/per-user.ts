import { createHash } from "node:crypto"

import type { Note } from "../notes-store"
import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy, LabViewer } from "./types"

/** A short, stable name for the credentials a request carried (never the credentials themselves). */
function viewerOf(authorization: string | undefined): string {
  if (authorization === undefined) return "anonymous"
  return createHash("sha256").update(authorization).digest("hex").slice(0, 8)
}

function viewer(authorization: string | undefined): LabViewer {
  const name = viewerOf(authorization)
  const tagOf = (note: Note) => `${strongTagFor(note).slice(0, -1)}-${name}"`
  return {
    headerTag: tagOf,
    // Names who asked, as an API that shows each user's own permissions (GitHub's `permissions`) does:
    // each user's representation differs.
    represent: (note) => ({ id: note.id, text: note.text, viewer: name }),
    checkWrite: (current, attempt) =>
      checkIfMatchWrite(current, attempt, { tagOf, missingStatus: 428, staleStatus: 412 })
  }
}

/**
 * Each user sees the note in a representation of their own (a `viewer` field, as an API that shows a
 * user's permissions does), tagged for that user, with `Vary: Authorization` (RFC 9110 §12.5.5): one
 * version, one tag per user. Strict about each user's own tag (428, 412): a user's tag is current for
 * that user until someone writes. ETag Lens keeps the users' tags as one version, not one per read.
 */
export const perUserPolicy: LabPolicy = {
  name: "per-user",
  description:
    "A representation and a tag per user (Vary: Authorization), strict on each user's own tag (428, 412): two users' different tags name one version.",
  ...viewer(undefined),
  forViewer: viewer
}
