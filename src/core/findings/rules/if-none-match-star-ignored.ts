/** `If-None-Match: *` (create only) on an existing resource was answered 2xx: the server overwrote it. */
import { isSafeMethod } from "../../http/methods"
import { NO_FINDINGS, isSuccess, rfc9110, type EventRule } from "../rule"

export const ifNoneMatchStarIgnored: EventRule = {
  id: "if-none-match-star-ignored",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "If-None-Match: * ignored: existing resource overwritten",
  explanation:
    "If-None-Match: * means 'only if nothing is there yet' (create only). The traffic shows the resource " +
    "existed, yet the server performed the request and answered with success: whatever was there has been " +
    "overwritten. Create-only protection does not work on this server, so two clients creating the same " +
    "resource silently replace each other's data.",
  fix: {
    client:
      "Do not rely on If-None-Match: * here: check for the resource first (and send If-Match with its tag " +
      "when updating), or use a create endpoint that refuses duplicates (POST to the collection).",
    server:
      "Evaluate If-None-Match before performing the method: when * is sent and a current representation " +
      "exists, answer 412 Precondition Failed and change nothing (§13.1.2, §13.2.2)."
  },
  rfc: rfc9110("13.1.2", "If-None-Match"),
  check({ exchange, update, history }) {
    if (exchange.kind !== "api" || isSafeMethod(exchange.method)) return NO_FINDINGS
    if (exchange.precondition.ifNoneMatch?.kind !== "any" || !isSuccess(exchange.status)) return NO_FINDINGS
    // A POST to a collection creates a new member elsewhere: the condition is not about that member.
    if (!update.existedBefore || history.collection || exchange.method === "DELETE") return NO_FINDINGS
    const known = update.event.precondition.currentVersionIndex
    const existing = known === undefined ? "an existing resource" : `an existing resource (v${known})`
    return [
      {
        ruleId: ifNoneMatchStarIgnored.id,
        severity: ifNoneMatchStarIgnored.severity,
        message: `#${exchange.id} ${exchange.method} with If-None-Match: * on ${existing} → ${exchange.status}: overwritten instead of refused`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
