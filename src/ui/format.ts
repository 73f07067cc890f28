/** Text for tags, preconditions and lineage events, shared by the views. */
import { eventMethodText, eventPreconditionText as preconditionOf } from "../core/lineage/print-lineage"
import { METHOD_OVERRIDE_HEADERS } from "../core/http/methods"
import { isSuccess } from "../core/http/status"
import { sentNoGuard } from "../core/lineage/write-target"
import { versionHeaderOf } from "../core/traffic/tag-sources"
import { RPC_NOTE, rpcNoteOf } from "../core/traffic/rpc-call"
import type {
  Exchange,
  LineageEvent,
  ObservedTag,
  Precondition,
  ResourceLineage,
  TagCondition
} from "../core/model"
import type { ExchangeLineage, LostUpdateWrites } from "../store/selectors"
import { plural } from "../core/plural"

export function conditionText(condition: TagCondition | undefined): string {
  return condition ? condition.raw : ""
}

/** What the request sent to make itself conditional, as one short string. */
export function preconditionText(precondition: Precondition): string {
  if (precondition.ifMatch) return `If-Match: ${conditionText(precondition.ifMatch)}`
  if (precondition.ifNoneMatch) return `If-None-Match: ${conditionText(precondition.ifNoneMatch)}`
  if (precondition.ifUnmodifiedSince) return `If-Unmodified-Since: ${precondition.ifUnmodifiedSince}`
  if (precondition.bodyVersion) {
    // A version header reads as the header line it was (`X-Contentful-Version: 3`).
    const { source, tag } = precondition.bodyVersion
    return `${versionHeaderOf(source) ?? source}: ${tag.raw}`
  }
  return ""
}

export function tagText(tags: readonly ObservedTag[]): { tag: string; source: string } {
  const first = tags[0]
  return first ? { tag: first.tag.raw, source: first.source } : { tag: "", source: "" }
}

/** Highlighted in the headers view: what makes a request conditional, and the method a POST stands for. */
export const CONDITIONAL_HEADERS = new Set([
  "if-match",
  "if-none-match",
  "if-unmodified-since",
  "if-modified-since",
  "if-range",
  "etag",
  ...METHOD_OVERRIDE_HEADERS
])

export { eventMethodText, isSuccess }

/**
 * A write the server accepted that replaced a version its client never saw: its precondition named
 * an older one, or a lost-update finding blames it (`lostWrites`, e.g. no tag over another user's
 * change).
 */
export function isLostUpdate(event: LineageEvent, lostWrites: LostUpdateWrites): boolean {
  // A replay's stale write is no finding (the client did not send it), yet as much a lost update.
  if (event.role !== "read" && event.precondition.state === "stale" && isSuccess(event.status)) return true
  return lostWrites.has(event.exchangeId)
}

/**
 * What a lost update overwrote: the version the overwritten change made (`v3`), else that change
 * (`#6`: its answer showed no tag), else the version current when the write was sent (a replay).
 * A write naming a version of a resource shown gone since undid what showed it gone (`gone`).
 */
export function overwrittenOf(
  event: LineageEvent,
  lostWrites: LostUpdateWrites,
  resource: ResourceLineage | undefined
): { readonly version: number | undefined; readonly change?: number; readonly gone?: true } {
  const { goneBy } = event.precondition
  if (goneBy !== undefined) return { version: undefined, change: goneBy, gone: true }
  const change = lostWrites.get(event.exchangeId)
  if (change === undefined) return { version: event.precondition.currentVersionIndex }
  const version = resource?.versions.find((candidate) => candidate.introducedBy === change)?.index
  return { version, change }
}

/** "lost update: overwrote v3", "… overwrote #6". */
export function lostUpdateText(
  event: LineageEvent,
  lostWrites: LostUpdateWrites,
  resource: ResourceLineage | undefined
): string {
  return overwrittenText(overwrittenOf(event, lostWrites, resource))
}

/** The words for what `overwrittenOf` found. */
export function overwrittenText({ version, change, gone }: ReturnType<typeof overwrittenOf>): string {
  if (gone === true && change !== undefined) return `lost update: brought back after #${change}`
  const overwrote = version !== undefined ? `v${version}` : change !== undefined ? `#${change}` : "v?"
  return `lost update: overwrote ${overwrote}`
}

