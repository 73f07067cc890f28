import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabPolicy, Rejection } from "./types"

/**
 * A server that checks If-Match but never mapped the error it throws to a status, like a Spring
 * Boot app whose OptimisticLockException reaches the default error handler: a stale tag (or
 * `If-None-Match: *` on an existing note, a duplicate key) is answered 500 Internal Server Error, not
 * 412. The write is refused, but the client cannot tell a conflict from an outage. Writes without
 * If-Match pass, as the check only runs when the header is sent.
 */
export const unmappedPolicy: LabPolicy = {
  name: "unmapped",
  description:
    "ETag checked, but a stale tag crashes the request: 500 instead of 412 (a lock error nobody mapped); writes without If-Match pass.",
  headerTag: strongTagFor,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite(current, attempt) {
    const refusal = checkIfMatchWrite(current, attempt, {
      tagOf: strongTagFor,
      missingStatus: undefined,
      staleStatus: 412
    })
    return refusal?.status === 412 ? serverError(attempt.method, current?.id) : refusal
  }
}

/** Spring Boot's default error body, as its BasicErrorController writes it. */
function serverError(method: string, id: string | undefined): Rejection {
  return {
    status: 500,
    body: {
      timestamp: new Date().toISOString(),
      status: 500,
      error: "Internal Server Error",
      message: `${method} note ${id ?? "?"}: OptimisticLockException: Row was updated or deleted by another transaction`
    }
  }
}
