import type { Note } from "../notes-store"

/** A write the lab received, reduced to what a policy needs to decide on it. */
export interface WriteAttempt {
  readonly method: "PUT" | "PATCH" | "DELETE"
  /** Raw `If-Match` header, when sent. */
  readonly ifMatch?: string
  /** Raw `If-None-Match` header, when sent. */
  readonly ifNoneMatch?: string
  /** `_rev` from the JSON body (CouchDB style), when sent. */
  readonly bodyRev?: string
  /** `?rev=` from the query (CouchDB style DELETE), when sent. */
  readonly queryRev?: string
  /** `metadata.resourceVersion` from the JSON body (Kubernetes style), when sent. */
  readonly bodyResourceVersion?: string
  /** `version` from the JSON body (JPA style, a number), when sent. */
  readonly bodyVersion?: number
  /** `version.number` from the JSON body (Confluence style: the version the write makes), when sent. */
  readonly bodyVersionNumber?: number
  /** Raw `If-Unmodified-Since` header, when sent. */
  readonly ifUnmodifiedSince?: string
  /** Raw `X-Contentful-Version` header (Contentful style: the entry's `sys.version`), when sent. */
  readonly versionHeader?: string
}

/** A refusal: the status and JSON body the lab answers instead of writing. */
export interface Rejection {
  readonly status: 400 | 404 | 405 | 409 | 412 | 428 | 500
  readonly body: Readonly<Record<string, unknown>>
  readonly headers?: Readonly<Record<string, string>>
}

/** What a successful write answers (status and JSON body; `undefined` body for 204). */
export interface WriteAnswer {
  readonly status: 200 | 201 | 204
  readonly body?: Readonly<Record<string, unknown>>
}

export type WriteOutcome = "created" | "updated" | "deleted"

/**
 * One concurrency policy of the lab: where the tag lives and how writes are checked.
 * The routes do the HTTP plumbing; a policy only decides.
 */
export interface LabPolicy {
  readonly name: string
  /** One line for the demo page's policy switcher and `GET /api/_policies`. */
  readonly description: string
  /** The media type of the note and list answers, when not JSON (FHIR's `application/fhir+json`). */
  readonly contentType?: string
  /** The `ETag` header value for a note, or undefined when this policy keeps the tag in the body only. */
  headerTag(note: Note): string | undefined
  /** The `Last-Modified` header value for a note, for a policy that validates by date. */
  lastModified?(note: Note): string
  /** The note's JSON representation, with the tag fields this policy puts in the body. */
  represent(note: Note): Record<string, unknown>
  /** The list answer (`GET /api/<policy>/notes`); the default is `{ notes: [...] }`. */
  representList?(notes: readonly Note[]): Record<string, unknown>
  /**
   * Decides a write on `current` (undefined when the note does not exist).
   * Returns a rejection, or undefined to let the write happen.
   */
  checkWrite(current: Note | undefined, attempt: WriteAttempt): Rejection | undefined
  /** The answer to a successful write; the default is the representation (204 for a delete). */
  answerWrite?(note: Note, outcome: WriteOutcome): WriteAnswer
  /**
   * Servers behind a load balancer, each with its own tags: the lab hands the policy's requests to
   * them in turn (round robin, from the first node after a reset) and names the node in `X-Served-By`.
   */
  readonly nodes?: readonly LabNode[]
  /**
   * A representation per user (`Vary: Authorization`): the lab hands each request to the user its
   * `Authorization` header names (undefined without one), whose tags and decisions replace the policy's.
   */
  forViewer?(authorization: string | undefined): LabViewer
}

/** What one user of a policy with `forViewer` is shown and how that user's writes are decided. */
export interface LabViewer {
  headerTag(note: Note): string
  represent(note: Note): Record<string, unknown>
  checkWrite(current: Note | undefined, attempt: WriteAttempt): Rejection | undefined
}

/** One server of a policy with `nodes`: its tags and its decisions replace the policy's. */
export interface LabNode {
  readonly name: string
  headerTag(note: Note): string
  checkWrite(current: Note | undefined, attempt: WriteAttempt): Rejection | undefined
}
