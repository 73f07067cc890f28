/**
 * A baseline: the findings a team already knows about, so CI fails only on new ones.
 *
 * A finding is known when its rule id and its *endpoint* are in the baseline. The endpoint is the
 * finding's resource (or, for a server-wide finding, its policy scope) with what changes from run to
 * run taken out: ids in the path (`/todos/17` → `/todos/{id}`), query values, and the port of a
 * loopback host (test servers often pick one at random). So "PUT /todos/{id} without If-Match" stays
 * known however many todos the next capture touches, and a new endpoint or rule still fails.
 * Counts are not kept: they follow how much traffic a capture has, not how the API behaves.
 *
 * Slugs (`/posts/my-first-post`) cannot be told from names, so they are kept as they are. A user
 * covers them by hand: any `{name}` in an entry's endpoint other than the `{id}` and `{v}` this file
 * writes (say `{slug}`) matches any text within one path segment or query value.
 */

import type { Finding } from "../model"

export const BASELINE_FORMAT = 1

export interface BaselineEntry {
  readonly ruleId: string
  readonly endpoint: string
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[]
}

/** The baseline file's JSON: sorted and without counts, so rewriting an unchanged one changes nothing. */
export interface BaselineFile {
  readonly etagAuditBaseline: typeof BASELINE_FORMAT
  readonly note: string
  readonly entries: readonly BaselineEntry[]
}

export class BaselineFormatError extends Error {}

/** What makes a finding recognisable across captures: its rule, and its resource or else its scope. */
export type FingerprintSource = Pick<Finding, "ruleId" | "resourceKey" | "scope">

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/
const ID_SEGMENT = [
  /^\d+$/, // 17
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUID
  /^[0-9a-f]{12,}$/i, // hashes, MongoDB ObjectIds
  /^(?=[^/]*\d)[A-Za-z0-9_-]{16,}$/ // ULIDs, nanoids, cuids: long tokens with a digit
]
/** OData keys: `Docs('a1')`, `Docs(42)`, `Docs(ID=7,Rev='x')`. */
const ODATA_KEY = /^([^()]+)\(.*\)$/

function isIdSegment(segment: string): boolean {
  return ID_SEGMENT.some((pattern) => pattern.test(segment))
}

function templateSegment(segment: string): string {
  const odata = ODATA_KEY.exec(segment)
  if (odata) return `${odata[1]}({id})`
  return isIdSegment(segment) ? "{id}" : segment
}

/**
 * `http://localhost:5173/api/todos/17?tenant=a` → `http://localhost/api/todos/{id}?tenant={v}`.
 * Takes a resource key or a policy scope (both are normalized URLs); other text is returned as is.
 */
export function endpointOf(target: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(target)
  if (!match) return target
  const [, scheme, authority, path, query] = match
  const portAt = authority.lastIndexOf(":")
  const host = portAt > authority.lastIndexOf("]") ? authority.slice(0, portAt) : authority
  const origin = `${scheme}${LOOPBACK_HOST.test(host) ? host : authority}`
  const templatedPath = path.split("/").map(templateSegment).join("/")
  const templatedQuery =
    query === undefined || query === ""
      ? ""
      : "?" +
        query
          .split("&")
          .map((pair) => `${pair.split("=")[0]}={v}`)
          .join("&")
  return origin + templatedPath + templatedQuery
}

/** One text per rule and endpoint: what a baseline entry and a finding are matched and counted by. */
export function baselineKey(entry: BaselineEntry): string {
  return `${entry.ruleId} ${entry.endpoint}`
}

export function fingerprintOf(finding: FingerprintSource): BaselineEntry {
  const target = finding.resourceKey ?? finding.scope
  return { ruleId: finding.ruleId, endpoint: target === undefined ? "" : endpointOf(target) }
}

/**
 * The baseline of these findings: one entry per rule and endpoint, sorted. Rewriting `previous`, its
 * entries that still match a finding are kept as written (hand-written patterns included) and those
 * that match none are dropped (fixed, or not exercised); findings it did not know get entries.
 */
