/**
 * The `If-Match` / `If-None-Match` decisions shared by the header-enforcing policies
 * (strict, weak, nox, eve). Each policy picks the statuses it answers.
 */
import type { Note } from "../notes-store"
import { ifMatchPasses, ifNoneMatchMatches } from "./entity-tags"
import { noteNotFound, problem } from "./problems"
import type { Rejection, WriteAttempt } from "./types"

export interface IfMatchRules {
  /** The tag the client is expected to send back for a note (quoted form). */
  readonly tagOf: (note: Note) => string
  /** Answer to a write on an existing note without `If-Match`; undefined lets it through. */
  readonly missingStatus: 409 | 428 | undefined
  /** Answer to an `If-Match` that does not match. */
  readonly staleStatus: 409 | 412
  /** Accept bare tokens as tags (Eve clients echo the body `_etag` unquoted). */
  readonly lenient?: boolean
  /** Let a PUT to a missing id create the note without any precondition. */
  readonly putCreatesWithoutPrecondition?: boolean
}

const STATUS_TITLES = { 409: "Conflict", 412: "Precondition Failed", 428: "Precondition Required" } as const

export function checkIfMatchWrite(
  current: Note | undefined,
  attempt: WriteAttempt,
  rules: IfMatchRules
): Rejection | undefined {
  if (current === undefined) return checkWriteOnMissingNote(attempt, rules)
  // RFC 9110 §13.1.2: `If-None-Match: *` fails when a current representation exists.
  if (attempt.ifNoneMatch !== undefined && ifNoneMatchMatches(attempt.ifNoneMatch, rules.tagOf(current))) {
    return problem(412, STATUS_TITLES[412], `Note ${current.id} already exists (If-None-Match).`)
  }
  const currentETag = rules.tagOf(current)
  if (attempt.ifMatch === undefined) {
    if (rules.missingStatus === undefined) return undefined
    // RFC 6585 §3: 428 says the server requires the request to be conditional.
    return problem(
      rules.missingStatus,
      STATUS_TITLES[rules.missingStatus],
      `Send If-Match with the note's current tag to ${attempt.method} note ${current.id}.`,
      { currentETag }
    )
  }
  // RFC 9110 §13.1.1: If-Match uses the strong comparison; `*` matches any current representation.
  if (!ifMatchPasses(attempt.ifMatch, currentETag, rules.lenient)) {
    return problem(
      rules.staleStatus,
      STATUS_TITLES[rules.staleStatus],
      `If-Match ${attempt.ifMatch} does not match the current tag of note ${current.id}: someone changed it. Reload and retry.`,
      { currentETag }
    )
  }
  return undefined
}

function checkWriteOnMissingNote(attempt: WriteAttempt, rules: IfMatchRules): Rejection | undefined {
  const missing = noteNotFound("with this id")
  if (attempt.method !== "PUT") return missing
  // RFC 9110 §13.1.1: If-Match is false when there is no current representation.
  if (attempt.ifMatch !== undefined) {
    return problem(412, STATUS_TITLES[412], "If-Match was sent but the note does not exist.")
  }
  if (attempt.ifNoneMatch !== undefined) return undefined
  if (rules.putCreatesWithoutPrecondition) return undefined
  if (rules.missingStatus === 428) {
    return problem(428, STATUS_TITLES[428], "To create a note with PUT, send If-None-Match: *.")
  }
  return missing
}

/** The version an If-Match names: the text inside its first quotes, `W/` or not. */
function versionNamedIn(ifMatch: string): string | undefined {
  return /"([^"]*)"/.exec(ifMatch)?.[1]
}

/**
 * A write checked as FHIR's and SCIM's servers check it (Medplum's router reads If-Match so): by the
 * version inside the tag's quotes, `W/` or not, so their weak tags work; `staleRefusal` is the
 * answer to another version. No If-Match (accepted), `*`, If-None-Match and a missing note go
 * through the shared header checks.
 */
export function checkVersionInTag(
  current: Note | undefined,
  attempt: WriteAttempt,
  tagOf: (note: Note) => string,
  staleRefusal: (current: Note, ifMatch: string) => Rejection
): Rejection | undefined {
  const named = attempt.ifMatch === undefined ? undefined : versionNamedIn(attempt.ifMatch)
  if (current === undefined || attempt.ifMatch === undefined || named === undefined)
    return checkIfMatchWrite(current, attempt, { tagOf, missingStatus: undefined, staleStatus: 412 })
  return named === String(current.version) ? undefined : staleRefusal(current, attempt.ifMatch)
}
