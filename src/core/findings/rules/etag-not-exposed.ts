/**
 * A cross-origin page wrote without If-Match to an API that does not let it read `ETag`: the
 * missing precondition is the API's CORS setup, not (only) the client's code.
 */
import { isUnguardedWrite } from "../../lineage/write-target"
import { exposesHeader, sharedWithCaller } from "../../traffic/cross-origin"
import { NO_FINDINGS, etagHiddenFrom, isClientApiTraffic, rfc9110, type EventRule } from "../rule"

export const etagNotExposed: EventRule = {
  id: "etag-not-exposed",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "ETag hidden from cross-origin clients",
  explanation:
    "The page calls the API from another origin, and the API's CORS answers do not list ETag in " +
    "Access-Control-Expose-Headers. Browsers let a cross-origin script read only a few safelisted " +
    "response headers (Last-Modified is one, ETag is not), so the page could not read the tag it must " +
    "send back in If-Match: its writes go out unguarded whatever its code tries.",
  fix: {
    client:
      "Nothing in the browser can read a header the API does not expose; until it does, use a version the " +
      "API puts in the body (if any) or send If-Unmodified-Since with the Last-Modified date.",
    server:
      "Add ETag to Access-Control-Expose-Headers on the API's CORS answers (and allow If-Match in " +
      "Access-Control-Allow-Headers for the preflight)."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    if (!isClientApiTraffic(exchange) || exchange.status === 0) return NO_FINDINGS
    if (!isUnguardedWrite(exchange, update, history)) return NO_FINDINGS
    // Only a tag in the ETag header is hidden; a body version stays readable. An earlier answer may
    // have let this page read the tag (an S3 bucket's CORS rule exposes ETag on reads, not on a
    // DELETE's 204): the client had it and sent none, which missing-if-match reports.
    const caller = etagHiddenFrom(exchange, history)
    if (caller === undefined) return NO_FINDINGS
    // The proof that the API hides ETag: an earlier answer shared with that page without exposing
    // it, or this write's own answer. The own answer listing ETag comes too late for this request.
    const earlier = history.etagHiddenFrom?.find(
      (hidden) => hidden.caller === caller && hidden.since < exchange.id
    )
    const headers = exchange.responseHeaders
    const ownAnswerHides = sharedWithCaller(headers) && !exposesHeader(headers, "etag")
    if (earlier === undefined && !ownAnswerHides) return NO_FINDINGS
    const why = ownAnswerHides
      ? "the API does not expose ETag to that origin"
      : `#${earlier?.since} did not expose ETag to that origin (only the write's own answer did, too late)`
    return [
      {
        ruleId: etagNotExposed.id,
        severity: etagNotExposed.severity,
        message: `#${exchange.id} ${exchange.method} from ${caller} sent no If-Match: ${why}, so its script could not read the tag`,
        resourceKey: update.resourceKey,
        exchangeIds: earlier === undefined || ownAnswerHides ? [exchange.id] : [earlier.since, exchange.id]
      }
    ]
  }
}
