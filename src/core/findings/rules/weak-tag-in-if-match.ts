/** A weak tag in If-Match can never match: If-Match uses strong comparison. */
import { headerValue } from "../../http/headers"
import type { EntityTag } from "../../model"
import type { ResourceHistory } from "../../lineage/resource-history"
import { sendsWeakIfMatchByConvention } from "../../traffic/weak-tag-conventions"
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, type EventRule } from "../rule"

export const weakTagInIfMatch: EventRule = {
  id: "weak-tag-in-if-match",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "Weak tag sent in If-Match",
  explanation:
    'If-Match compares tags strongly, and a weak tag (W/"…") never matches under strong comparison. A ' +
    "correct server refuses every such write with 412, so the client can never save. A common source of " +
    "weak tags is a compressing proxy in front of the server: nginx's gzip makes the server's strong " +
    'ETag weak (W/"…") on every compressed answer, and the server then refuses its own tag. Not ' +
    'reported for a FHIR API (application/fhir+json), whose version-aware update sends W/"<versionId>" ' +
    "by its specification, nor for a SCIM API (application/scim+json), whose specification hands out " +
    "weak tags to be sent back in If-Match (RFC 7644 §3.14): their servers compare the version the tag names.",
  fix: {
    client: "Send a strong tag in If-Match. If the server only hands out weak tags, ask for strong ones.",
    server:
      "Hand out strong tags for resources that can be written, or document that your If-Match compares weakly. " +
      "Behind a proxy that compresses (nginx gzip), compress in the application instead, or turn the " +
      "proxy's compression off for the API."
  },
  rfc: rfc9110("13.1.1", "If-Match (strong comparison, §8.8.3.2)"),
  check({ exchange, update, history }) {
    const condition = exchange.precondition.ifMatch
    if (!isClientApiTraffic(exchange) || exchange.status === 0 || condition?.kind !== "tags")
      return NO_FINDINGS
    if (!condition.tags.some((tag) => tag.weak)) return NO_FINDINGS
    // FHIR's and SCIM's specifications send weak tags in If-Match (traffic/weak-tag-conventions.ts).
    if (sendsWeakIfMatchByConvention(exchange)) return NO_FINDINGS
    const weak = condition.tags.filter((tag) => tag.weak)
    return [
      {
        ruleId: weakTagInIfMatch.id,
        severity: weakTagInIfMatch.severity,
        message:
          `#${exchange.id} ${exchange.method} sent If-Match ${weak[0].raw}, a weak tag → ${exchange.status}` +
          (isSuccess(exchange.status) ? ACCEPTED_ANYWAY : "") +
          compressedSource(history, weak),
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}

/** A server that matched it compares weakly (server-matches-weak-tag): the client works here only. */
const ACCEPTED_ANYWAY =
  "; this server accepted it, comparing weakly (see server-matches-weak-tag): a server that compares as RFC 9110 says refuses it"

/**
 * Where the tag came from, when the answer that last showed the resource gave it weak and compressed
 * (`Content-Encoding`): the likely cause is a compressing proxy, which weakens tags it compresses.
 */
function compressedSource(history: ResourceHistory, sent: readonly EntityTag[]): string {
  const shown = history.lastShown
  if (shown === undefined || !shown.tag.tag.weak) return ""
  if (!sent.some((tag) => tag.opaque === shown.tag.tag.opaque)) return ""
  const coding = headerValue(shown.headers, "content-encoding")?.trim()
  if (coding === undefined || coding === "" || coding.toLowerCase() === "identity") return ""
  return `; #${shown.exchangeId} gave it in a ${coding}-compressed answer: compression may have made it weak (nginx's gzip weakens the tags it compresses)`
}
