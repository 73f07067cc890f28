/**
 * A write whose precondition the traffic shows to be false (a stale If-Match tag, body version or
 * If-Unmodified-Since date, or If-None-Match: * on an existing resource) was answered 500. RFC 9110
 * §13.1.1 and §13.1.2 say the server MUST answer 412 and change nothing; a 500 is what an unmapped
 * optimistic-lock or unique-key error looks like (JPA's OptimisticLockException, Rails'
 * StaleObjectError, SAP CAP's insert for If-None-Match: *). The client cannot tell the conflict from
 * an outage, and may retry it blindly.
 */
import { isSafeMethod } from "../../http/methods"
import { NO_FINDINGS, rfc9110, staleBasis, type EventRule } from "../rule"

/** An internal error, not a gateway's (502–504 say nothing about the write). */
const INTERNAL_SERVER_ERROR = 500

export const conflictAsServerError: EventRule = {
  id: "conflict-as-server-error",
  severity: "warning",
  scope: "event",
  repeat: "each",
  title: "Conflict answered as a server error (500)",
  explanation:
    "The write's precondition was false as far as the traffic shows (its If-Match tag, body version or " +
    "If-Unmodified-Since date was stale, or it sent If-None-Match: * for a resource that exists), and the " +
    "server answered 500 Internal Server Error instead of 412 Precondition Failed. That is what an " +
    "optimistic-lock or unique-key error looks like when nobody maps it to a status. The write may well " +
    "have been refused, but the client cannot tell a conflict from an outage: it cannot show 'someone " +
    "changed this', and a retry loop will send the same stale write again.",
  fix: {
    client:
      "Until the server is fixed, re-read after a 500 on a conditional write before retrying: the " +
      "resource may have changed.",
    server:
      "Evaluate the precondition before performing the method and answer 412 when it is false (§13.2.2); " +
      "map optimistic-lock and duplicate-key errors to 412 (or 409), not 500."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    if (exchange.kind !== "api" || exchange.status !== INTERNAL_SERVER_ERROR) return NO_FINDINGS
    if (isSafeMethod(exchange.method)) return NO_FINDINGS
    const { precondition } = update.event
    if (precondition.state === "stale") {
      const { named, current } = staleBasis(precondition)
      // The write that made the tag stale, shown for context as lost-update shows it.
      const newer = update.replacedStateOf
      return [
        {
          ruleId: conflictAsServerError.id,
          severity: conflictAsServerError.severity,
          message: `#${exchange.id} ${exchange.method} based on ${named} (current was ${current}) → 500 instead of 412`,
          resourceKey: update.resourceKey,
          exchangeIds: newer === undefined ? [exchange.id] : [newer, exchange.id],
          ...(newer !== undefined && { contextExchangeIds: [newer] })
        }
      ]
    }
    // If-None-Match: * (create only) on a resource the traffic showed existing; a POST to a
    // collection creates a new member elsewhere, and a DELETE has nothing to create.
    const createOnly = exchange.precondition.ifNoneMatch?.kind === "any"
    if (!createOnly || !update.existedBefore || history.collection || exchange.method === "DELETE")
      return NO_FINDINGS
    const known = update.event.precondition.currentVersionIndex
    const existing = known === undefined ? "an existing resource" : `an existing resource (v${known})`
    return [
      {
        ruleId: conflictAsServerError.id,
        severity: conflictAsServerError.severity,
        message: `#${exchange.id} ${exchange.method} with If-None-Match: * on ${existing} → 500 instead of 412`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
