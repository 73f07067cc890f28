/**
 * CouchDB style: the server decides by a version in the body or query (`_rev`, `?rev=`) and does not
 * evaluate If-Match. Seen two ways: a mismatching If-Match succeeded because the body version was
 * current, or an If-Match naming the current version (shown again by a read right after) was refused
 * because no body version came with it.
 */
import type { LineageEvent } from "../../model"
import {
  NO_FINDINGS,
  isClientApiTraffic,
  isSuccess,
  rfc9110,
  type EventContext,
  type EventRule
} from "../rule"

/** A refused If-Match the read right after shows to have named the current version, on a resource a body version decides. */
function currentIfMatchRefused({ update, history }: EventContext): LineageEvent | undefined {
  const refused = update.refusedShownVersion
  if (refused === undefined) return undefined
  const bodyVersionDecides = history.events.some(
    (earlier) => earlier.precondition.mechanism === "body-version" && isSuccess(earlier.status)
  )
  return bodyVersionDecides ? refused : undefined
}

export const ifMatchHeaderIgnored: EventRule = {
  id: "if-match-header-ignored",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "If-Match header ignored",
  explanation:
    "The server only checks the version in the body or query (CouchDB's _rev), not the standard If-Match " +
    "header. Either a write whose If-Match named another version than the current one succeeded because its " +
    "body version was current, or a write whose If-Match named the current version was refused because it " +
    "carried no body version. Clients that rely on the standard header are not protected at all, or cannot " +
    "write.",
  fix: {
    client: "Send the API's own version field (body _rev or ?rev=) with every write, not only If-Match.",
    server: "Evaluate If-Match when it is present and answer 412 when it does not match (§13.2.2)."
  },
  rfc: rfc9110("13.2.2", "Evaluation of Preconditions"),
  check(context) {
    const { exchange, update } = context
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    const refused = currentIfMatchRefused(context)
    if (refused !== undefined) {
      return [
        {
          ruleId: ifMatchHeaderIgnored.id,
          severity: ifMatchHeaderIgnored.severity,
          message:
            `#${refused.exchangeId} ${refused.method} with If-Match v${refused.precondition.versionIndex} ` +
            `(current: #${exchange.id} shows it) and no body version → ${refused.status}`,
          resourceKey: update.resourceKey,
          exchangeIds: [refused.exchangeId, exchange.id],
          contextExchangeIds: [exchange.id]
        }
      ]
    }
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
