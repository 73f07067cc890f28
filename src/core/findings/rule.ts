/**
 * A finding rule: one concern, one file under rules/, registered in index.ts.
 * Event rules look at one exchange in its resource's history as it stood right after the
 * exchange (arrival order), so their findings never change later and are cached per exchange.
 * Policy rules look at everything a scope's server was seen to do, and are re-run when it changes.
 */
import type { LineageUpdate, ResourceHistory, UnseenChange } from "../lineage/resource-history"
import type { ObservationRecord, ScopeObservations } from "../policy/learn-policy"
import { crossOriginCaller } from "../traffic/cross-origin"
import {
  NONE,
  type Exchange,
  type Finding,
  type LineageEvent,
  type ServerPolicy,
  type Severity
} from "../model"
import { plural } from "../plural"

export interface RfcReference {
  /** e.g. "RFC 9110 §13.1.1" */
  readonly section: string
  readonly title: string
  readonly url: string
}

export interface EventContext {
  readonly scope: "event"
  readonly exchange: Exchange
  readonly update: LineageUpdate
  /** The resource right after this exchange was added. */
  readonly history: ResourceHistory
}

export interface PolicyContext {
  readonly scope: "policy"
  readonly policy: ServerPolicy
  readonly observations: ScopeObservations
}

/**
 * Capture noise the lineage leaves out (CORS preflights, failed requests) tells how the browser
 * treated the page's requests: a preflight that did not allow If-Match, and the write it stopped.
 */
export interface CaptureContext {
  readonly scope: "capture"
  /** A CORS preflight or a failed request. */
  readonly exchange: Exchange
  /** The resource its URL names (it has no lineage event). */
  readonly resourceKey: string
  /** The last few preflights and failed requests to the same URL before it, oldest first. */
  readonly earlier: readonly Exchange[]
  /** Request headers besides RFC 9110's conditional ones that carry a version (engine options). */
  readonly versionHeaders: readonly string[]
}

export type RuleContext = EventContext | PolicyContext | CaptureContext

interface RuleBase {
  /** Stable kebab-case id, used by the UI, the CLI, docs/findings.md and settings. */
  readonly id: string
  readonly severity: Severity
  readonly title: string
  /** What happened and why it matters, in plain words. */
  readonly explanation: string
  readonly fix: { readonly client: string; readonly server: string }
  readonly rfc: RfcReference
}

export interface EventRule extends RuleBase {
  readonly scope: "event"
  /**
   * "each": every occurrence is its own finding (lost updates, unguarded writes).
   * "once-per-resource": the first occurrence is the finding; later ones add evidence.
   */
  readonly repeat: "each" | "once-per-resource"
  check(context: EventContext): readonly Finding[]
}

export interface PolicyRule extends RuleBase {
  readonly scope: "policy"
  check(context: PolicyContext): readonly Finding[]
}

export interface CaptureRule extends RuleBase {
  readonly scope: "capture"
  /** The first occurrence per resource is the finding; later ones add evidence. */
  readonly repeat: "once-per-resource"
  check(context: CaptureContext): readonly Finding[]
}

export type Rule = EventRule | PolicyRule | CaptureRule

/** What the panel and the CLI show of a rule: its metadata without the check. */
export type RuleInfo = Pick<Rule, "id" | "severity" | "title" | "explanation" | "fix" | "rfc">

/** What a rule returns when it does not fire: one shared frozen list (rules run for every exchange). */
export const NO_FINDINGS: readonly Finding[] = NONE

export function rfc9110(section: string, title: string): RfcReference {
  return {
    section: `RFC 9110 §${section}`,
    title,
    url: `https://www.rfc-editor.org/rfc/rfc9110#section-${section}`
  }
}

/** "3 writes (#4, #7, #9)" — evidence count in words, for policy findings. */
export function countedEvidence(record: ObservationRecord, noun: string): string {
  const ids = record.exchangeIds.slice(0, 3).map((id) => `#${id}`)
  const more = record.count > ids.length ? ", …" : ""
  return `${plural(record.count, noun)} (${ids.join(", ")}${more})`
}

/**
 * `record` less the exchanges `excluded` also counted (each exchange counted once per observation),
 * or undefined when none is left: a trait's evidence without the cases a rule must not report.
 */
export function evidenceExcept(
  record: ObservationRecord | undefined,
  excluded: ObservationRecord | undefined
): ObservationRecord | undefined {
  if (record === undefined || excluded === undefined) return record
  const count = record.count - excluded.count
  if (count <= 0) return undefined
  const exchangeIds = record.exchangeIds.filter((id) => !excluded.exchangeIds.includes(id))
  return { ...record, count, exchangeIds }
}

/**
 * A stale precondition in words: the version it named (`v1`, or the text sent when no version is
 * known) and the one current then (`v3`, or "a newer write" when a write without a tag replaced it).
 */
export function staleBasis(precondition: LineageEvent["precondition"]): { named: string; current: string } {
  const { versionIndex, currentVersionIndex, sent } = precondition
  return {
    named: versionIndex === undefined ? String(sent) : `v${versionIndex}`,
    current: currentVersionIndex === versionIndex ? "a newer write" : `v${currentVersionIndex}`
  }
}

/**
 * "although v3 was known": the version the client could have named. With two users, not when the
 * current state is another user's change this one had not read (lost-update reports that write),
 * nor when only other users' requests had shown it (`unseenBySender`, lineage/shown-to.ts).
 */
export function knownVersionText(
  current: number | undefined,
  unseenChange: UnseenChange | undefined,
  hiddenFrom?: string,
  unseenBySender = false
): string {
  if (unseenChange !== undefined) {
    const { versionIndex, exchangeId } = unseenChange
    return versionIndex === undefined
      ? ` (another user's change, #${exchangeId}, was current)`
      : ` (v${versionIndex}, another user's change, was current)`
  }
  if (current === undefined) return ""
  if (hiddenFrom !== undefined)
    return ` (v${current} was current, but no answer let ${hiddenFrom} read its ETag)`
  return unseenBySender
    ? ` (v${current} was current, but none of its user's requests had shown it)`
    : ` although v${current} was known`
}

/**
 * The cross-origin page that could not have read the resource's tag: the tag was only ever in the
 * `ETag` header, and no answer before this exchange listed it in Access-Control-Expose-Headers for
 * that page (a browser hides it then; the exchange's own answer comes too late for its request).
 * Undefined for a same-origin write, a body version, or a page that was shown ETag.
 */
export function etagHiddenFrom(exchange: Exchange, history: ResourceHistory): string | undefined {
  if (history.tagSources.length === 0 || history.tagSources.some((source) => source !== "header"))
    return undefined
  const caller = crossOriginCaller(exchange)
  if (caller === undefined) return undefined
  const exposed = history.etagExposedTo?.some(
    (exposure) => exposure.caller === caller && exposure.since < exchange.id
  )
  return exposed === true ? undefined : caller
}

/** The exchange counts as evidence only if it is API traffic the user (not a replay) sent. */
export function isClientApiTraffic(exchange: Exchange): boolean {
  return exchange.kind === "api" && exchange.origin !== "replay"
}

export { isSuccess } from "../http/status"
