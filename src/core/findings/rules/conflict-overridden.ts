/**
 * The client got past a conflict by dropping its precondition: a write refused because the
 * resource had changed (412), sent again without If-Match (or with `*`) before anything was read,
 * and accepted. The change the refusal protected is overwritten by a client that was just told.
 */
import type { LineageEvent } from "../../model"
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

/** The write refused as a conflict right before this one, with nothing read in between. */
function refusedRightBefore(
  events: readonly LineageEvent[],
  current: LineageEvent
): LineageEvent | undefined {
  for (let at = events.lastIndexOf(current) - 1; at >= 0; at--) {
    const event = events[at]
    if (event.role === "replay") continue // the panel's own requests, not the client's
    if (event.role === "read" || isSuccess(event.status)) return undefined
    if (refusedAsConflict(event)) return event
  }
  return undefined
}

/**
 * 412 to a write whose version the traffic shows stale, or never showed (RFC 9110 §13.1.1), or 409
 * to a stale one (APIs that answer a conflict so). Not a 412 to the current version (a server that
 * does not match its own tags: current-tag-refused) nor to `If-Match: *` (the resource is gone).
 */
function refusedAsConflict(event: LineageEvent): boolean {
  const { state } = event.precondition
  if (state === "stale") return event.status === 412 || event.status === 409
  return state === "unknown" && event.status === 412
}

export const conflictOverridden: EventRule = {
  id: "conflict-overridden",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "Conflict overridden: the write was forced after a 412",
  explanation:
    "The server refused a write because the resource had changed since the client read it (412, or 409 " +
    "on an API that answers a conflict so). The client then sent its write again without a precondition, " +
    "or with If-Match: *, without reading the resource first, and the server accepted it. The change the " +
    "refusal protected is overwritten by a client that had just been told about it: a lost update by design.",
  fix: {
    client:
      "On 412, re-read the resource, merge your change into the current version (or ask the user), then " +
      "retry with the new tag. Never retry without If-Match, or with If-Match: *, to get past a conflict.",
    server:
      "Require a precondition on writes (428 when it is missing), and refuse If-Match: * where clients edit " +
      "a resource they have read."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    const { event } = update
    if (event.role !== "write" && event.role !== "delete") return NO_FINDINGS
    const { state, currentVersionIndex } = event.precondition
    if (state !== "none" && state !== "any") return NO_FINDINGS
    const refused = refusedRightBefore(history.events, event)
    if (refused === undefined) return NO_FINDINGS
    const how = state === "any" ? "sent If-Match: *" : "sent no precondition"
    const verb = event.role === "delete" ? "deleted" : "overwrote"
    const overwrote = currentVersionIndex === undefined ? "" : `: it ${verb} v${currentVersionIndex}`
    return [
      {
        ruleId: conflictOverridden.id,
        severity: conflictOverridden.severity,
        message:
          `#${exchange.id} ${exchange.method} ${how} right after #${refused.exchangeId} was refused with ` +
          `${refused.status}, nothing read in between → ${exchange.status}${overwrote}`,
        resourceKey: update.resourceKey,
        exchangeIds: [refused.exchangeId, exchange.id],
        // The refusal did nothing wrong: it is the warning the client overrode.
        contextExchangeIds: [refused.exchangeId]
      }
    ]
  }
}
