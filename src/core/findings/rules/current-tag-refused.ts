/**
 * The server refused a write with 412 although its If-Match matched the tag the server itself
 * showed: in the 412 answer, or in a read right after that found the resource unchanged.
 */
import { NO_FINDINGS, rfc9110, type EventRule } from "../rule"

export const currentTagRefused: EventRule = {
  id: "current-tag-refused",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "Server refuses its own current tag",
  explanation:
    "A write sent If-Match with the resource's current tag, and the server answered 412 Precondition " +
    "Failed, yet the tag it showed in that answer, or in a read right after, is the very tag the write " +
    "sent: the resource had not changed. The server does not match its own tags, so no conditional " +
    "write can succeed, and clients are pushed to drop If-Match. Usual causes: a suffix added to the " +
    'tag on the way out but not understood on the way in (Apache mod_deflate: "abc-gzip"), a check that ' +
    'compares the bare value with the quoted tag the client sent (abc against "abc": drf-extensions ' +
    "0.7), nodes behind a load balancer that tag the same content differently, or a proxy that rewrites tags.",
  fix: {
    client:
      "Retrying with the same tag will fail again: report it to the server's owners. Do not drop If-Match " +
      "to work around it.",
    server:
      "Evaluate If-Match against the same tag you send in ETag, quotes included (Apache: DeflateAlterETag " +
      "NoChange, or strip the -gzip suffix before comparing), and derive tags from the content or a " +
      "revision, the same on every node."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update }) {
    // Lineage judges it once per exchange (lineage/own-tag-refused.ts).
    const refused = update.refusedOwnTag
    if (refused === undefined) return NO_FINDINGS
    const { event } = update
    const shownBy = refused === event ? "its own 412 answer" : `#${exchange.id} ${exchange.method}`
    return [
      {
        ruleId: currentTagRefused.id,
        severity: currentTagRefused.severity,
        message:
          `#${refused.exchangeId} ${refused.method} with If-Match ${refused.precondition.sent} → 412, ` +
          `yet ${shownBy} shows that tag as current`,
        resourceKey: update.resourceKey,
        exchangeIds: refused === event ? [event.exchangeId] : [refused.exchangeId, event.exchangeId],
        ...(refused !== event && { contextExchangeIds: [event.exchangeId] })
      }
    ]
  }
}
