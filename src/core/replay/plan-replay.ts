/**
 * Plans "replay with a chosen precondition" (issue #6): the recorded request, minus the headers the
 * browser controls, with the version the user picked written where the API reads it.
 * Pure: the adapter executes the plan only after the user confirms it.
 */
import { headerValue as joinedFieldValue } from "../http/headers"
import { wireMethodOf } from "../http/methods"
import { parseHttpDate } from "../http/http-date"
import { isDateVersion, isDateVersioned, newestVersionModifiedBy } from "../lineage/date-versions"
import { goneSinceLatestVersion } from "../lineage/shown-gone"
import {
  DEFAULT_ENGINE_OPTIONS,
  type EntityTag,
  type Exchange,
  type PreconditionState,
  type ReplayChoice,
  type ResourceLineage
} from "../model"
import {
  removeVersion,
  takesWeakForm,
  writeVersion,
  type RequestDraft,
  type VersionText
} from "./apply-version"
import { WRITE_CONDITIONS, headerValue, splitSendableHeaders, withoutHeader } from "./headers"
import { parseTagCondition } from "../http/conditional-headers"
import { carrierName, describePrecondition } from "./describe-plan"
import {
  findVersionIndex,
  findVersionNamedByIfMatch,
  headerFormOf,
  readTagLeniently,
  weakFormOf
} from "./tag-text"
import { originOfUrl, pathAndQuery } from "./url-text"
import type { GoneSince, ReplayPlan, ReplayPrecondition, VersionCarrier } from "./types"
import { carriersFor, recordedCarriers, type VersionPlaces } from "./version-carriers"

export interface PlanReplayOptions {
  /** The body as the user edited it; defaults to the recorded body. */
  readonly body?: string
  /** Query parameters that carry a version (CouchDB `?rev=`); EngineOptions.queryVersionParams. */
  readonly queryVersionParams?: readonly string[]
  /** Headers that carry a version (`X-Contentful-Version`); EngineOptions.versionHeaders. */
  readonly versionHeaders?: readonly string[]
  /** Body fields sent as the version the write makes (Confluence); EngineOptions.nextVersionFields. */
  readonly nextVersionFields?: readonly string[]
  /**
   * A body the API sent for the resource (its latest version's): how it writes a version field the
   * recorded body lacks, nested or not, a JSON number or a string. The write's own answer is
   * tried after it.
   */
  readonly representation?: string
}

/** The plan cannot be made from this input (unknown version, empty custom value, bad URL). */
export class ReplayPlanError extends Error {
  override readonly name = "ReplayPlanError"
}

export function planReplay(
  exchange: Exchange,
  lineage: ResourceLineage,
  choice: ReplayChoice,
  options: PlanReplayOptions = {}
): ReplayPlan {
  const origin = originOf(exchange.url)
  const warnings: string[] = []
  const body = options.body ?? exchange.requestBody?.text
  if (options.body === undefined && exchange.requestBody?.skipped) {
    warnings.push(
      `The capture did not keep the request body (${exchange.requestBody.skipped}): edit it before sending.`
    )
  }
  const { sendable, omitted } = splitSendableHeaders(exchange.requestHeaders)
  const places = versionPlaces(options)
  const carriers = carriersFor(exchange, lineage, body, places)
  const recorded = recordedCarriers(exchange, lineage, body, places)
  const start: RequestDraft = { url: exchange.url, headers: sendable, body }
  const current = currentOf(lineage)
  const samples = [options.representation, exchange.responseBody?.text]
  const { draft, precondition } = applyChoice(
    choice,
    exchange,
    lineage,
    start,
    { carriers, recorded, samples },
    current
  )
  const next = precondition.carriers.find((carrier) => carrier.kind === "body-field" && carrier.next)
  if (next?.kind === "body-field" && choice.kind !== "original" && choice.kind !== "none") {
    warnings.push(
      `${next.field} carries the version the write makes: the chosen version plus one is sent, as the API expects.`
    )
  }
  if (precondition.weak && precondition.carriers.some((c) => c.kind === "if-match")) {
    warnings.push(
      "A weak tag in If-Match never matches: servers must use strong comparison (RFC 9110 §13.1.1)."
    )
  }
  return {
    of: exchange.id,
    choice,
    // As recorded on the wire: a method override goes as the POST it was, its header kept.
    method: wireMethodOf(exchange),
    url: draft.url,
    origin,
    headers: draft.headers,
    omittedHeaders: omitted,
    body: draft.body,
    precondition,
    summary: `${exchange.method} ${pathAndQuery(draft.url)} ${describePrecondition(precondition)}`,
    warnings
  }
}

/** Where a chosen version goes, where the recorded one went, and bodies showing the API's field shape. */
interface ChoicePlaces {
  readonly carriers: VersionCarrier[]
  readonly recorded: VersionCarrier[]
  readonly samples: readonly (string | undefined)[]
}

