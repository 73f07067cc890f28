/**
 * The engine's findings, kept incrementally. Event findings are computed once per exchange
 * (rules judge an exchange by what came before it) and cached; "once-per-resource" rules keep
 * one finding per resource whose evidence grows. Policy findings are recomputed per scope only
 * when that scope saw something new. Findings may name exchanges already evicted: the finding
 * stays true although its evidence is no longer retained. At most `maxEventFindings` exchanges
 * keep findings; the oldest are dropped beyond that.
 */
import type { LineageUpdate, ResourceHistory } from "../lineage/resource-history"
import type { PolicyBook } from "../policy/learn-policy"
import { isSafeMethod, wireMethodOf } from "../http/methods"
import { NONE, type Exchange, type Finding } from "../model"
import { allRules, runRules } from "./index"
import type { CaptureContext, CaptureRule, EventContext, EventRule, Rule } from "./rule"

const MAX_EVIDENCE_PER_FINDING = 20

export interface FindingBook {
  /** Run the event rules for an exchange just added to the lineage. */
  addEvent(exchange: Exchange, update: LineageUpdate, history: ResourceHistory): void
  /** Run the capture rules for a CORS preflight or a failed request (no lineage event). */
  addCapture(exchange: Exchange): void
  /** A scope saw something new: its policy findings are recomputed on the next `all()`. */
  touchScope(scope: string): void
  all(): readonly Finding[]
}

/** Capture noise kept per URL for the capture rules, and how many URLs keep some. */
const EARLIER_PER_URL = 8
const MAX_URLS_WITH_EARLIER = 256

/** What the capture rules need besides the exchange: its resource key, and the version headers. */
export interface CaptureSetting {
  /** URL → resource key (the lineage's). */
  readonly keyOf: (url: string) => string
  readonly versionHeaders: readonly string[]
}

