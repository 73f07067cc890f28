/** One response, two versions: the ETag header and the body's tag field disagree. */
import { weakCompare } from "../../http/entity-tag"
import { ECHOED_TAG_SOURCES } from "../../lineage/describe-precondition"
import type { ObservedTag } from "../../model"
import { NO_FINDINGS, rfc9110, type EventRule } from "../rule"

/** Body fields that are a different, documented mechanism (CouchDB revisions), not a copy of the ETag. */
const SEPARATE_MECHANISMS = new Set(["body:_rev", "body:rev"])

/**
 * A body tag meant to equal the ETag: a field that echoes it (`@odata.etag`, `_etag`), or a value
 * written as an entity-tag (`"…"`, `W/"…"`). Not a bare version number (Rails' `lock_version: 3`,
 * JPA's `version`): the server's ETag is then another mechanism (Rails' is a hash of the body).
 */
function meantAsEtag(observed: ObservedTag): boolean {
  if (SEPARATE_MECHANISMS.has(observed.source)) return false
  return ECHOED_TAG_SOURCES.has(observed.source) || /^(?:W\/)?"/.test(observed.tag.raw)
}

export const headerAndBodyTagsDiffer: EventRule = {
  id: "header-and-body-tags-differ",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "ETag header and body tag disagree",
  explanation:
    "The same response names two different versions: one in the ETag header, another in a body field such as " +
    "@odata.etag or _etag. A client that sends back the one the server does not check will be refused (or, " +
    "worse, let through).",
  fix: {
    client: "Use the field the API documents as the version, and the same one everywhere.",
    server: "Send the same tag in the header and the body, or only one of them."
  },
  rfc: rfc9110("8.8.3", "ETag"),
  check({ exchange, update }) {
    if (exchange.kind !== "api") return NO_FINDINGS
    const header = exchange.responseTags.find((observed) => observed.source === "header")
    if (header === undefined) return NO_FINDINGS
    const body = exchange.responseTags.find(
      (observed) => observed.source.startsWith("body:") && meantAsEtag(observed)
    )
    if (body === undefined || weakCompare(header.tag, body.tag)) return NO_FINDINGS
    return [
      {
        ruleId: headerAndBodyTagsDiffer.id,
        severity: headerAndBodyTagsDiffer.severity,
        message: `#${exchange.id}: ETag ${header.tag.raw} but ${body.source} ${body.tag.raw}`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