function applyChoice(
  choice: ReplayChoice,
  exchange: Exchange,
  lineage: ResourceLineage,
  start: RequestDraft,
  places: ChoicePlaces,
  current: Current
): { draft: RequestDraft; precondition: ReplayPrecondition } {
  const { carriers, recorded, samples } = places
  const stripped = removeVersion(start, carriers)
  // A server without tags: its versions are Last-Modified dates, sent back in If-Unmodified-Since.
  const dated = isDateVersioned(lineage)
  const judge = (text: string, sentIn: readonly VersionCarrier[]) =>
    dated ? stateOfDate(text, lineage, current) : stateOfText(text, lineage, current, sentIn)
  switch (choice.kind) {
    case "version": {
      const version = lineage.versions.find((v) => v.index === choice.versionIndex)
      if (!version) throw new ReplayPlanError(`${lineage.key} has no version v${choice.versionIndex}.`)
      const text = isDateVersion(version.tag) ? textOfDate(version.tag.tag) : textOfTag(version.tag.tag)
      return {
        draft: writeVersion(stripped, carriers, text, start.body, samples),
        precondition: {
          carriers,
          sent: text.header,
          ...stateOf(version.index, current),
          weak: version.tag.tag.weak
        }
      }
    }
    case "original": {
      // Repeated If-Match lines are one list (RFC 9110 §5.3), all of it sent again.
      const sent =
        joinedFieldValue(exchange.requestHeaders, "If-Match") ??
        exchange.precondition.bodyVersion?.tag.raw ??
        (dated ? headerValue(exchange.requestHeaders, "If-Unmodified-Since") : undefined)
      if (sent === undefined)
        return { draft: start, precondition: { carriers: [], state: "none", weak: false } }
      return {
        draft: start,
        precondition: { carriers: recorded, sent, ...judge(sent, recorded) }
      }
    }
    case "none": {
      // No precondition at all, as the choice says: a recorded If-None-Match or date goes too.
      const headers = WRITE_CONDITIONS.reduce(withoutHeader, stripped.headers)
      return { draft: { ...stripped, headers }, precondition: { carriers: [], state: "none", weak: false } }
    }
    case "star": {
      // `If-Match: *` matches any current representation (RFC 9110 §13.1.1); it has no body form.
      const draft = writeVersion(stripped, [{ kind: "if-match" }], { header: "*", value: "*" })
      return {
        draft,
        precondition: {
          carriers: [{ kind: "if-match" }],
          sent: "*",
          state: "any",
          weak: false,
          currentVersionIndex: current.versionIndex
        }
      }
    }
    case "weak": {
      if (dated) throw new ReplayPlanError(`${lineage.key} is versioned by dates: a date has no weak form.`)
      const base = baseTagForWeak(exchange, lineage)
      if (!base) throw new ReplayPlanError(`${lineage.key} has no tag to weaken.`)
      const weak = weakFormOf(base)
      refuseWeakWhereBare(weak, carriers, start.body, samples)
      const precondition = {
        carriers,
        sent: weak,
        ...stateOfText(weak, lineage, current, carriers),
        weak: true
      }
      return {
        draft: writeVersion(stripped, carriers, { header: weak, value: weak }, start.body, samples),
        precondition
      }
    }
    case "custom": {
      const value = choice.value.trim()
      if (value === "")
        throw new ReplayPlanError(
          dated
            ? "Type a date to send, e.g. Thu, 01 Jan 2026 00:01:00 GMT."
            : 'Type a tag to send, e.g. "abc" or W/"abc".'
        )
      refuseListOutsideIfMatch(value, carriers)
      refuseWeakWhereBare(value, carriers, start.body, samples)
      const precondition = { carriers, sent: value, ...judge(value, carriers) }
      return {
        draft: writeVersion(stripped, carriers, { header: value, value }, start.body, samples),
        precondition
      }
    }
  }
}

/**
 * `W/` marks a weak tag in If-Match (RFC 9110 §8.8.3); a field, parameter or header holding the
 * bare version would send it as the strong one, while the plan said "weak form".
 */
function refuseWeakWhereBare(
  text: string,
  carriers: readonly VersionCarrier[],
  body: string | undefined,
  samples: readonly (string | undefined)[]
): void {
  if (carriers.length === 0 || !readTagLeniently(text).weak) return
  if (takesWeakForm(carriers, body, samples)) return
  const where = carriers.map(carrierName).join(" and ")
  throw new ReplayPlanError(
    `${where} holds the bare version, which has no weak form: W/ would be dropped and the strong ` +
      "version sent. A weak tag is an If-Match test (RFC 9110 §13.1.1)."
  )
}

/**
 * Only If-Match takes a list of tags or `*` (RFC 9110 §13.1.1); a body field, query parameter or
 * version header holds one version, and would get the list as one odd value.
 */
