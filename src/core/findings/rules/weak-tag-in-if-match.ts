/** A weak tag in If-Match can never match: If-Match uses strong comparison. */
import { NO_FINDINGS, isClientApiTraffic, rfc9110, type EventRule } from "../rule"

export const weakTagInIfMatch: EventRule = {
  id: "weak-tag-in-if-match",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "Weak tag sent in If-Match",
  explanation:
    'If-Match compares tags strongly, and a weak tag (W/"…") never matches under strong comparison. A ' +
    "correct server refuses every such write with 412, so the client can never save.",
  fix: {
    client: "Send a strong tag in If-Match. If the server only hands out weak tags, ask for strong ones.",
    server:
      "Hand out strong tags for resources that can be written, or document that your If-Match compares weakly."
  },
  rfc: rfc9110("13.1.1", "If-Match (strong comparison, §8.8.3.2)"),
  check({ exchange, update }) {
    const condition = exchange.precondition.ifMatch
    if (!isClientApiTraffic(exchange) || exchange.status === 0 || condition?.kind !== "tags")
      return NO_FINDINGS
    const weak = condition.tags.filter((tag) => tag.weak)
    if (weak.length === 0) return NO_FINDINGS
    return [
      {
        ruleId: weakTagInIfMatch.id,
        severity: weakTagInIfMatch.severity,
        message: `#${exchange.id} ${exchange.method} sent If-Match ${weak[0].raw}, a weak tag → ${exchange.status}`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
