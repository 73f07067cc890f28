/**
 * The client got past a conflict by dropping its precondition: a write refused because the
 * resource had changed (412), sent again without If-Match (or with `*`) before anything was read,
 * and accepted. The change the refusal protected is overwritten by a client that was just told.
 */
import { conflictRefusedRightBefore, nothingReadBetween } from "../../lineage/conflict-refusal"
import { goneSinceLatestVersion, goneWords } from "../../lineage/shown-gone"
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

export const conflictOverridden: EventRule = {
  id: "conflict-overridden",
  // A warning, not an error: an app may ask its user first ("someone changed it: overwrite?").
  severity: "warning",
  scope: "event",
  repeat: "each",
  title: "Conflict overridden: the write was forced after a 412",
  explanation:
    "The server refused a write because the resource had changed since the client read it (412, or 409 " +
    "on an API that answers a conflict so). The client then sent its write again without a precondition, " +
    "or with If-Match: *, without reading the resource first, and the server accepted it. The change the " +
    "refusal protected is overwritten by a client that had just been told about it. Unless the app asked " +
    "its user and the user chose to overwrite, that is a lost update by design.",
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
    const refused = conflictRefusedRightBefore(history, event, exchange)
    if (refused === undefined) return NO_FINDINGS
    // Refused as gone (§13.1.1: no current representation, no tag matches): a DELETE then removes
    // nothing more, and a write brings the resource back rather than overwriting a version.
    const gone = goneSinceLatestVersion(history.events, history.events.lastIndexOf(event))
    if (gone !== undefined && event.role === "delete") return NO_FINDINGS
    const how = state === "any" ? "sent If-Match: *" : "sent no precondition"
    const verb = event.role === "delete" ? "deleted" : "overwrote"
    const overwrote =
      gone !== undefined
        ? `: it brought back the resource ${goneWords(gone)}`
        : currentVersionIndex === undefined
          ? ""
          : `: it ${verb} v${currentVersionIndex}`
    return [
      {
        ruleId: conflictOverridden.id,
        severity: conflictOverridden.severity,
        message:
          `#${exchange.id} ${exchange.method} ${how} right after #${refused.exchangeId} was refused with ` +
          `${refused.status}, ${nothingReadBetween(history, refused, event)} → ${exchange.status}${overwrote}`,
        resourceKey: update.resourceKey,
        exchangeIds: [refused.exchangeId, exchange.id],
        // The refusal did nothing wrong: it is the warning the client overrode.
        contextExchangeIds: [refused.exchangeId]
      }
    ]
  }
}
