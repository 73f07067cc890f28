/**
 * A write refused as a conflict was sent again with the very version it was refused for, nothing
 * read in between: a retry that cannot succeed (a retry loop), where the client should re-read.
 */
import {
  conflictRefusedRightBefore,
  nothingReadBetween,
  refusedAsConflict
} from "../../lineage/conflict-refusal"
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

export const staleTagRetried: EventRule = {
  id: "stale-tag-retried",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "Refused write retried with the same stale version",
  explanation:
    "The server refused a write because the version it named is no longer current (412, or 409 on an API " +
    "that answers a conflict so), and the client sent it again naming the same version, without reading " +
    "the resource in between. The answer cannot change: a retry needs the current version. A client that " +
    "retries like this in a loop never saves, and the user's change is lost on the client side instead.",
  fix: {
    client:
      "On 412, read the resource again (its new tag and content), merge the user's change into it or ask " +
      "the user, then retry with the new tag. Retry as is only after a network error, not after a 412.",
    server: "Nothing to change: refusing the stale version again is right."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    if (!isClientApiTraffic(exchange) || isSuccess(exchange.status)) return NO_FINDINGS
    const { event } = update
    const { mechanism, sent } = event.precondition
    if (sent === undefined || !refusedAsConflict(event)) return NO_FINDINGS
    const refused = conflictRefusedRightBefore(history, event, exchange)
    if (refused?.precondition.mechanism !== mechanism || refused.precondition.sent !== sent)
      return NO_FINDINGS
    const named =
      event.precondition.versionIndex === undefined
        ? event.precondition.sent
        : `v${event.precondition.versionIndex}`
    return [
      {
        ruleId: staleTagRetried.id,
        severity: staleTagRetried.severity,
        message:
          `#${exchange.id} ${exchange.method} named ${named} again right after #${refused.exchangeId} was refused ` +
          `for it with ${refused.status}, ${nothingReadBetween(history, refused, event)} → ${exchange.status}`,
        resourceKey: update.resourceKey,
        exchangeIds: [refused.exchangeId, exchange.id]
      }
    ]
  }
}
