/**
 * A write the server refused because the resource changed since the version it named: what the
 * client should answer by reading the resource again, and what conflict-overridden and
 * stale-tag-retried look for right before a write.
 */
import { isSuccess } from "../http/status"
import { andList } from "../list-text"
import type { Exchange, LineageEvent } from "../model"
import type { ResourceHistory } from "./resource-history"
import { senderKeyOf } from "./session-renewals"

/**
 * 412 to a write whose version the traffic shows stale, or never showed (RFC 9110 §13.1.1), or 409
 * to a stale one (APIs that answer a conflict so); also a 412 whose answer showed a newer version
 * than the one named (its ETag, as Firebase sends it). Not a 412 to the current version (a server
 * that does not match its own tags) nor to `If-Match: *` (the resource is gone).
 */
export function refusedAsConflict(event: LineageEvent): boolean {
  const { state, versionIndex } = event.precondition
  if (state === "stale") return event.status === 412 || event.status === 409
  if (state === "current")
    return event.status === 412 && event.versionIndex !== undefined && event.versionIndex !== versionIndex
  return state === "unknown" && event.status === 412
}

/**
 * The latest conflict refusal before `current` (the resource's newest event) in the history, when
 * the client read nothing and nothing was accepted since (other refusals, a 428, are passed over;
 * the panel's replays are not the client's). A refusal sent by another user than the one `exchange`
 * (the current event's) names is passed over too, as that user's business, and so is a read by
 * another user: it told the refused client nothing.
 */
export function conflictRefusedRightBefore(
  history: ResourceHistory,
  current: LineageEvent,
  exchange: Exchange
): LineageEvent | undefined {
  const { events } = history
  for (let at = events.lastIndexOf(current) - 1; at >= 0; at--) {
    const event = events[at]
    if (event.role === "replay") continue
    if (event.role === "read") {
      if (sentByAnother(history, event, exchange)) continue
      return undefined
    }
    if (isSuccess(event.status)) return undefined
    if (refusedAsConflict(event) && !sentByAnother(history, event, exchange)) return event
  }
  return undefined
}

/** Both requests name a user (by `Authorization` or a session cookie), and not the same one. */
function sentByAnother(history: ResourceHistory, earlier: LineageEvent, exchange: Exchange): boolean {
  const theirs = history.conflictRefusalCredentials?.get(earlier.exchangeId)
  if (theirs === undefined) return false
  // Read only now: most writes follow no refusal, and this runs for every unguarded one.
  const ours = senderKeyOf(exchange, history.renewedSessions)
  return ours !== undefined && ours !== theirs
}

/**
 * "nothing read in between", or, when reads by another user came between the refusal and the
 * retry (conflictRefusedRightBefore passes them over), "its user read nothing in between (#4 was
 * another user's read)".
 */
export function nothingReadBetween(
  history: ResourceHistory,
  refusal: LineageEvent,
  current: LineageEvent
): string {
  const { events } = history
  const others: string[] = []
  for (let at = events.indexOf(refusal) + 1; at >= 1 && at < events.length && events[at] !== current; at++)
    if (events[at].role === "read") others.push(`#${events[at].exchangeId}`)
  if (others.length === 0) return "nothing read in between"
  const were = others.length === 1 ? "was another user's read" : "were another user's reads"
  return `its user read nothing in between (${andList(others)} ${were})`
}
