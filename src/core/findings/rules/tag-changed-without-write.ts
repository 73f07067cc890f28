/**
 * A read showed the content the resource was last shown with, under another strong tag, with nothing
 * written in between: the server's tags change for reasons other than the content (RFC 9110 §8.8.1).
 */
import { NO_FINDINGS, rfc9110, type EventRule } from "../rule"

export const tagChangedWithoutWrite: EventRule = {
  id: "tag-changed-without-write",
  severity: "warning",
  scope: "event",
  repeat: "once-per-resource",
  title: "Tag changes although the content did not",
  explanation:
    "A read returned the content the resource was last shown with (by a read, or by the write that " +
    "made it), with no write in between that the capture shows, but under a different strong tag. " +
    "The tag then depends on something other than the content: which node answered (IIS web " +
    "farms, Apache's inode-based tags behind a load balancer), the time the answer was made, or a " +
    "proxy. A client's If-Match then fails whenever its write reaches another node (412 although " +
    "nobody changed anything), and caches cannot revalidate. (Someone outside the capture writing " +
    "the very same content would look alike.)",
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
    // Lineage compares the read with what last showed the resource (lineage/retagged-content.ts).
    const before = update.retaggedFrom
    const shown = history.lastShown
    if (exchange.kind !== "api" || before === undefined || shown?.exchangeId !== exchange.id)
      return NO_FINDINGS
    return [
      {
        ruleId: tagChangedWithoutWrite.id,
        severity: tagChangedWithoutWrite.severity,
        message:
          `#${before.exchangeId} ${before.method} showed ${before.tag.tag.raw}, ` +
          `#${exchange.id} GET shows ${shown.tag.tag.raw} for the same content, with nothing written in between`,
        resourceKey: update.resourceKey,
        exchangeIds: [before.exchangeId, exchange.id]
      }
    ]
  }
}
