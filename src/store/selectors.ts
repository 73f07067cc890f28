/**
 * Derived views of the store, memoized on the snapshot parts they read
 * (the engine shares unchanged parts between snapshots, so identity checks are enough).
 */
import type { RenewedSessions } from "../core/lineage/session-renewals"
import type { EngineSnapshot } from "../core/engine"
import { exchangeById } from "../core/exchange-by-id"
import { isContextEvidence } from "../core/findings/finding-evidence"
import { groupBy } from "../core/report/group-by"
import {
  exchangeUserKey,
  exchangeUserDirectory,
  resourceUsers,
  type UserDirectory,
  type UserLabels
} from "../core/lineage/resource-users"
import { countRpcCalls } from "../core/traffic/rpc-call"
import {
  SEVERITY_RANK,
  type EntityTag,
  type Exchange,
  type Finding,
  type LineageEvent,
  type ResourceLineage,
  type Severity
} from "../core/model"
import {
  matchesDomain,
  matchesQuery,
  matchesStatusCode,
  matchesTag,
  matchesWord,
  parseFilterQuery,
  userFilterValue,
  type FilterTerm,
  type TermMatcher
} from "./filter-query"
import { captureUserLabels } from "./capture-users"
import type { PanelState, StatusClass, TrafficFilter } from "./panel-state"

