/**
 * A resource's history: versions v1, v2… each with the exchange that made or revealed it and the
 * reads that saw it, then every write with the version its precondition was based on.
 * A write the server accepted over a version its client never saw (lost update) is a red row with ✖.
 */
import { useMemo } from "react"

import { deletionText, representedUser } from "../core/lineage/print-lineage"
import { raceWinners } from "../core/lineage/race-loser"
import { sentNoGuard } from "../core/lineage/write-target"
import type { EntityTag, LineageEvent, ObservedTag, ResourceLineage } from "../core/model"
import { selectLostUpdateWrites, selectResourceUsers, type LostUpdateWrites } from "../store/selectors"
import { ExchangeLink } from "./ExchangeLink"
import { UserName } from "./UserName"
import {
  eventMethodText,
  eventPreconditionText,
  isLostUpdate,
  isSuccess,
  overwrittenOf,
  overwrittenText
} from "./format"
import { usePanel, useShowInTraffic } from "./panel-context"
import { ScenarioExport } from "./ScenarioExport"

function outcome(event: LineageEvent, raceWinner: number | undefined): string {
  if (event.status === 0) return "failed"
  // Its tag was current when sent; a write naming the same version reached the server first.
  if (raceWinner !== undefined) return `${event.status} conflict detected (lost a race to #${raceWinner})`
  if (event.status === 412 || event.status === 409) {
    // A tag current as far as the traffic shows: a change the capture missed, or a server that
    // does not match its own tags (current-tag-refused) — not a conflict the traffic proves.
    return event.precondition.state === "current"
      ? `${event.status} refused a current tag`
      : `${event.status} conflict detected`
  }
  if (event.status === 428) return "428 precondition required"
  return String(event.status)
}

/** The version column: what a successful write produced, or what a read saw (muted). */
function versionCell(event: LineageEvent): { text: string; title?: string } {
  if (event.versionIndex === undefined || !isSuccess(event.status)) return { text: "" }
  if (event.role === "read")
    return { text: `v${event.versionIndex}`, title: `this read saw v${event.versionIndex}` }
  return { text: `v${event.versionIndex}`, title: `this write made v${event.versionIndex}` }
}

/**
 * One row, six cells on the list's shared grid (CSS subgrid), so version, exchange, method,
 * precondition, outcome and verdict line up across reads and writes.
 */
function EventRow({
  event,
  user,
  lost: lostWrites,
  raceWinner,
  resource
}: {
  readonly event: LineageEvent
  readonly user: string | undefined
  readonly raceWinner: number | undefined
  readonly lost: LostUpdateWrites
  readonly resource: ResourceLineage
}) {
  const lost = isLostUpdate(event, lostWrites)
  const produced = event.versionIndex !== undefined && event.role !== "read" && isSuccess(event.status)
  const basedOn = event.precondition.versionIndex
  const missing = event.role !== "read" && event.role !== "create" && sentNoGuard(event.precondition)
  const className = ["lineage-event", event.role, lost ? "lost-update" : "", missing ? "missing" : ""].join(
    " "
  )
  const version = versionCell(event)
  return (
    <li className={className} data-testid="lineage-event" data-exchange-id={event.exchangeId}>
      <span className="version-label" title={version.title} data-testid="event-version">
        {version.text}
      </span>
      <ExchangeLink id={event.exchangeId} />
      <span className="method">
        {eventMethodText(event)}
        <UserName user={user} />
      </span>
      <span className="precondition">{eventPreconditionText(event)}</span>
      <span className="arrow">→ {outcome(event, raceWinner)}</span>
      <span className="event-detail">
        {event.role === "replay" && <span className="replay-badge">↻ replay</span>}
        {basedOn !== undefined && produced && <span className="based-on">based on v{basedOn}</span>}
        {lost && (
          <span className="verdict error">
            <OverwrittenVerdict event={event} lostWrites={lostWrites} resource={resource} />
          </span>
        )}
        {/* Whatever the API's mechanism (If-Match, a date, a body version), none was sent. */}
        {missing && isSuccess(event.status) && <span className="verdict warning">⚠ no precondition</span>}
      </span>
    </li>
  )
}