function refuseListOutsideIfMatch(value: string, carriers: readonly VersionCarrier[]): void {
  const single = carriers.filter(
    (carrier) => carrier.kind !== "if-match" && carrier.kind !== "if-unmodified-since"
  )
  if (single.length === 0) return
  const condition = parseTagCondition(value)
  const where = single.map(carrierName).join(" and ")
  if (condition?.kind === "any")
    throw new ReplayPlanError(`${where} holds one version, not *: choose "If-Match: *" instead.`)
  if (condition?.kind === "tags" && condition.tags.length > 1)
    throw new ReplayPlanError(`${where} holds one version, not a list: type one tag.`)
}

/** Header form everywhere; a body field written bare by the API (`_rev`) gets the bare opaque tag. */
function textOfTag(tag: EntityTag): VersionText {
  return { header: headerFormOf(tag), value: headerFormOf(tag) }
}

/** A date version is sent as its IMF-fixdate (RFC 9110 §5.6.7), whatever form the server wrote. */
function textOfDate(tag: EntityTag): VersionText {
  return { header: tag.opaque, value: tag.opaque }
}

/**
 * Which version an If-Unmodified-Since date names, as the server would judge it (§13.1.4): the
 * newest one modified by then; stale when a later one exists, unknown for an invalid date or one
 * before every version the capture showed.
 */
function stateOfDate(text: string, lineage: ResourceLineage, current: Current) {
  const date = parseHttpDate(text)
  const named =
    date === undefined
      ? undefined
      : newestVersionModifiedBy(lineage.versions, date, (version) => parseHttpDate(version.tag.tag.opaque))
  return { ...stateOf(named, current), weak: false }
}

/** The latest version the lineage shows, and what showed the resource gone since, if anything did. */
interface Current {
  /** Indexes may have gaps after compaction: the last version's, not the count. */
  readonly versionIndex: number | undefined
  readonly goneSince: GoneSince | undefined
}

function currentOf(lineage: ResourceLineage): Current {
  const gone = goneSinceLatestVersion(lineage.events)
  return {
    versionIndex: lineage.versions.at(-1)?.index,
    goneSince: gone && { exchangeId: gone.exchangeId, method: gone.method, status: gone.status }
  }
}

/** A version of a resource shown gone since is stale like an older one (lineage/version-match.ts). */
function stateOf(versionIndex: number | undefined, current: Current) {
  const currentVersionIndex = current.versionIndex
  if (versionIndex === undefined || currentVersionIndex === undefined)
    return { state: "unknown" as PreconditionState, versionIndex, currentVersionIndex }
  if (current.goneSince !== undefined)
    return {
      state: "stale" as PreconditionState,
      versionIndex,
      currentVersionIndex,
      goneSince: current.goneSince
    }
  const state: PreconditionState = versionIndex < currentVersionIndex ? "stale" : "current"
  return { state, versionIndex, currentVersionIndex }
}

/**
 * Which version a tag text names. Sent in If-Match it is a field value, maybe a list (§13.1.1);
 * a body field or query parameter holds one version, read leniently (a bare CouchDB `_rev`).
 */
function stateOfText(
  text: string,
  lineage: ResourceLineage,
  current: Current,
  carriers: readonly VersionCarrier[]
) {
  if (text.trim() === "*")
    return { state: "any" as const, weak: false, currentVersionIndex: current.versionIndex }
  if (carriers.some((carrier) => carrier.kind === "if-match")) {
    const { versionIndex, weak } = findVersionNamedByIfMatch(text, lineage)
    return { ...stateOf(versionIndex, current), weak }
  }
  return { ...stateOf(findVersionIndex(text, lineage), current), weak: readTagLeniently(text).weak }
}

/** The tag the original request sent, else the latest version's. */
function baseTagForWeak(exchange: Exchange, lineage: ResourceLineage): EntityTag | undefined {
  const ifMatch = exchange.precondition.ifMatch
  if (ifMatch?.kind === "tags" && ifMatch.tags.length > 0) return ifMatch.tags[0]
  if (exchange.precondition.bodyVersion) return exchange.precondition.bodyVersion.tag
  return lineage.versions.at(-1)?.tag.tag
}

/** The configured version places, with the engine's defaults for those not given. */
export function versionPlaces(options: PlanReplayOptions): VersionPlaces {
  return {
    queryVersionParams: options.queryVersionParams ?? DEFAULT_ENGINE_OPTIONS.queryVersionParams,
    versionHeaders: options.versionHeaders ?? DEFAULT_ENGINE_OPTIONS.versionHeaders,
    nextVersionFields: options.nextVersionFields ?? DEFAULT_ENGINE_OPTIONS.nextVersionFields
  }
}

function originOf(url: string): string {
  const origin = originOfUrl(url)
  if (origin === undefined)
    throw new ReplayPlanError(`Cannot replay: the recorded URL is not absolute (${url}).`)
  return origin
}
