/**
 * The precondition a request carried, judged against the resource as the traffic showed it
 * when the request was sent (arrival order): current, stale, unknown, any (`*`) or none.
 */
import type { Exchange, LineageEvent } from "../model"
import type { PreconditionDetail, ResourceHistory, TagMatch } from "./resource-history"
import { parseHttpDate } from "../http/http-date"
import { testsEveryChangedMember } from "../traffic/json-patch"
import { newestVersionModifiedBy } from "./date-versions"
import { matchCondition, matchTag } from "./version-match"

type EventPrecondition = LineageEvent["precondition"]

/**
 * Body fields that mirror the ETag by convention (OData, Eve, SCIM's `meta.version`, which RFC 7643
 * §3.1 makes read-only): clients echo them in the entity they send back, but servers decide on
 * If-Match (SAP CAP answers 428 to a write that only echoes `@odata.etag`). Other body/query
 * versions (`_rev`, `?rev=`, configured fields) decide.
 */
export const ECHOED_TAG_SOURCES: ReadonlySet<string> = new Set([
  "body:@odata.etag",
  "body:odata.etag",
  "body:_etag",
  "body:meta.version"
])

function summaryOf(mechanism: EventPrecondition["mechanism"], match: TagMatch, currentVersionIndex?: number) {
  // Assigned field by field (no spreads: this runs for every write); same key order as before.
  const summary: { -readonly [K in keyof EventPrecondition]: EventPrecondition[K] } = {
    mechanism,
    sent: match.sent,
    state: match.state
  }
  if (match.versionIndex !== undefined) summary.versionIndex = match.versionIndex
  if (currentVersionIndex !== undefined) summary.currentVersionIndex = currentVersionIndex
  if (match.goneBy !== undefined) summary.goneBy = match.goneBy
  return summary
}

export function describePrecondition(
  resource: ResourceHistory,
  exchange: Exchange
): { summary: EventPrecondition; detail: PreconditionDetail } {
  const { ifMatch, ifNoneMatch, ifUnmodifiedSince } = exchange.precondition
  const sent = exchange.precondition.bodyVersion
  const bodyVersion = sent !== undefined && !ECHOED_TAG_SOURCES.has(sent.source) ? sent : undefined
  const currentVersionIndex = resource.versions[resource.versions.length - 1]?.index
  if (ifMatch === undefined && bodyVersion === undefined && ifUnmodifiedSince === undefined) {
    if (ifNoneMatch === undefined || isRead(exchange))
      return { summary: noneSummary(currentVersionIndex, exchange), detail: NO_DETAIL }
  }
  const detail: { -readonly [K in keyof PreconditionDetail]: PreconditionDetail[K] } = {}
  if (ifMatch !== undefined) detail.ifMatch = matchCondition(resource, ifMatch)
  if (bodyVersion !== undefined) {
    const { state, versionIndex, goneBy } = matchTag(resource, bodyVersion.tag)
    const { source } = bodyVersion
    const sentTag = bodyVersion.tag.raw
    detail.bodyVersion =
      versionIndex === undefined
        ? { state, sent: sentTag, source }
        : goneBy === undefined
          ? { state, versionIndex, sent: sentTag, source }
          : { state, versionIndex, sent: sentTag, source, goneBy }
  }
  if (detail.ifMatch !== undefined) {
    const summary = summaryOf("if-match", detail.ifMatch, currentVersionIndex)
    if (detail.bodyVersion !== undefined) summary.withBodyVersion = true
    return { summary, detail }
  }
  if (detail.bodyVersion !== undefined) {
    const summary = summaryOf("body-version", detail.bodyVersion, currentVersionIndex)
    summary.source = detail.bodyVersion.source
    return { summary, detail }
  }
  if (ifUnmodifiedSince !== undefined) {
    const match = matchDate(resource, ifUnmodifiedSince)
    return { summary: summaryOf("if-unmodified-since", match, currentVersionIndex), detail }
  }
  if (ifNoneMatch !== undefined && !isRead(exchange)) {
    return {
      summary: summaryOf("if-none-match", matchCondition(resource, ifNoneMatch), currentVersionIndex),
      detail
    }
  }
  return { summary: noneSummary(currentVersionIndex, exchange), detail }
}

/**
 * If-Unmodified-Since (§13.1.4) against the latest `Last-Modified` the traffic showed: the server
 * passes it when the resource was not modified after the date. Stale when an answer showed a later
 * modification; current when none did; unknown when the date is invalid (the server ignores it) or
 * the time of the last change is not known. Names the newest version modified by the date.
 * One-second resolution: two changes within a second look the same (§8.8.2.2).
 */
function matchDate(resource: ResourceHistory, sent: string): TagMatch {
  const date = parseHttpDate(sent)
  if (date === undefined || resource.lastModified === undefined) return { state: "unknown", sent }
  const named = newestVersionModifiedBy(resource.versions, date, (version) => version.lastModified)
  const state = resource.lastModified > date ? "stale" : "current"
  return named === undefined ? { state, sent } : { state, sent, versionIndex: named }
}

const NO_DETAIL: PreconditionDetail = {}

/** No precondition, with no version known yet: also every item read of a collection. */
export const NO_EVENT_PRECONDITION: EventPrecondition = { mechanism: "none", state: "none" }

/**
 * "No precondition" summaries by current version, shared: every read's event keeps one, and the
 * same few values repeat (never mutated, so sharing is safe). Bounded: later versions get their own.
 */
const NONE_BY_VERSION: EventPrecondition[] = []
const SHARED_NONE_VERSIONS = 4096

function noneSummary(currentVersionIndex: number | undefined, exchange: Exchange): EventPrecondition {
  if (!isRead(exchange) && testsEveryChangedMember(exchange.requestBody?.text))
    return currentVersionIndex === undefined
      ? { mechanism: "none", state: "none", contentTested: true }
      : { mechanism: "none", state: "none", currentVersionIndex, contentTested: true }
  if (currentVersionIndex === undefined) return NO_EVENT_PRECONDITION
  if (currentVersionIndex >= SHARED_NONE_VERSIONS)
    return { mechanism: "none", state: "none", currentVersionIndex }
  return (NONE_BY_VERSION[currentVersionIndex] ??= { mechanism: "none", state: "none", currentVersionIndex })
}

/** If-None-Match on a read is cache revalidation (§13.1.2), not a write guard. */
function isRead(exchange: Exchange): boolean {
  return exchange.method === "GET" || exchange.method === "HEAD" || exchange.kind === "not-modified"
}