/** "✖ lost update: overwrote v3", or a link to the overwritten change when it made no version known. */
function OverwrittenVerdict({
  event,
  lostWrites,
  resource
}: {
  readonly event: LineageEvent
  readonly lostWrites: LostUpdateWrites
  readonly resource: ResourceLineage
}) {
  const overwritten = overwrittenOf(event, lostWrites, resource)
  const { version, change, gone } = overwritten
  if (version !== undefined || change === undefined) return <>✖ {overwrittenText(overwritten)}</>
  return (
    <>
      ✖ lost update: {gone === true ? "brought back after" : "overwrote"} <ExchangeLink id={change} />
    </>
  )
}

/** A version's tag; a click shows in Traffic every exchange that received or sent it. */
/** Which representation another tag of a version names; another user's by that user's chip. */
function Representation({
  other,
  users
}: {
  readonly other: ObservedTag
  readonly users: ReadonlyMap<number, string> | undefined
}) {
  const user = representedUser(other, users)
  if (user !== undefined)
    return (
      <span className="muted">
        {" "}
        (for <UserName user={user} />)
      </span>
    )
  return other.representation === undefined ? null : <span className="muted"> ({other.representation})</span>
}

function VersionTag({ tag }: { readonly tag: EntityTag }) {
  const showInTraffic = useShowInTraffic()
  // The filter box splits its text at spaces, so a (lenient) tag holding one cannot be a query.
  if (/\s/.test(tag.opaque)) return <span className="mono tag">{tag.raw}</span>
  return (
    <button
      type="button"
      className="link-button mono tag"
      title={`Traffic filtered by tag:"${tag.opaque}": who received and who sent this tag`}
      data-testid="version-tag"
      onClick={() => showInTraffic(`tag:"${tag.opaque}"`)}
    >
      {tag.raw}
    </button>
  )
}

export function LineageTimeline({ resource }: { readonly resource: ResourceLineage }) {
  const writes = resource.events.filter((event) => event.role !== "read")
  const users = usePanel((state) => selectResourceUsers(state, resource))
  const lostWrites = usePanel((state) => selectLostUpdateWrites(state.snapshot.findings))
  const winners = useMemo(() => raceWinners(resource.events), [resource.events])
  return (
    <div className="lineage" data-testid="lineage">
      <div className="lineage-head">
        <span className="mono resource-key">{resource.key}</span>
        <span className="muted"> tag source: {resource.tagSources.join(", ") || "none seen"}</span>
        {!resource.exists && (
          <span className="muted" data-testid="resource-gone">
            {" "}
            ({deletionText(resource)})
          </span>
        )}
      </div>
      <h3>Versions</h3>
      <ol className="versions">
        {resource.versions.map((version) => (
          <li key={version.index} className="version" data-testid="version">
            <span className="version-label">v{version.index}</span>
            <VersionTag tag={version.tag.tag} />
            <span className="muted source" title={version.tag.source}>
              {version.tag.source}
            </span>
            <span className="seen">
              {version.otherTags !== undefined && (
                <span
                  className="muted also"
                  title="Other tags of this version: the same content tagged by another node, or another representation of it (Vary)"
                >
                  also{" "}
                  {version.otherTags.map((other) => (
                    <span key={other.tag.raw} className="mono tag" data-testid="also-tag">
                      {other.tag.raw}
                      <Representation other={other} users={users} />
                    </span>
                  ))}{" "}
                </span>
              )}
              from <ExchangeLink id={version.introducedBy} />
              <UserName user={users?.get(version.introducedBy)} />
              {version.seenBy.length > 0 && (
                <span className="muted">
                  seen by{" "}
                  {version.seenBy.map((id) => (
                    <span key={id} className="seen-by">
                      <ExchangeLink id={id} />
                      <UserName user={users?.get(id)} />
                    </span>
                  ))}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
      <h3>Reads and writes</h3>
      <ol className="events">
        {resource.events.map((event) => (
          <EventRow
            key={event.exchangeId}
            event={event}
            user={users?.get(event.exchangeId)}
            lost={lostWrites}
            raceWinner={winners.get(event.exchangeId)}
            resource={resource}
          />
        ))}
      </ol>
      {writes.length === 0 && <p className="muted">No writes seen for this resource.</p>}
      <ScenarioExport key={resource.key} resource={resource} />
    </div>
  )
}