/** A finding's identity: rule + the exchanges that prove it. */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}:${finding.exchangeIds.join(",")}`
}

function memoizeByIdentity<Key extends object, Value>(compute: (key: Key) => Value): (key: Key) => Value {
  const cache = new WeakMap<Key, Value>()
  return (key) => {
    let value = cache.get(key)
    if (value === undefined) {
      value = compute(key)
      cache.set(key, value)
    }
    return value
  }
}

/** Where an exchange stands in the lineage. */
export interface ExchangeLineage {
  /** Key of the resource whose lineage it belongs to: for a list read, the list's. */
  readonly key: string
  /** Its event in that resource's lineage. */
  readonly event: LineageEvent
}

/**
 * A resource's entries, made once per resource object: the engine shares an unchanged resource
 * between snapshots, so an index rebuilt after an exchange reuses every other resource's entries,
 * and a row whose resource did not change selects the same entry and does not re-render.
 * Reads of a resource as an item of a list read are not the list read's place (the list is).
 */
const resourceEntries = memoizeByIdentity((resource: ResourceLineage): readonly ExchangeLineage[] => {
  const entries: ExchangeLineage[] = []
  for (const event of resource.events) if (!event.listItem) entries.push({ key: resource.key, event })
  return entries
})

const lineageIndex = memoizeByIdentity((resources: EngineSnapshot["resources"]) => {
  const index = new Map<number, ExchangeLineage>()
  for (const resource of resources)
    for (const entry of resourceEntries(resource)) index.set(entry.event.exchangeId, entry)
  return index
})

/** exchange id → its place in the lineage (absent for exchanges no lineage holds: noise, failures). */
export function lineageByExchange(snapshot: EngineSnapshot): ReadonlyMap<number, ExchangeLineage> {
  return lineageIndex(snapshot.resources)
}

const findingIndex = memoizeByIdentity((findings: EngineSnapshot["findings"]) => {
  const index = new Map<number, Finding[]>()
  for (const finding of findings)
    for (const id of finding.exchangeIds) {
      const list = index.get(id)
      if (list) list.push(finding)
      else index.set(id, [finding])
    }
  return index
})

/** exchange id → findings it proves. */
export function findingsByExchange(snapshot: EngineSnapshot): ReadonlyMap<number, readonly Finding[]> {
  return findingIndex(snapshot.findings)
}

export function statusClass(status: number): StatusClass {
  if (status >= 200 && status < 300) return "2xx"
  if (status >= 300 && status < 400) return "3xx"
  if (status >= 400 && status < 500) return "4xx"
  if (status >= 500) return "5xx"
  return "failed"
}

export function hasTagInfo(exchange: Exchange): boolean {
  const { precondition } = exchange
  return (
    exchange.responseTags.length > 0 ||
    precondition.ifMatch !== undefined ||
    precondition.ifNoneMatch !== undefined ||
    precondition.bodyVersion !== undefined
  )
}

function hasWhat(exchange: Exchange, what: string, findings: readonly Finding[] | undefined): boolean {
  const { precondition } = exchange
  if (what === "if-match") return precondition.ifMatch !== undefined
  if (what === "if-none-match") return precondition.ifNoneMatch !== undefined
  if (what === "etag") return exchange.responseTags.length > 0
  if (what === "version") return precondition.bodyVersion !== undefined
  if (what === "finding") return findings !== undefined && findings.length > 0
  return false // an unknown `has:` matches nothing, as in DevTools
}

/** `tag:` — a tag the exchange received, or sent as its precondition. */
function carriesTag(exchange: Exchange, value: string): boolean {
  const has = (tag: EntityTag) => matchesTag(tag.opaque, value)
  const { ifMatch, ifNoneMatch, bodyVersion } = exchange.precondition
  return (
    exchange.responseTags.some((observed) => has(observed.tag)) ||
    (ifMatch?.kind === "tags" && ifMatch.tags.some(has)) ||
    (ifNoneMatch?.kind === "tags" && ifNoneMatch.tags.some(has)) ||
    (bodyVersion !== undefined && has(bodyVersion.tag))
  )
}

/** `user:` — the label of the user the exchange's `Authorization` (or session cookie) names. */
function sentByUser(
  exchange: Exchange,
  value: string,
  users: UserDirectory,
  renewed: RenewedSessions
): boolean {
  const label = userLabelOf(exchange, users.labels(), renewed)
  return label !== undefined && userFilterValue(label) === value
}

/** The label of the user the exchange's request names, if it names one (a renewed session: its first). */
function userLabelOf(exchange: Exchange, labels: UserLabels, renewed: RenewedSessions): string | undefined {
  const key = exchangeUserKey(exchange, renewed)
  return key === undefined ? undefined : labels.get(key)
}

function exchangeMatcher(snapshot: EngineSnapshot): TermMatcher<Exchange> {
  const byExchange = findingsByExchange(snapshot)
  const users = selectUserDirectory(snapshot)
  return (exchange, term) => {
    const { value } = term
    switch (term.key) {
      case undefined:
        return matchesWord(`${methodsOf(exchange)} ${exchange.url} ${exchange.status}`, term)
      case "method":
        return sentOrJudgedAs(exchange, (method) => method.toLowerCase() === value)
      case "status-code":
        return matchesStatusCode(exchange.status, value)
      case "domain":
        return matchesDomain(exchange.url, value)
      case "rule":
        return byExchange.get(exchange.id)?.some((finding) => finding.ruleId.startsWith(value)) ?? false
      case "has":
        return hasWhat(exchange, value, byExchange.get(exchange.id))
      case "tag":
        return carriesTag(exchange, value)
      case "user":
        return sentByUser(exchange, value, users, snapshot.renewedSessions)
    }
  }
}

function matches(
  exchange: Exchange,
  filter: TrafficFilter,
  terms: readonly FilterTerm[],
  matchTerm: TermMatcher<Exchange>
): boolean {
  // RPC calls (GraphQL, …) are API traffic too, though about no resource: shown by default. A
  // `rule:` filter shows the rule's evidence even when that is noise (a preflight that refused If-Match).
  const noise = exchange.kind !== "api" && exchange.kind !== "rpc"
  if (noise && !filter.showNoise && !asksForRuleEvidence(terms)) return false
  if (filter.methods.length > 0 && !sentOrJudgedAs(exchange, (method) => filter.methods.includes(method)))
    return false
  if (filter.statuses.length > 0 && !filter.statuses.includes(statusClass(exchange.status))) return false
  if (filter.onlyWithTags && !hasTagInfo(exchange)) return false
  return matchesQuery(exchange, terms, matchTerm)
}

/** "QUERY POST" for a query sent as a POST (`sentMethod`), else the method alone. */
function methodsOf(exchange: Exchange): string {
  return exchange.sentMethod === undefined ? exchange.method : `${exchange.method} ${exchange.sentMethod}`
}

/** Whether the method it was judged as (MERGE, QUERY) or the one it was sent as (POST) is `wanted`. */
function sentOrJudgedAs(exchange: Exchange, wanted: (method: string) => boolean): boolean {
  return wanted(exchange.method) || (exchange.sentMethod !== undefined && wanted(exchange.sentMethod))
}

function asksForRuleEvidence(terms: readonly FilterTerm[]): boolean {
  return terms.some((term) => term.key === "rule" && !term.negated)
}

/** Calls to an RPC endpoint per exchanges array (the status bar counts them on every update). */
const rpcCallCounts = new WeakMap<readonly Exchange[], number>()

/** How many retained exchanges are calls to an RPC endpoint (GraphQL, …, an OData batch). */
export function selectRpcCallCount(state: Pick<PanelState, "snapshot">): number {
  const { exchanges } = state.snapshot
  let count = rpcCallCounts.get(exchanges)
  if (count === undefined) {
    count = countRpcCalls(exchanges)
    rpcCallCounts.set(exchanges, count)
  }
  return count
}

/** Last filter result per exchanges array (a WeakMap, so no store keeps another's rows alive). */
const filteredRows = new WeakMap<
  readonly Exchange[],
  { filter: TrafficFilter; findings: readonly Finding[]; rows: readonly Exchange[] }
>()

/** The Traffic table's rows. */
export function selectFilteredExchanges(state: Pick<PanelState, "snapshot" | "filter">): readonly Exchange[] {
  const { exchanges, findings } = state.snapshot
  const cached = filteredRows.get(exchanges)
  if (cached && cached.filter === state.filter && cached.findings === findings) return cached.rows
  const terms = parseFilterQuery(state.filter.text)
  const matchTerm = exchangeMatcher(state.snapshot)
  const rows = exchanges.filter((exchange) => matches(exchange, state.filter, terms, matchTerm))
  filteredRows.set(exchanges, { filter: state.filter, findings, rows })
  return rows
}

export type SeverityCounts = Readonly<Record<Severity, number>>

const severityCounts = memoizeByIdentity((findings: EngineSnapshot["findings"]): SeverityCounts => {
  const counts = { error: 0, warning: 0, info: 0 }
  for (const finding of findings) counts[finding.severity] += 1
  return counts
})

export function selectSeverityCounts(state: Pick<PanelState, "snapshot">): SeverityCounts {
  return severityCounts(state.snapshot.findings)
}

export function selectExchange(
  state: Pick<PanelState, "snapshot">,
  id: number | undefined
): Exchange | undefined {
  return id === undefined ? undefined : exchangeById(state.snapshot.exchanges, id)
}

/**
 * Who sent which exchange of a snapshot, once per snapshot; the labels are the capture's so far
 * (capture-users.ts: read incrementally, a user keeps their letter after eviction).
 */
export const selectUserDirectory = memoizeByIdentity((snapshot: EngineSnapshot): UserDirectory => {
  const { userKeyOf } = exchangeUserDirectory(snapshot.exchanges, snapshot.renewedSessions)
  return { userKeyOf, labels: () => captureUserLabels(snapshot.exchanges, snapshot.renewedSessions) }
})

/**
 * The label of the user who sent the exchange (`alice`, `user A`) where the capture's requests name
 * two or more users; undefined otherwise (there is nobody to tell apart). The Traffic table's User
 * column, which shows only then.
 */
export function selectExchangeUser(snapshot: EngineSnapshot, exchange: Exchange): string | undefined {
  const labels = selectUserDirectory(snapshot).labels()
  return labels.size < 2 ? undefined : userLabelOf(exchange, labels, snapshot.renewedSessions)
}

/** Whether the capture's requests name two or more users (the Traffic table's User column shows). */
export function selectCaptureHasUsers(snapshot: EngineSnapshot): boolean {
  return selectUserDirectory(snapshot).labels().size >= 2
}

/** Last users per resource object, with the snapshot they were read from (views ask on every update). */
const usersByResource = new WeakMap<
  ResourceLineage,
  { snapshot: EngineSnapshot; users: ReadonlyMap<number, string> | undefined }
>()

/**
 * Exchange id → the user who sent it (`alice`, `user A`), for a resource two or more users read or
 * wrote; undefined otherwise. The same answer object for the same snapshot, so a view may select it.
 */
export function selectResourceUsers(
  state: Pick<PanelState, "snapshot">,
  resource: ResourceLineage
): ReadonlyMap<number, string> | undefined {
  const cached = usersByResource.get(resource)
  if (cached?.snapshot === state.snapshot) return cached.users
  const users = resourceUsers(resource, selectUserDirectory(state.snapshot))
  usersByResource.set(resource, { snapshot: state.snapshot, users })
  return users
}

/** Resources by key, once per resources list. */
const resourcesByKey = memoizeByIdentity(
  (resources: readonly ResourceLineage[]) => new Map(resources.map((resource) => [resource.key, resource]))
)

/** The resource with this key in the snapshot, if the engine keeps one. */
export function selectResourceByKey(
  state: Pick<PanelState, "snapshot">,
  key: string | undefined
): ResourceLineage | undefined {
  return key === undefined ? undefined : resourcesByKey(state.snapshot.resources).get(key)
}

/**
 * The items the filter query keeps, computed once per list, text and findings: one slot per list (a
 * WeakMap, so no store keeps another's lists alive).
 */
function filteredBy<Item>(
  cache: WeakMap<readonly Item[], { text: string; findings: readonly Finding[]; items: readonly Item[] }>,
  items: readonly Item[],
  state: Pick<PanelState, "snapshot" | "filter">,
  matchTerm: TermMatcher<Item>
): readonly Item[] {
  const { text } = state.filter
  const { findings } = state.snapshot
  const cached = cache.get(items)
  if (cached && cached.text === text && cached.findings === findings) return cached.items
  const terms = parseFilterQuery(text)
  const kept = terms.length === 0 ? items : items.filter((item) => matchesQuery(item, terms, matchTerm))
  cache.set(items, { text, findings, items: kept })
  return kept
}

/** resource key → the rule ids of the findings about it. */
const rulesByResource = memoizeByIdentity((findings: EngineSnapshot["findings"]) => {
  const index = new Map<string, string[]>()
  for (const finding of findings) {
    if (finding.resourceKey === undefined) continue
    const rules = index.get(finding.resourceKey)
    if (rules) rules.push(finding.ruleId)
    else index.set(finding.resourceKey, [finding.ruleId])
  }
  return index
})

/**
 * The resources the Resources view lists: those with a version (a tag was seen) or a write. A URL
 * only ever read without a tag (a config or a list endpoint) has no concurrency story to tell; it
 * stays in the engine's model and the reports, and its lineage shows when one of its exchanges is
 * selected.
 */
export const selectListedResources = memoizeByIdentity((resources: readonly ResourceLineage[]) =>
  resources.filter(
    (resource) => resource.versions.length > 0 || resource.events.some((event) => event.role !== "read")
  )
)

const filteredResources = new WeakMap<
  readonly ResourceLineage[],
  { text: string; findings: readonly Finding[]; items: readonly ResourceLineage[] }
>()

/**
 * The Resources view's rows: words in the resource's URL or one of its aliases; `domain:`; `rule:`
 * for a resource a finding of that rule is about.
 */
export function selectFilteredResources(state: Pick<PanelState, "snapshot" | "filter">) {
  const rules = rulesByResource(state.snapshot.findings)
  return filteredBy(
    filteredResources,
    selectListedResources(state.snapshot.resources),
    state,
    (resource, term) => {
      const { key, value } = term
      if (key === undefined)
        // A line each: the filter box cannot hold a line break, so no match spans two URLs.
        return matchesWord([resource.key, ...resource.aliases].join("\n"), term)
      if (key === "domain") return matchesDomain(resource.key, value)
      if (key === "rule") return rules.get(resource.key)?.some((ruleId) => ruleId.startsWith(value)) ?? false
      if (key === "tag") return resource.versions.some((version) => matchesTag(version.tag.tag.opaque, value))
      return undefined
    }
  )
}

const filteredFindings = new WeakMap<
  readonly Finding[],
  { text: string; findings: readonly Finding[]; items: readonly Finding[] }
>()

/** The Findings view's findings: words in the rule id, the message or the resource; `rule:`, `domain:`. */
export function selectFilteredFindings(state: Pick<PanelState, "snapshot" | "filter">) {
  return filteredBy(filteredFindings, state.snapshot.findings, state, (finding, term) => {
    const { key, value } = term
    if (key === undefined)
      return matchesWord(`${finding.ruleId} ${finding.message} ${finding.resourceKey ?? ""}`, term)
    if (key === "rule") return finding.ruleId.startsWith(value)
    if (key === "domain") return matchesDomain(finding.resourceKey ?? finding.scope ?? "", value)
    return undefined
  })
}

/**
 * The writes lost-update findings blame (not the overwritten change they name for context), each
 * with that change's exchange, if the finding names one: the stale writes, and those that sent no
 * version over another user's change their user had not read. Per findings list, which the engine
 * keeps while no finding changes, so views that read it do not render again on every exchange.
 */
export type LostUpdateWrites = ReadonlyMap<number, number | undefined>

export const selectLostUpdateWrites = memoizeByIdentity(
  (findings: EngineSnapshot["findings"]): LostUpdateWrites => {
    const writes = new Map<number, number | undefined>()
    for (const finding of findings) {
      if (finding.ruleId !== "lost-update") continue
      const change = finding.contextExchangeIds?.[0]
      for (const id of finding.exchangeIds) if (!isContextEvidence(finding, id)) writes.set(id, change)
    }
    return writes
  }
)

/** Findings grouped by rule, in first-seen order. */
export const selectFindingGroups = memoizeByIdentity((findings: EngineSnapshot["findings"]) => {
  const groups = groupBy(findings, (finding) => finding.ruleId)
  // Errors first, as in the CLI's reports; rules of one severity in the order they first fired.
  return [...groups]
    .map(([ruleId, items]) => ({ ruleId, findings: items as readonly Finding[] }))
    .sort((a, b) => SEVERITY_RANK[a.findings[0].severity] - SEVERITY_RANK[b.findings[0].severity])
})

/** Replay targets by scope, per resources array: a view's selector asks on every store update. */
const replayTargets = memoizeByIdentity(
  (_resources: EngineSnapshot["resources"]) => new Map<string, number | undefined>()
)

/**
 * The write to replay with an older tag to learn what a server does with one: the latest write
 * the user's traffic sent under `scope` (a policy's origin and path prefix) to a resource the
 * traffic showed two versions of, so an older tag exists; else the latest write there.
 */
export function replayTargetIn(snapshot: EngineSnapshot, scope: string): number | undefined {
  const known = replayTargets(snapshot.resources)
  if (!known.has(scope)) known.set(scope, findReplayTarget(snapshot.resources, scope))
  return known.get(scope)
}

function findReplayTarget(resources: EngineSnapshot["resources"], scope: string): number | undefined {
  let withOlderVersion: number | undefined
  let any: number | undefined
  for (const resource of resources) {
    if (resource.key !== scope && !resource.key.startsWith(`${scope}/`)) continue
    for (const event of resource.events) {
      if (event.role !== "write" && event.role !== "delete") continue
      if (any === undefined || event.exchangeId > any) any = event.exchangeId
      const older = resource.versions.length >= 2
      if (older && (withOlderVersion === undefined || event.exchangeId > withOlderVersion))
        withOlderVersion = event.exchangeId
    }
  }
  return withOlderVersion ?? any
}
