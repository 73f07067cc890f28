/**
 * `If-Match: *` on a write to a resource whose version the client could have named: `*` only asks
 * that the resource exist, so the write overwrites whatever version is there.
 */
import { isWriteToExistingResource } from "../../lineage/write-target"
import {
  NO_FINDINGS,
  etagHiddenFrom,
  isClientApiTraffic,
  knownVersionText,
  rfc9110,
  type EventRule
} from "../rule"

export const ifMatchStarOverwrites: EventRule = {
  id: "if-match-star-overwrites",
  severity: "warning",
  scope: "event",
  repeat: "each",
  title: "If-Match: * guards nothing against concurrent edits",
  explanation:
    "The write sent If-Match: *, which is true for any current version of the resource: it only makes " +
    "sure the resource exists (update, not create). If someone else changed the resource since this " +
    "client read it, their change is overwritten all the same: for lost updates, * is no better than no " +
    "If-Match. The traffic showed a version the client could have named instead.",
  fix: {
    client:
      "Send the tag of the version you edited (If-Match: \"…\"); keep * only for 'update if it exists' " +
      "writes that may overwrite anything.",
    server:
      "Nothing to change: * behaves as RFC 9110 says. Servers that must prevent blind overwrites can " +
      "refuse * with 428."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    // A 412 (or a 409 standing for one) overwrote nothing: * was false (the resource gone), or the
    // server refused * itself, which if-match-star-rejected reports.
    if (!isClientApiTraffic(exchange) || exchange.status === 0) return NO_FINDINGS
    if (exchange.status === 412 || exchange.status === 409) return NO_FINDINGS
    if (update.detail.ifMatch?.state !== "any" || !update.existedBefore) return NO_FINDINGS
    const known = update.event.precondition.currentVersionIndex
    if (known === undefined || !isWriteToExistingResource(exchange, update, history)) return NO_FINDINGS
    return [
      {
        ruleId: ifMatchStarOverwrites.id,
        severity: ifMatchStarOverwrites.severity,
        message: `#${exchange.id} ${exchange.method} sent If-Match: *${knownVersionText(known, update.replacedUnseenChange, etagHiddenFrom(exchange, history), update.currentUnseenBySender)} → ${exchange.status}`,
        resourceKey: update.resourceKey,
        exchangeIds: [exchange.id]
      }
    ]
  }
}
