/**
 * Learned server policy (DESIGN.md "Policy"): per scope (see policy-scope.ts), what the server
 * was seen to do with preconditions, each trait with the exchanges that show it, and a one-word
 * summary. A user override (options.policyOverrides, by scope or by origin) wins and is marked.
 */
import type { LineageUpdate, ResourceHistory } from "../lineage/resource-history"
import type { Exchange, PolicySummary, PolicyTrait, ServerPolicy } from "../model"
import { classifyAnswer, withdrawnRefusal, type Observation } from "./classify-answer"
import { originOfScope, policyScopeOf } from "./policy-scope"

/** Evidence kept per observation: the first ones (ids may outlive eviction); the rest are counted. */
export const MAX_EVIDENCE = 20

export interface ObservationRecord {
  readonly exchangeIds: readonly number[]
  readonly methods: readonly string[]
  readonly count: number
}

export type ScopeObservations = ReadonlyMap<Observation, ObservationRecord>

const TRAIT_ORDER: readonly PolicyTrait[] = [
  "enforces-412",
  "enforces-409",
  "requires-428",
  "requires-400",
  "accepts-without-precondition",
  "accepts-stale",
  "accepts-blind-overwrite",
  "ignores-if-match-header",
  "body-version",
  "weak-tags",
  "accepts-weak-if-match",
  "unstable-tags",
  "tags-per-user",
  "refuses-current-tag",
  "fails-on-stale",
  "accepts-unknown-tag"
]

/** The headline, most telling first: accepting stale tags outweighs everything else. */
export function summarize(traits: ReadonlySet<Observation>): PolicySummary {
  if (traits.has("accepts-stale")) return "lax"
  if (traits.has("body-version") || traits.has("ignores-if-match-header")) return "body-versioned"
  if (traits.has("enforces-409")) return "conflict-409"
  // Required only where no write without a version passed (Azure Tables requires If-Match for a
  // DELETE, yet a PUT without it upserts).
  const requires = traits.has("requires-428") || traits.has("requires-400")
  if (requires && !traits.has("accepts-without-precondition")) return "required-428"
  if (traits.has("enforces-412")) return "strict"
  if (traits.has("accepts-without-precondition")) return "lax"
  return "unknown"
}

/** What one scope was seen doing, by observation. */
type ScopeRecords = Map<Observation, { exchangeIds: number[]; methods: string[]; count: number }>

export interface PolicyBook {
  /** Record what an exchange shows; returns the scope it belongs to. */
  observe(exchange: Exchange, update: LineageUpdate, history: ResourceHistory | undefined): string
  observations(scope: string): ScopeObservations
  policy(scope: string): ServerPolicy
  /** Scopes where the server was seen doing something telling (or the user set a policy). */
  scopes(): readonly string[]
}

/**
 * Takes one exchange's observation back: out of the count, and out of the evidence when it is among
 * the first MAX_EVIDENCE kept. The caller withdraws an exchange once, and only an observation its
 * answer was counted as (withdrawnRefusal: an If-Match write's 409 or 412).
 */
function withdraw(observations: ScopeRecords, observation: Observation, exchangeId: number): void {
  const record = observations.get(observation)
  if (record === undefined) return
  const at = record.exchangeIds.indexOf(exchangeId)
  if (at >= 0) record.exchangeIds.splice(at, 1)
  record.count--
  if (record.count === 0) observations.delete(observation)
}

export function createPolicyBook(overrides: Readonly<Record<string, PolicySummary>>): PolicyBook {
  const byScope = new Map<string, ScopeRecords>()
  const views = new Map<string, ServerPolicy>()
  /** One entry per resource key, like the lineage book's own resource map: its scope's records. */
  const scopeOfKey = new Map<string, { scope: string; observations: ScopeRecords }>()
  /** Exchanges whose refusal was taken back: a 412 showing its tag, then the read after it, name one write twice. */
  const withdrawnIds = new Set<number>()
  const overrideFor = (scope: string): PolicySummary | undefined =>
    overrides[scope] ?? overrides[originOfScope(scope)]

  function observe(exchange: Exchange, update: LineageUpdate, history: ResourceHistory | undefined): string {
    let scoped = scopeOfKey.get(update.resourceKey)
    if (scoped === undefined) {
      const scope = policyScopeOf(update.resourceKey)
      let records = byScope.get(scope)
      if (records === undefined) {
        records = new Map()
        byScope.set(scope, records)
        views.delete(scope)
      }
      scoped = { scope, observations: records }
      scopeOfKey.set(update.resourceKey, scoped)
    }
    const { scope, observations } = scoped
    const seen = classifyAnswer(exchange, update, history)
    // Indexed: the lists come frozen or fresh, and a for-of over both kinds allocates an iterator.
    for (let position = 0; position < seen.length; position++) {
      const observation = seen[position]
      const record = observations.get(observation) ?? { exchangeIds: [], methods: [], count: 0 }
      record.count++
      if (!record.methods.includes(exchange.method)) record.methods.push(exchange.method)
      if (record.exchangeIds.length < MAX_EVIDENCE) {
        record.exchangeIds.push(exchange.id)
        views.delete(scope)
      }
      observations.set(observation, record)
    }
    const withdrawn = withdrawnRefusal(update)
    if (withdrawn !== undefined && !withdrawnIds.has(withdrawn.exchangeId)) {
      withdrawnIds.add(withdrawn.exchangeId)
      withdraw(observations, withdrawn.observation, withdrawn.exchangeId)
      views.delete(scope)
    }
    return scope
  }

  function policy(scope: string): ServerPolicy {
    const cached = views.get(scope)
    if (cached !== undefined) return cached
    const observations = byScope.get(scope) ?? new Map()
    const traits = TRAIT_ORDER.filter((trait) => observations.has(trait)).map((trait) => ({
      trait,
      evidence: [...(observations.get(trait)?.exchangeIds ?? [])]
    }))
    const override = overrideFor(scope)
    const learned: ServerPolicy = {
      scope,
      summary: override ?? summarize(new Set(observations.keys())),
      traits,
      ...(override !== undefined && { overriddenBy: "user" as const })
    }
    views.set(scope, learned)
    return learned
  }

  return {
    observe,
    observations: (scope) => byScope.get(scope) ?? new Map(),
    policy,
    scopes: () =>
      [...byScope.keys()].filter(
        (scope) => (byScope.get(scope)?.size ?? 0) > 0 || overrideFor(scope) !== undefined
      )
  }
}
