/** `If-Match: *` means "any current version": refusing it on an existing resource is wrong. */
import { NO_FINDINGS, rfc9110, type EventRule } from "../rule"

export const ifMatchStarRejected: EventRule = {
  id: "if-match-star-rejected",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "If-Match: * refused on an existing resource",
  explanation:
    "If-Match: * is true whenever the resource has a current representation. The server refused it although " +
    "the traffic shows the resource exists, so clients cannot use * to say 'update only if it exists'.",
  fix: {
    client: "Send the resource's actual tag instead of *.",
    server: "Treat If-Match: * as true when the target resource exists (§13.1.1)."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update }) {
    if (exchange.kind !== "api" || update.detail.ifMatch?.state !== "any") return NO_FINDINGS
    if (exchange.status !== 412 && exchange.status !== 409) return NO_FINDINGS
    if (!update.existedBefore) return NO_FINDINGS
    return [
      {
        ruleId: ifMatchStarRejected.id,
        severity: ifMatchStarRejected.severity,
        message: `#${exchange.id} ${exchange.method} with If-Match: * on an existing resource → ${exchange.status}`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