export function createFindingBook(
  policies: PolicyBook,
  disabledRules: readonly string[],
  maxEventFindings: number,
  capture: CaptureSetting
): FindingBook {
  const eventRules = allRules.filter(
    (rule): rule is EventRule => rule.scope === "event" && !disabledRules.includes(rule.id)
  )
  const captureRules = allRules.filter(
    (rule): rule is CaptureRule => rule.scope === "capture" && !disabledRules.includes(rule.id)
  )
  /** URL → its last preflights and failed writes, oldest first (what `CaptureContext.earlier` shows). */
  const earlierByUrl = new Map<string, Exchange[]>()
  const byExchange = new Map<number, Finding[]>()
  /** once-per-resource findings: rule id → resource key → where it is stored. */
  const firstOccurrence = new Map<string, Map<string, { exchangeId: number; position: number }>>()
  const policyFindings = new Map<string, readonly Finding[]>()
  const dirtyScopes = new Set<string>()
  let cached: readonly Finding[] | undefined
  /** The scope `touchScope` marked last, while still marked dirty. */
  let lastTouchedScope: string | undefined

  function keepOnce(rule: Pick<Rule, "id">, finding: Finding, exchangeId: number, found: Finding[]): void {
    // Nested maps: no `rule key` string to build (and hash) for every finding.
    let byResource = firstOccurrence.get(rule.id)
    if (byResource === undefined) {
      byResource = new Map()
      firstOccurrence.set(rule.id, byResource)
    }
    const resourceKey = finding.resourceKey ?? ""
    const first = byResource.get(resourceKey)
    const stored = first === undefined ? undefined : byExchange.get(first.exchangeId)
    if (first === undefined || stored === undefined) {
      byResource.set(resourceKey, { exchangeId, position: found.length })
      found.push(finding)
      return
    }
    const earlier = stored[first.position]
    if (earlier.exchangeIds.length >= MAX_EVIDENCE_PER_FINDING) return // evidence list full already
    // A later occurrence may share an exchange with the earlier ones (the read two comparisons share).
    const added = finding.exchangeIds.filter((id) => !earlier.exchangeIds.includes(id))
    // In order: a capture rule's later occurrence may name an exchange that arrived before the first's.
    const ids = [...earlier.exchangeIds, ...added].sort((a, b) => a - b).slice(0, MAX_EVIDENCE_PER_FINDING)
    if (ids.length > earlier.exchangeIds.length) stored[first.position] = { ...earlier, exchangeIds: ids }
  }

  /** One rule context, refilled per exchange: rules read it and keep none of it. */
  let eventContext: { -readonly [K in keyof EventContext]: EventContext[K] } | undefined

  function addEvent(exchange: Exchange, update: LineageUpdate, history: ResourceHistory): void {
    const context = (eventContext ??= { scope: "event", exchange, update, history })
    context.exchange = exchange
    context.update = update
    context.history = history
    let found: Finding[] | undefined // most exchanges fire nothing: allocate only when one does
    // Indexed loops: rules answer with frozen or fresh lists, and a for-of over both kinds of
    // list allocates an iterator per exchange.
    for (let ruleIndex = 0; ruleIndex < eventRules.length; ruleIndex++) {
      const rule = eventRules[ruleIndex]
      const fired = rule.check(context)
      if (fired.length === 0) continue
      found ??= []
      for (let position = 0; position < fired.length; position++) {
        const finding = fired[position]
        if (rule.repeat === "each") found.push(finding)
        else keepOnce(rule, finding, exchange.id, found)
      }
    }
    cached = undefined
    if (found !== undefined && found.length > 0) keepFound(exchange.id, found)
  }

  function keepFound(exchangeId: number, found: Finding[]): void {
    byExchange.set(exchangeId, found)
    while (byExchange.size > maxEventFindings) {
      const oldest = byExchange.keys().next().value
      if (oldest === undefined) break
      byExchange.delete(oldest)
    }
  }

  function addCapture(exchange: Exchange): void {
    // A failed read says nothing about preconditions; only preflights and failed writes matter.
    if (captureRules.length === 0) return
    if (exchange.kind !== "preflight" && isSafeMethod(wireMethodOf(exchange))) return
    const earlier = earlierByUrl.get(exchange.url)
    const context: CaptureContext = {
      scope: "capture",
      exchange,
      resourceKey: capture.keyOf(exchange.url),
      earlier: earlier ?? NONE,
      versionHeaders: capture.versionHeaders
    }
    const found: Finding[] = []
    for (const rule of captureRules)
      for (const finding of rule.check(context)) keepOnce(rule, finding, exchange.id, found)
    if (found.length > 0) {
      keepFound(exchange.id, found)
      cached = undefined
    }
    remember(exchange, earlier)
  }

  function remember(exchange: Exchange, earlier: Exchange[] | undefined): void {
    if (earlier === undefined) {
      if (earlierByUrl.size >= MAX_URLS_WITH_EARLIER) {
        const oldest = earlierByUrl.keys().next().value
        if (oldest !== undefined) earlierByUrl.delete(oldest)
      }
      earlierByUrl.set(exchange.url, [exchange])
      return
    }
    earlier.push(exchange)
    if (earlier.length > EARLIER_PER_URL) earlier.shift()
  }

  function all(): readonly Finding[] {
    if (cached !== undefined && dirtyScopes.size === 0) return cached
    for (const scope of dirtyScopes) {
      const context = {
        scope: "policy" as const,
        policy: policies.policy(scope),
        observations: policies.observations(scope)
      }
      // Server-wide findings name their scope: the report and the CI baseline tell them apart by it.
      policyFindings.set(
        scope,
        runRules(context, disabledRules).map((finding) => ({ ...finding, scope }))
      )
    }
    dirtyScopes.clear()
    lastTouchedScope = undefined
    const list: Finding[] = []
    for (const findings of byExchange.values()) list.push(...findings)
    for (const findings of policyFindings.values()) list.push(...findings)
    cached = list
    return cached
  }

  return {
    addEvent,
    addCapture,
    touchScope: (scope) => {
      // Consecutive exchanges mostly share a scope: skip the set look-up for a repeat.
      if (scope === lastTouchedScope) return
      dirtyScopes.add(scope)
      lastTouchedScope = scope
    },
    all
  }
}
