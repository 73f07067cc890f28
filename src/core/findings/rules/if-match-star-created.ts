/**
 * `If-Match: *` is false when the target has no current representation (RFC 9110 §13.1.1), so
 * the server must refuse the write. Performing it anyway creates the resource, or brings back one
 * that another client deleted.
 */
import { lastShownGone } from "../../lineage/shown-gone"
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

export const ifMatchStarCreated: EventRule = {
  id: "if-match-star-created",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "If-Match: * created a resource that did not exist",
  explanation:
    "If-Match: * means 'only if the resource exists' (update, never create). The resource did not exist " +
    "(the server answered 201 Created, or the traffic showed it deleted or not found), yet the server " +
    "performed the write. A client that updates with * after another user deleted the resource brings it " +
    "back, and the deletion is lost.",
  fix: {
    client:
      "Do not rely on If-Match: * here: send the tag of the version you edited, which a deleted resource " +
      "can never match.",
    server:
      "Evaluate If-Match before performing the method: when * is sent and the target has no current " +
      "representation, answer 412 Precondition Failed and create nothing (§13.1.1, §13.2.2)."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    // PUT and PATCH create at the request's own URL; a POST creates a member elsewhere.
    if (exchange.method !== "PUT" && exchange.method !== "PATCH") return NO_FINDINGS
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    if (update.detail.ifMatch?.state !== "any") return NO_FINDINGS
    // Before the write being judged (the last event). A 202 DELETE leaves it unknown: not yet enacted.
    const shown = lastShownGone(history.events, history.events.length - 1)
    if (shown?.enacted === false) return NO_FINDINGS
    const gone = shown?.event
    // CouchDB answers 201 to updates too: a 201 says "created" only for a resource not seen before.
    const created = exchange.status === 201 && !update.existedBefore
    if (gone === undefined && !created) return NO_FINDINGS
    const why =
      gone === undefined
        ? "a resource that did not exist"
        : gone.method === "DELETE"
          ? `a resource #${gone.exchangeId} had deleted`
          : `a resource #${gone.exchangeId} had found missing (${gone.status})`
    return [
      {
        ruleId: ifMatchStarCreated.id,
        severity: ifMatchStarCreated.severity,
        message: `#${exchange.id} ${exchange.method} with If-Match: * to ${why} → ${exchange.status}: created instead of refused`,
        resourceKey: update.resourceKey,
        exchangeIds: gone === undefined ? [exchange.id] : [gone.exchangeId, exchange.id],
        ...(gone === undefined ? {} : { contextExchangeIds: [gone.exchangeId] })
      }
    ]
  }
}
