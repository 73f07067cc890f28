/** CouchDB style: a mismatching If-Match succeeded because a body version decided instead. */
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

export const ifMatchHeaderIgnored: EventRule = {
  id: "if-match-header-ignored",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "If-Match header ignored",
  explanation:
    "The request's If-Match named another version than the current one, yet the write succeeded because the " +
    "server only checks the version in the body or query (CouchDB's _rev). Clients that rely on the standard " +
    "header are not protected at all.",
  fix: {
    client: "Send the API's own version field (body _rev or ?rev=) with every write, not only If-Match.",
    server: "Evaluate If-Match when it is present and answer 412 when it does not match (§13.2.2)."
  },
  rfc: rfc9110("13.2.2", "Evaluation of Preconditions"),
  check({ exchange, update }) {
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    const { ifMatch, bodyVersion } = update.detail
    if (ifMatch === undefined || bodyVersion === undefined) return NO_FINDINGS
    if (ifMatch.state !== "stale" && ifMatch.state !== "unknown") return NO_FINDINGS
    if (bodyVersion.state !== "current") return NO_FINDINGS
    return [
      {
        ruleId: ifMatchHeaderIgnored.id,
        severity: ifMatchHeaderIgnored.severity,
        message:
          `#${exchange.id} ${exchange.method} with If-Match ${ifMatch.sent} (${ifMatch.state}) succeeded: ` +
          `${bodyVersion.source} decided`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
