/**
 * A resource's history as numbered text lines (DESIGN.md "Lineage, as text"): one line per
 * version and per write, reads folded into the version they saw. Used by the CLI and as
 * test snapshots. Markers come from the findings passed in (✖ error, ⚠ warning, ℹ info).
 *
 *   http://127.0.0.1:8787/api/lax/notes/1        tag source: header
 *     v1 "a1"        #1  GET → 200        seen by #2 GET 200
 *     v2 "a2"        #3  PUT If-Match v1 (current) → 204
 *     v3 "a3"        #4  PUT If-Match v1 (STALE, current was v2) → 204   ✖ lost update: overwrote #3
 *                    #5  PUT (no precondition) → 204   ⚠ missing-if-match
 */
import {
  SEVERITY_MARK,
  type Finding,
  type LineageEvent,
  type LineageEventRole,
  type ObservedTag,
  type ResourceLineage,
  type Version
} from "../model"
import { subjectExchangeId } from "../findings/finding-evidence"
import { versionHeaderOf } from "../traffic/tag-sources"
import { eventReadsOnly } from "./event-reads"
import { raceWinners } from "./race-loser"
import { lastShownGone } from "./shown-gone"

const VERSION_COLUMN = 16
const HEADER_GAP = "        "

type EventPrecondition = LineageEvent["precondition"]

function versionName(index: number | undefined, sent: string | undefined): string {
  return index === undefined ? (sent ?? "?") : `v${index}`
}

/**
 * What a lineage event's request sent to make itself conditional, judged at the time it was sent:
 * `If-Match v1 (STALE, current was v2)`, `body:_rev v3 (current)`, `(no precondition)`; empty
 * for a read without one. The CLI's lineage text and the panel's timeline both say it this way.
 */
export function eventPreconditionText(condition: EventPrecondition, role: LineageEventRole): string {
  const named = versionName(condition.versionIndex, condition.sent)
  const state = stateText(condition)
  switch (condition.mechanism) {
    case "if-match":
      return condition.state === "any" ? "If-Match *" : `If-Match ${named} (${state})`
    case "body-version": {
      // A version header reads as its name, like If-Match (`X-Contentful-Version v1 (current)`).
      const source = versionHeaderOf(condition.source) ?? condition.source ?? "body version"
      return `${source} ${named} (${state})`
    }
    case "if-unmodified-since":
      return `If-Unmodified-Since ${named} (${state})`
    case "if-none-match":
      return `If-None-Match ${condition.sent ?? ""}`.trimEnd()
    case "none":
      if (role === "read") return ""
      return condition.contentTested ? "(no version; JSON Patch tests what it changes)" : "(no precondition)"
  }
}

/** How the sent version stood: `current`, `STALE, current was v2`, `not judged` (a date), … */
function stateText(condition: EventPrecondition): string {
  const current = condition.currentVersionIndex
  const byDate = condition.mechanism === "if-unmodified-since"
  if (condition.state === "stale") {
    if (condition.goneBy !== undefined) return `STALE, gone since #${condition.goneBy}`
    if (current !== undefined && current !== condition.versionIndex) return `STALE, current was v${current}`
    return byDate ? "STALE, modified since" : `STALE, v${current ?? "?"} was overwritten since`
  }
  if (condition.state === "unknown") return byDate ? "not judged" : "unknown tag"
  return condition.state
}

/** The request's method, `GET (list)` for a collection read that showed this resource as one item. */
export function eventMethodText(event: LineageEvent): string {
  return event.listItem ? `${event.method} (list)` : event.method
}

function eventText(event: LineageEvent, users: ReadonlyMap<number, string> | undefined): string {
  const precondition = eventPreconditionText(event.precondition, event.role)
  const created = event.role === "create" ? " (created)" : ""
  const method = eventMethodText(event)
  const request = precondition === "" ? method : `${method} ${precondition}`
  return `${exchangeName(event.exchangeId, users)}  ${request} → ${event.status}${created}`
}

/** `#3`, or `#3 (bob)` where two or more users touched the resource (resource-users.ts). */
function exchangeName(id: number, users: ReadonlyMap<number, string> | undefined): string {
  const user = users?.get(id)
  return user === undefined ? `#${id}` : `#${id} (${user})`
}

function markerText(finding: Finding, event: LineageEvent | undefined): string {
  const symbol = SEVERITY_MARK[finding.severity]
  if (finding.ruleId === "lost-update") {
    const overwritten = (finding.contextExchangeIds ?? []).map((id) => `#${id}`)
    // A write that named a version of a resource shown gone since undid the deletion (lost-update.ts).
    if (event?.precondition.goneBy !== undefined)
      return `${symbol} lost update: brought back after ${overwritten.join(", ")}`
    return `${symbol} lost update: overwrote ${overwritten.join(", ")}`
  }
  return `${symbol} ${finding.ruleId}`
}

/** `lost a race: #3, naming v1 too, reached the server first` (race-loser.ts). */
function raceLostText(winner: number, loser: LineageEvent): string {
  return `lost a race: #${winner}, naming v${loser.precondition.versionIndex ?? "?"} too, reached the server first`
}

interface Row {
  readonly id: number
  readonly text: string
}

