/** The client sent a tag this capture never showed it receiving. */
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

export const unknownTagSent: EventRule = {
  id: "unknown-tag-sent",
  severity: "info",
  scope: "event",
  repeat: "once-per-resource",
  title: "Tag sent that was never received",
  explanation:
    "The request's If-Match (or body version) names a tag no response in this capture carried. The capture " +
    "may have started after the client read it (reload to capture), or the client invents or caches tags.",
  fix: {
    client: "Send back exactly the tag the server gave you for this resource, from its latest response.",
    server:
      "Nothing, if the tag came from outside the capture. If the server accepted a tag it never gave out, " +
      "it does not compare tags: answer 412 when If-Match names no current tag (§13.1.1)."
  },
  rfc: rfc9110("8.8.3", "ETag"),
  check({ exchange, update }) {
    if (!isClientApiTraffic(exchange) || exchange.status === 0) return NO_FINDINGS
    const { ifMatch, bodyVersion } = update.detail
    const unknown =
      ifMatch?.state === "unknown" ? ifMatch : bodyVersion?.state === "unknown" ? bodyVersion : undefined
    if (unknown === undefined) return NO_FINDINGS
    const current = update.event.precondition.currentVersionIndex
    // Accepted while the capture showed another tag current: the server's business too (policy trait
    // accepts-unknown-tag).
    const acceptedOver =
      isSuccess(exchange.status) && current !== undefined && unknown === ifMatch
        ? `, and was accepted with ${exchange.status} while v${current} was current ` +
          "(the capture may have started late, or the server does not compare tags)"
        : " (the capture may have started late)"
    return [
      {
        ruleId: unknownTagSent.id,
        severity: unknownTagSent.severity,
        message: `#${exchange.id} ${exchange.method} sent ${unknown.sent}, a tag never seen in this capture${acceptedOver}`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
