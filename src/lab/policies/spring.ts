import type { LabPolicy, Rejection } from "./types"

/**
 * Like a Spring Data REST or JPA-backed API whose entity has an `@Version` field, serialized as a
 * plain `version` number in the body (no ETag header): an update that sends `version` is checked
 * (409 Conflict when stale, as Spring's ObjectOptimisticLockingFailureException is usually mapped);
 * one without it loads the entity and overwrites it — the lost update. ETag Lens reads `version`
 * only when the user adds it to the body tag fields: the case its missing-if-match hint is for.
 */
export const springPolicy: LabPolicy = {
  name: "spring",
  description:
    "JPA-style version number in the body (no ETag); 409 when stale, unconditional without it. Add version to the body tag fields.",
  headerTag: () => undefined,
  represent: (note) => ({ id: note.id, text: note.text, version: note.version }),
  checkWrite(current, attempt) {
    if (current === undefined || attempt.method === "DELETE") return undefined
    const sent = attempt.bodyVersion
    if (sent === undefined || sent === current.version) return undefined
    return STALE
  }
}

const STALE: Rejection = {
  status: 409,
  body: {
    status: 409,
    error: "Conflict",
    message: "Row was updated or deleted by another transaction (or unsaved-value mapping was incorrect)"
  }
}
