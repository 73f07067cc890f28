/**
 * What one exchange shows about how its server treats preconditions. Each observation is a
 * policy trait or a finer fact some finding needs; the policy book collects them per scope.
 */
import { parseTagCondition } from "../http/conditional-headers"
import { headerValue } from "../http/headers"
import { isSafeMethod } from "../http/methods"
import { isSuccess } from "../http/status"
import { saysVersionRequired } from "../http/version-required-text"
import { validatesByDateOnly } from "../lineage/date-versions"
import { ECHOED_TAG_SOURCES } from "../lineage/describe-precondition"
import type { LineageUpdate, ResourceHistory } from "../lineage/resource-history"
import { unguardedOverwriteOf } from "../lineage/unguarded-overwrite"
import { isUnguardedWrite, isWriteToExistingResource } from "../lineage/write-target"
import { sendsWeakIfMatchByConvention } from "../traffic/weak-tag-conventions"
import { headerTagOf } from "../traffic/tag-sources"
import { NONE, type EntityTag, type Exchange, type LineageEvent, type PolicyTrait } from "../model"

export type Observation =
  | PolicyTrait
  /** A 2xx write (not DELETE, not 202 Accepted) answered without any new tag. */
  | "write-without-new-tag"
  /** `If-None-Match: *` on an existing resource refused with 409 (Azurite) where §13.1.2 gives 412. */
  | "create-only-refused-409"
  /** An answer's `ETag` without the quotes an entity-tag has (§8.8.3): `ETag: 58a74a7a`. */
  | "unquoted-etag"
  /** An answer's `ETag` not an entity-tag in another way (`w/`, text after the quote, two lines, …). */
  | "malformed-etag"
  /**
   * A stale version sent outside the conditional headers (a body field such as CouchDB's `_rev` or
   * Kubernetes' `resourceVersion`, a JSON Patch `test`, `?rev=`, an API's version header) refused
   * with 409, also counted as enforces-409: RFC 9110 §15.5.10 gives 409 for such a version
   * conflict, and 412 is for the conditional header fields (§13.1), so it is no "409 instead of 412".
   * Also a write with no version at all refused 409 by an API whose versions live only there
   * (CouchDB without `_rev`: a second create of the document): no conditional header was involved.
   */
  | "body-version-refused-409"
  /**
   * A FHIR or SCIM write whose weak If-Match was accepted (also counted as accepts-weak-if-match):
   * those APIs send weak tags in If-Match by their specification (weak-tag-conventions.ts), so it is
   * no finding.
   */
  | "weak-if-match-by-convention"

/**
 * A 400 to a write without a precondition that means "precondition required": its body names the
 * missing precondition, or it is a silent 400 to a DELETE, which has no content that could be
 * invalid (Azurite's Table service answers a DELETE without If-Match so).
 */
function saysPreconditionRequired(exchange: Exchange): boolean {
  const text = exchange.responseBody?.text
  if (exchange.method === "DELETE" && (text ?? "").trim() === "") return true
  return saysVersionRequired(text ?? exchange.statusText)
}

function answerToMissingPrecondition(exchange: Exchange): Observation | undefined {
  const { status } = exchange
  if (isSuccess(status)) return "accepts-without-precondition"
  if (status === 428) return "requires-428"
  if (status === 400 && saysPreconditionRequired(exchange)) return "requires-400"
  if (status === 409) return "enforces-409"
  return undefined
}

/**
 * The resource's versions were never in `ETag`, only in a body field, query parameter or version
 * header the client sends back itself (CouchDB's `_rev`): not in an entity's echoed `@odata.etag`
 * or `_etag`, which the API expects back in If-Match.
 */
function versionedOutsideHeaders(history: ResourceHistory | undefined): boolean {
  const sources = history?.tagSources
  if (sources === undefined || sources.length === 0 || sources.includes("header")) return false
  return sources.some((source) => !ECHOED_TAG_SOURCES.has(source))
}

