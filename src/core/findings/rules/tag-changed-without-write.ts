/**
 * Two reads of a resource showed different strong tags for the same content, with nothing written
 * in between: the server's tags change for reasons other than the content (RFC 9110 §8.8.1).
 */
import { headerValue } from "../../http/headers"
import { isDateVersion } from "../../lineage/date-versions"
import type { ReadContent, ResourceHistory } from "../../lineage/resource-history"
import { sameContent } from "../../lineage/same-content"
import type { ObservedTag } from "../../model"
import { NO_FINDINGS, rfc9110, type EventRule } from "../rule"

/** Representation metadata that may rightly give the same content another tag (§8.3–§8.5, §8.8.1). */
const VARIANT_HEADERS = ["content-type", "content-encoding", "content-language"] as const

function sameVariant(a: ReadContent, b: ReadContent): boolean {
  return VARIANT_HEADERS.every(
    (name) => headerValue(a.headers, name)?.toLowerCase() === headerValue(b.headers, name)?.toLowerCase()
  )
}

/** The tag a version is known by (the ETag header first), when it is a strong entity tag. */
function strongTagOf(history: ResourceHistory, versionIndex: number): ObservedTag | undefined {
  const tag = history.versions.find((version) => version.index === versionIndex)?.tags[0]
  return tag === undefined || tag.tag.weak || isDateVersion(tag) ? undefined : tag
}

export const tagChangedWithoutWrite: EventRule = {
  id: "tag-changed-without-write",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "Tag changes although the content did not",
  explanation:
    "Two reads of the resource, with no write in between that the capture shows, returned the same " +
    "content under different strong tags. The tag then depends on something other than the content: " +
    "which node answered (IIS web farms, Apache's inode-based tags behind a load balancer), the time " +
    "the answer was made, or a proxy. A client's If-Match then fails whenever its write reaches " +
    "another node (412 although nobody changed anything), and caches cannot revalidate. (Someone " +
    "outside the capture writing the very same content would look alike.)",
  fix: {
    client:
      "Nothing reliable: a retry may land on the node that made the tag. Report it to the server's owners; " +
      "do not drop If-Match to work around it.",
    server:
      "Derive the tag from the content or a revision stored with the data, the same on every node (not " +
      "inode numbers, per-server change counters or the time of the response)."
  },
  rfc: rfc9110("8.8.1", "Validator Fields"),
  check({ exchange, update, history }) {
    const before = update.readBefore
    const read = history.lastRead
    if (exchange.kind !== "api" || before === undefined || read?.exchangeId !== exchange.id)
      return NO_FINDINGS
    if (before.versionIndex === read.versionIndex) return NO_FINDINGS
    // A 2xx write, create or delete since the earlier read explains a new tag.
    if (history.lastChangeBy !== undefined && history.lastChangeBy > before.exchangeId) return NO_FINDINGS
    const earlier = strongTagOf(history, before.versionIndex)
    const later = strongTagOf(history, read.versionIndex)
    if (earlier === undefined || later === undefined) return NO_FINDINGS
    if (before.text === undefined || read.text === undefined || !sameVariant(before, read)) return NO_FINDINGS
    if (!sameContent(before.text, read.text)) return NO_FINDINGS
    return [
      {
        ruleId: tagChangedWithoutWrite.id,
        severity: tagChangedWithoutWrite.severity,
        message:
          `#${before.exchangeId} GET showed ${earlier.tag.raw}, #${exchange.id} GET shows ${later.tag.raw} ` +
          "for the same content, with nothing written in between",
        resourceKey: update.resourceKey,
        exchangeIds: [before.exchangeId, exchange.id]
      }
    ]
  }
}
