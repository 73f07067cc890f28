/** A write based on an older version was accepted: it overwrote a version its client never saw. */
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, staleBasis, type EventRule } from "../rule"

export const lostUpdate: EventRule = {
  id: "lost-update",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "Lost update: a stale write was accepted",
  explanation:
    "The request said it was based on an older version (a stale If-Match tag, body version or " +
    "If-Unmodified-Since date), yet the server accepted it. Whatever changed the resource in between " +
    "is now gone, and nobody was told.",
  fix: {
    client: "Re-read before writing, and treat 412 (or 409) as 'someone changed it': merge or ask the user.",
    server:
      "Compare If-Match with the current tag using strong comparison and answer 412 when it does not match " +
      "(on an API without tags: answer 412 when the resource was modified after the If-Unmodified-Since date)."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update }) {
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    const { precondition } = update.event
    if (precondition.state !== "stale" || update.event.role === "read") return NO_FINDINGS
    const overwritten = update.replacedStateOf
    const { named, current } = staleBasis(precondition)
    const evidence = overwritten === undefined ? [exchange.id] : [overwritten, exchange.id]
    return [
      {
        ruleId: lostUpdate.id,
        severity: lostUpdate.severity,
        message:
          `#${exchange.id} ${exchange.method} based on ${named} (current was ${current}) was accepted with ` +
          `${exchange.status}` +
          (overwritten === undefined ? "" : `: overwrote #${overwritten}`),
        resourceKey: update.resourceKey,
        exchangeIds: evidence,
        // The overwritten write did nothing wrong: it is the victim, shown for context.
        ...(overwritten !== undefined && { contextExchangeIds: [overwritten] })
      }
    ]
  }
}