function answerToIfMatch(exchange: Exchange, update: LineageUpdate): Observation[] {
  const { ifMatch, bodyVersion } = update.detail
  if (ifMatch === undefined || ifMatch.state === "any") return []
  const { status } = exchange
  if (status === 412) return ["enforces-412"]
  // §15.5.10: a 409 to the version the traffic shows current is a conflict with the content
  // (a name taken, a state change not allowed), not a failed precondition.
  if (status === 409) return ifMatch.state === "current" ? [] : ["enforces-409"]
  if (!isSuccess(status)) return []
  const found: Observation[] = []
  const condition = exchange.precondition.ifMatch
  if (condition?.kind === "tags" && condition.tags.every((tag) => tag.weak)) {
    found.push("accepts-weak-if-match")
    if (sendsWeakIfMatchByConvention(exchange)) found.push("weak-if-match-by-convention")
  }
  const mismatched = ifMatch.state === "stale" || ifMatch.state === "unknown"
  if (mismatched && bodyVersion?.state === "current") found.push("ignores-if-match-header")
  else if (ifMatch.state === "stale") found.push("accepts-stale")
  // A tag the capture never showed, while it showed the current one (§13.1.1: only the current
  // tag makes If-Match true). Not proof: the client may have had the tag from outside the capture.
  else if (ifMatch.state === "unknown" && update.event.precondition.currentVersionIndex !== undefined)
    found.push("accepts-unknown-tag")
  return found
}

/**
 * If-Unmodified-Since (§13.1.4), the write's only precondition: a 412 shows the server checks it;
 * a 2xx to a date older than a modification the traffic showed shows it does not.
 */
function answerToDate(exchange: Exchange, update: LineageUpdate): Observation[] {
  const { precondition } = update.event
  if (precondition.mechanism !== "if-unmodified-since") return []
  if (exchange.status === 412) return ["enforces-412"]
  return precondition.state === "stale" && isSuccess(exchange.status) ? ["accepts-stale"] : []
}

const WEAK_TAGS_ONLY: readonly Observation[] = Object.freeze(["weak-tags"])
const UNSTABLE_TAGS_ONLY: readonly Observation[] = Object.freeze(["unstable-tags"])
const TAGS_PER_USER_ONLY: readonly Observation[] = Object.freeze(["tags-per-user"])
const REFUSES_CURRENT_TAG_ONLY: readonly Observation[] = Object.freeze(["refuses-current-tag"])

/**
 * A server that validates by date (no tag seen on the resource) answered the write with its new
 * `Last-Modified`: the client can send that date back in If-Unmodified-Since (§13.1.4), as it would a
 * new tag.
 */
function answersWithNewDate(exchange: Exchange, history: ResourceHistory | undefined): boolean {
  if (history !== undefined && !validatesByDateOnly(history.tagSources)) return false
  return headerValue(exchange.responseHeaders, "last-modified") !== undefined
}

/**
 * A write whose client needs the new tag to write again: not a POST that only called an action
 * (GraphQL, RPC, search; RFC 9110 §9.3.3), only one that created something or changed a resource
 * the traffic knows versions of.
 */
function expectsNewTag(
  exchange: Exchange,
  update: LineageUpdate,
  history: ResourceHistory | undefined
): boolean {
  if (exchange.method !== "POST" || update.event.role === "create") return true
  return isWriteToExistingResource(exchange, update, history)
}

/** How the answer's `ETag` was not an entity-tag (§8.8.3), when it was read leniently. */
function malformedEtag(tag: EntityTag | undefined): Observation | undefined {
  if (tag?.lenient === undefined) return undefined
  return tag.lenient === "unquoted" ? "unquoted-etag" : "malformed-etag"
}

/** A read's observations besides a malformed ETag: one shared list each. */
function readObservations(update: LineageUpdate, weakHeaderTag: boolean): readonly Observation[] {
  if (update.retaggedFrom !== undefined) return UNSTABLE_TAGS_ONLY
  if (update.taggedForUser === true) return TAGS_PER_USER_ONLY
  // A read right after a 412 showing the very tag that write sent (lineage/own-tag-refused.ts).
  if (update.refusedOwnTag !== undefined) return REFUSES_CURRENT_TAG_ONLY
  return weakHeaderTag ? WEAK_TAGS_ONLY : NONE
}