export function baselineOf(findings: readonly FingerprintSource[], previous?: Baseline): Baseline {
  const byKey = new Map<string, BaselineEntry>()
  const match = previous === undefined ? undefined : matchBaseline(previous)
  for (const finding of findings) {
    const entry = fingerprintOf(finding)
    if (match?.isKnown(entry) !== true) byKey.set(baselineKey(entry), entry)
  }
  for (const entry of match?.matched() ?? []) byKey.set(baselineKey(entry), entry)
  const entries = [...byKey.values()].sort(
    (a, b) => compareText(a.ruleId, b.ruleId) || compareText(a.endpoint, b.endpoint)
  )
  return { entries }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export interface BaselineMatch {
  /** Is this finding known to the baseline? */
  isKnown(entry: BaselineEntry): boolean
  /** Entries some finding matched so far. */
  matched(): BaselineEntry[]
  /** Entries no finding matched so far: fixed, or not exercised by this capture. */
  unmatched(): BaselineEntry[]
}

/** A placeholder a user writes in an endpoint, e.g. `{slug}`; `{id}` and `{v}` are etag-audit's own. */
const PLACEHOLDER = /\{([A-Za-z][\w-]*)\}/g
const WRITTEN_PLACEHOLDERS = new Set(["id", "v"])

/** The pattern of an endpoint with user placeholders, or undefined when it is matched as it is. */
function endpointPattern(endpoint: string): RegExp | undefined {
  let pattern = ""
  let wildcards = 0
  let from = 0
  for (const placeholder of endpoint.matchAll(PLACEHOLDER)) {
    if (WRITTEN_PLACEHOLDERS.has(placeholder[1])) continue
    pattern += escapeRegExp(endpoint.slice(from, placeholder.index)) + "[^/?#&]+"
    from = placeholder.index + placeholder[0].length
    wildcards++
  }
  return wildcards === 0 ? undefined : new RegExp(`^${pattern}${escapeRegExp(endpoint.slice(from))}$`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

export function matchBaseline(baseline: Baseline): BaselineMatch {
  const exact = new Map<string, BaselineEntry>()
  const patterns: { entry: BaselineEntry; key: string; pattern: RegExp }[] = []
  for (const entry of baseline.entries) {
    const pattern = endpointPattern(entry.endpoint)
    if (pattern === undefined) exact.set(baselineKey(entry), entry)
    else patterns.push({ entry, key: baselineKey(entry), pattern })
  }
  const matched = new Set<string>()
  const all = [...exact, ...patterns.map(({ key, entry }) => [key, entry] as const)]
  return {
    isKnown(entry) {
      const key = baselineKey(entry)
      let known = exact.has(key)
      if (known) matched.add(key)
      // Every pattern that covers it counts as matched, so none is named as unused by mistake.
      for (const candidate of patterns) {
        if (candidate.entry.ruleId !== entry.ruleId || !candidate.pattern.test(entry.endpoint)) continue
        matched.add(candidate.key)
        known = true
      }
      return known
    },
    matched: () => all.filter(([key]) => matched.has(key)).map(([, entry]) => entry),
    unmatched: () => all.filter(([key]) => !matched.has(key)).map(([, entry]) => entry)
  }
}

export function formatBaseline(baseline: Baseline): string {
  const file: BaselineFile = {
    etagAuditBaseline: BASELINE_FORMAT,
    note:
      "Findings known when this file was written: etag-audit --baseline <this file> fails only on " +
      "others. Each entry is a rule id and an endpoint (ids in the path are {id}; a {name} of your own, " +
      "such as {slug}, matches any one path segment). Rewrite it with --baseline and --write-baseline " +
      "naming it both, so such edits are kept; delete an entry once it is fixed.",
    entries: baseline.entries
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

/** Parses a baseline file's text; throws BaselineFormatError saying what is wrong. */
export function parseBaseline(text: string): Baseline {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new BaselineFormatError(`not valid JSON (${(error as Error).message})`)
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new BaselineFormatError("a baseline must be a JSON object")
  }
  const record = json as Record<string, unknown>
  if (record.etagAuditBaseline !== BASELINE_FORMAT) {
    throw new BaselineFormatError(
      `not an etag-audit baseline ("etagAuditBaseline": ${BASELINE_FORMAT} is missing; write one with --write-baseline)`
    )
  }
  if (!Array.isArray(record.entries)) throw new BaselineFormatError('"entries" must be an array')
  const entries = record.entries.map((entry: unknown, index): BaselineEntry => {
    const item = entry as Partial<Record<keyof BaselineEntry, unknown>> | null
    if (typeof item?.ruleId !== "string" || typeof item.endpoint !== "string") {
      throw new BaselineFormatError(`entries[${index}] needs a "ruleId" and an "endpoint" string`)
    }
    return { ruleId: item.ruleId, endpoint: item.endpoint }
  })
  return { entries }
}