/** "If-Match v1 (STALE, current was v2)" / "If-Match v2 (current)" / "(no precondition)": as the CLI says it. */
export function eventPreconditionText(event: LineageEvent): string {
  return preconditionOf(event.precondition, event.role)
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US")
}

/** How the Traffic table's Version cell looks: a lost update in red, an unguarded write in amber. */
export type VersionTone = "read" | "write" | "lost" | "unguarded"

export interface VersionCell {
  readonly text: string
  readonly title: string
  readonly tone: VersionTone
}

const NO_VERSION: VersionCell = { text: "", title: "", tone: "read" }

/** The version a write's precondition named: `v1`, `*`, `?` (a tag never seen), `—` (none), `new` (a create). */
function basisText(event: LineageEvent): string {
  const { precondition } = event
  if (precondition.versionIndex !== undefined) return `v${precondition.versionIndex}`
  if (event.role === "create" || precondition.mechanism === "if-none-match") return "new"
  if (precondition.state === "any") return "*"
  if (precondition.state === "unknown") return "?"
  return "—"
}

/** What a write made: a version, `deleted`, or nothing (refused, failed, or no tag shown). */
function madeText(event: LineageEvent): string | undefined {
  if (!isSuccess(event.status)) return undefined
  if (event.role === "delete") return "deleted"
  return event.versionIndex === undefined ? undefined : `v${event.versionIndex}`
}

/**
 * The Traffic table's Version cell: the version a read saw (`v2`), or the version a write was based
 * on and the one it made (`v1 → v2`, `v1 → v4` for a lost update, `— → v3` without a precondition,
 * `v1 ✗` refused).
 * The same words as the lineage in the title. A list read names how many items it saw.
 */
export function versionCell(
  place: ExchangeLineage | undefined,
  exchange: Exchange,
  lostWrites: LostUpdateWrites,
  resource: ResourceLineage | undefined
): VersionCell {
  if (exchange.kind === "rpc") {
    // No version to show, and the row says why: its note names the protocol (GraphQL, …).
    const note = rpcNoteOf(exchange.notes) ?? RPC_NOTE
    return { text: "RPC", title: note, tone: "read" }
  }
  if (place === undefined) return NO_VERSION
  const { event } = place
  // A replay's GET (Show the fix re-reads the resource) is a read too.
  if (event.role === "read" || (event.role === "replay" && event.method === "GET")) {
    // A list read whose items name their URL: each joined its own lineage.
    const items = exchange.itemTags.reduce(
      (count, item) => (item.url === undefined || "gone" in item ? count : count + 1),
      0
    )
    if (items > 0) {
      return {
        text: plural(items, "item"),
        title: `a list: read the versions of ${plural(items, "item")}`,
        tone: "read"
      }
    }
    if (event.versionIndex === undefined || !(isSuccess(event.status) || event.status === 304))
      return NO_VERSION
    const seen = `v${event.versionIndex}`
    const title = event.status === 304 ? `revalidated ${seen}: not modified` : `this read saw ${seen}`
    return { text: seen, title, tone: "read" }
  }
  const made = madeText(event)
  const basis = basisText(event)
  const lost = isLostUpdate(event, lostWrites)
  const sent = eventPreconditionText(event)
  const title = [
    sent === "" ? "(no precondition)" : sent,
    made === undefined ? `→ ${event.status || "failed"}` : `→ made ${made}`,
    lost ? `— ${lostUpdateText(event, lostWrites, resource)}` : ""
  ]
    .join(" ")
    .trimEnd()
  const unguarded = sentNoGuard(event.precondition) && event.role !== "create" && made !== undefined
  // Refused or failed: the version it was based on, crossed out by a mark (the status says why).
  const refused = !isSuccess(event.status)
  return {
    text: made !== undefined ? `${basis} → ${made}` : refused ? `${basis} ✗` : basis,
    title,
    tone: lost ? "lost" : unguarded ? "unguarded" : "write"
  }
}