/**
 * The resource's lineage as text. `users` (exchange id → user, from resourceUsers) names who sent
 * each exchange, for a resource two or more users touched.
 */
export function printLineage(
  resource: ResourceLineage,
  findings: readonly Finding[] = [],
  users?: ReadonlyMap<number, string>
): string {
  const eventById = new Map(resource.events.map((event) => [event.exchangeId, event]))
  const markers = new Map<number, string[]>()
  for (const finding of findings) {
    if (finding.resourceKey !== resource.key) continue
    // On the exchange the finding is about, as the panel selects it; not on context evidence.
    const at = subjectExchangeId(finding)
    if (at === undefined) continue
    const mark = markerText(finding, eventById.get(at))
    const marks = markers.get(at)
    if (marks === undefined) markers.set(at, [mark])
    else marks.push(mark)
  }
  const introducedBy = new Map<number, Version>(resource.versions.map((v) => [v.introducedBy, v]))
  const rows: Row[] = []
  const versionLabel = (version: Version): string => `v${version.index} ${version.tag.tag.raw}`
  // Long names (dates, long tags) widen the column for this resource, so its events still line up.
  const column = Math.max(VERSION_COLUMN - 1, ...resource.versions.map((v) => versionLabel(v).length + 1))
  const versionPrefix = (version: Version | undefined): string =>
    (version === undefined ? "" : versionLabel(version)).padEnd(column) + " "
  // The version's other names (a farm's nodes), then the reads that saw it.
  const versionTail = (version: Version): string => alsoText(version, users) + seenText(version)
  const seenText = (version: Version): string => {
    const readers = version.seenBy.filter((id) => id !== version.introducedBy)
    if (readers.length === 0) return ""
    const named = readers.map((id) => {
      const event = eventById.get(id)
      const name = exchangeName(id, users)
      return event === undefined ? name : `${name} ${eventMethodText(event)} ${event.status}`
    })
    return `   seen by ${named.join(", ")}`
  }
  for (const version of resource.versions) {
    if (eventById.has(version.introducedBy)) continue
    rows.push({
      id: version.introducedBy,
      text: `${versionPrefix(version)}#${version.introducedBy} (evicted)${versionTail(version)}`
    })
  }
  const winners = raceWinners(resource.events)
  for (const event of resource.events) {
    const version = introducedBy.get(event.exchangeId)
    const isRead = eventReadsOnly(event)
    const marks = markers.get(event.exchangeId) ?? []
    const winner = winners.get(event.exchangeId)
    if (winner !== undefined) marks.unshift(raceLostText(winner, event))
    // A read of a known version is listed under "seen by", unless a finding is about it.
    if (isRead && version === undefined && event.versionIndex !== undefined && marks.length === 0) continue
    const tail =
      (version === undefined ? "" : versionTail(version)) + marks.map((mark) => `   ${mark}`).join("")
    rows.push({
      id: event.exchangeId,
      text: `${versionPrefix(version)}${eventText(event, users)}${tail}`
    })
  }
  rows.sort((a, b) => a.id - b.id)
  const dropped = resource.droppedVersions ?? 0
  if (dropped > 0) {
    // Compacted versions came after the first one: say so right below it.
    const first = resource.versions[0]
    const after = first === undefined ? -1 : rows.findIndex((row) => row.id === first.introducedBy)
    const noun = dropped === 1 ? "version" : "versions"
    rows.splice(after + 1, 0, { id: 0, text: `… ${dropped} older ${noun} evicted` })
  }
  const sources = resource.tagSources.length === 0 ? "none seen" : resource.tagSources.join(", ")
  const gone = resource.exists ? "" : `   (${deletionText(resource)})`
  const header = `${resource.key}${HEADER_GAP}tag source: ${sources}${gone}`
  return [header, ...rows.map((row) => `  ${row.text}`)].join("\n")
}

/** How a resource the traffic shows gone was removed (shown-gone.ts): a 202 DELETE is not enacted yet. */
export function deletionText(resource: Pick<ResourceLineage, "events">): string {
  const gone = lastShownGone(resource.events)
  return gone?.enacted === false ? `delete accepted by #${gone.event.exchangeId}, not yet enacted` : "deleted"
}

function alsoText(version: Version, users: ReadonlyMap<number, string> | undefined): string {
  const others = version.otherTags
  if (others === undefined) return ""
  const named = others.map((other) => {
    const representation = representationName(other, users)
    return representation === undefined ? other.tag.raw : `${other.tag.raw} (${representation})`
  })
  return `   also ${named.join(", ")}`
}

/**
 * Which representation another tag names (`?_embed`, `application/ld+json`), and for another user's
 * representation whose user (`for bob`, `for user B`) where `users` names the read that showed it.
 */
function representationName(
  other: ObservedTag,
  users: ReadonlyMap<number, string> | undefined
): string | undefined {
  const user = representedUser(other, users)
  return user === undefined ? other.representation : `for ${user}`
}

/** The user whose representation another tag of a version names, where `users` names them. */
export function representedUser(
  other: ObservedTag,
  users: ReadonlyMap<number, string> | undefined
): string | undefined {
  return other.representedFor === undefined ? undefined : users?.get(other.representedFor)
}