export function classifyAnswer(
  exchange: Exchange,
  update: LineageUpdate,
  history: ResourceHistory | undefined
): readonly Observation[] {
  if (exchange.kind !== "api") return NONE
  const headerTag = headerTagOf(exchange.responseTags)
  const weakHeaderTag = headerTag?.weak === true
  const malformed = malformedEtag(headerTag)
  // Reads (most traffic) show at most weak tags, or the content last shown under another
  // strong tag (lineage/retagged-content.ts; strong, so never both): shared answers, no list per
  // exchange unless the server's ETag is malformed.
  if (isSafeMethod(exchange.method)) {
    const shared = readObservations(update, weakHeaderTag)
    return malformed === undefined ? shared : [...shared, malformed]
  }
  const found: Observation[] = []
  if (weakHeaderTag) found.push("weak-tags")
  if (malformed !== undefined) found.push(malformed)
  const { detail } = update
  // The body version is the mechanism only when If-Match is absent; clients often echo an
  // entity's `@odata.etag` / `_etag` in the body of a write that also carries If-Match.
  if (detail.bodyVersion !== undefined && detail.ifMatch === undefined) found.push("body-version")
  if (
    isSuccess(exchange.status) &&
    // §15.3.3: a 202 is not enacted yet, so there is no new tag to send.
    exchange.status !== 202 &&
    exchange.method !== "DELETE" &&
    exchange.responseTags.length === 0 &&
    !answersWithNewDate(exchange, history) &&
    expectsNewTag(exchange, update, history)
  ) {
    found.push("write-without-new-tag")
  }
  if (isUnguardedWrite(exchange, update, history)) {
    const answer = answerToMissingPrecondition(exchange)
    if (answer !== undefined) found.push(answer)
    if (answer === "enforces-409" && versionedOutsideHeaders(history)) found.push("body-version-refused-409")
  }
  // Two users in the capture: the write replaced a change its user had not read (a lost update).
  if (unguardedOverwriteOf(exchange, update) !== undefined) found.push("accepts-blind-overwrite")
  found.push(...answerToIfMatch(exchange, update), ...answerToDate(exchange, update))
  if (update.refusedOwnTag !== undefined) found.push("refuses-current-tag")
  // Only the header field: a create-only endpoint (Elasticsearch `_create`) refusing with 409 names
  // a conflict with the current state (§15.5.10), not a failed precondition (§13.1.2).
  const createOnly =
    exchange.precondition.ifNoneMatch?.kind === "any" &&
    headerValue(exchange.requestHeaders, "if-none-match") !== undefined
  if (createOnly && exchange.status === 409 && update.existedBefore) found.push("create-only-refused-409")
  // A stale precondition answered 500: an optimistic-lock error nobody mapped to 412 (the rule
  // conflict-as-server-error); whether the write was applied, the answer does not say.
  if (exchange.status === 500 && update.event.precondition.state === "stale") found.push("fails-on-stale")
  if (detail.ifMatch === undefined && detail.bodyVersion?.state === "stale") {
    // The body version decides (CouchDB `_rev`, Kubernetes `resourceVersion`, a JPA `version`):
    // accepted stale, it is a lost update; refused, the server enforces it as If-Match would be.
    if (isSuccess(exchange.status)) found.push("accepts-stale")
    else if (exchange.status === 409) found.push("enforces-409", "body-version-refused-409")
    else if (exchange.status === 412) found.push("enforces-412")
  }
  return found
}

/** A refusal taken back: what an earlier write's answer was counted as, and that write. */
export interface WithdrawnObservation {
  readonly observation: Observation
  readonly exchangeId: number
}

/**
 * A 409 or 412 to an If-Match that this exchange shows named the current version refused no stale
 * write, so it is not evidence of enforcing preconditions (RFC 9110 §13.1.1: a matching tag makes
 * the condition true). Shown by the 412 itself carrying the tag it refused, or by a read right after,
 * with nothing written in between, showing the version that If-Match named: Apache mod_deflate's
 * `-gzip` tags, or PouchDB Server refusing the current revision in If-Match without a body `_rev`.
 * Left alone: a write that also sent a body version (that version may have been the stale one), and
 * an If-Match of weak tags only, which strong comparison rightly never matches (Apache's fresh files).
 */
export function withdrawnRefusal(update: LineageUpdate): WithdrawnObservation | undefined {
  // Both are refusals: refusedOwnTag a 412, refusedShownVersion a 409 or 412.
  const refused = update.refusedOwnTag ?? strongTagRefused(update.refusedShownVersion)
  if (refused === undefined) return undefined
  // A 409 to the version current when it was sent was never counted (answerToIfMatch).
  if (refused.status === 409 && refused.precondition.state === "current") return undefined
  return {
    observation: refused.status === 409 ? "enforces-409" : "enforces-412",
    exchangeId: refused.exchangeId
  }
}

/** The refused write, unless its If-Match held weak tags only (strong comparison rightly refuses those). */
function strongTagRefused(refused: LineageEvent | undefined): LineageEvent | undefined {
  const sent = refused?.precondition.sent
  const condition = sent === undefined ? undefined : parseTagCondition(sent)
  return condition?.kind === "tags" && condition.tags.some((tag) => !tag.weak) ? refused : undefined
}
