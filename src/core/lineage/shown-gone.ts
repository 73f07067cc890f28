/**
 * What a resource's events last showed about it being gone: a DELETE the server accepted, or a read
 * answered 404 or 410. A DELETE answered 202 Accepted is not enacted yet and may still fail (RFC 9110
 * §9.3.5; Azure Blob storage deletes a moment later). The lineage's "(deleted)" and the rule
 * if-match-star-created both read it.
 */
import { isSuccess } from "../http/status"
import type { LineageEvent } from "../model"
import { eventReadsOnly } from "./event-reads"

export interface ShownGone {
  /** The DELETE, or the read answered 404 or 410. */
  readonly event: LineageEvent
  /** False for a DELETE answered 202 Accepted. */
  readonly enacted: boolean
}

/**
 * The last event before `end` (all of them by default) that showed the resource gone; undefined
 * when none did, or a 2xx answer since showed it back. Refused writes change nothing and are passed over.
 */
export function lastShownGone(events: readonly LineageEvent[], end = events.length): ShownGone | undefined {
  for (let position = end - 1; position >= 0; position--) {
    const event = events[position]
    if (event.method === "DELETE" && isSuccess(event.status)) return { event, enacted: event.status !== 202 }
    if (eventReadsOnly(event) && (event.status === 404 || event.status === 410))
      return { event, enacted: true }
    if (isSuccess(event.status)) return undefined
  }
  return undefined
}

/**
 * The event after the latest version (before `end`, all of them by default) that showed the resource
 * gone for sure: an enacted DELETE, or a read answered 404 or 410. Undefined when none did (a 202
 * DELETE may still fail). No tag names a resource without a current representation (RFC 9110
 * §13.1.1), so every version is stale since.
 */
export function goneSinceLatestVersion(
  events: readonly LineageEvent[],
  end = events.length
): LineageEvent | undefined {
  const gone = lastShownGone(events, end)
  return gone?.enacted === true ? gone.event : undefined
}

/** `deleted by #7`, `#7 GET → 404`: how an event showed the resource gone. */
export function goneWords(event: Pick<LineageEvent, "exchangeId" | "method" | "status">): string {
  return event.method === "DELETE"
    ? `deleted by #${event.exchangeId}`
    : `#${event.exchangeId} ${event.method} → ${event.status}`
}
