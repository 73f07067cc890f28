/**
 * A write refused with 412 although its If-Match named the tag the server itself showed as current:
 * in that 412 answer, or in a read right after with nothing written in between (RFC 9110 §13.1.1:
 * the condition is true when a listed tag strongly matches the current one). Apache mod_deflate's
 * `-gzip` suffix, nodes that tag differently. Lineage judges it once per exchange
 * (`LineageUpdate.refusedOwnTag`); the finding current-tag-refused and the learned policy's
 * refuses-current-tag both read that.
 */
import { ifMatchNamesTag } from "../http/conditional-headers"
import { isSuccess } from "../http/status"
import type { Exchange, LineageEvent, ObservedTag } from "../model"
import { eventReadsOnly, writeRightBeforeRead } from "./event-reads"

function isWriteEvent(event: LineageEvent): boolean {
  return !eventReadsOnly(event)
}

/** The ETag header's tag among an answer's tags (If-Match is compared with it, not with body fields). */
function headerTag(tags: readonly ObservedTag[]): ObservedTag["tag"] | undefined {
  return tags.find((observed) => observed.source === "header")?.tag
}

/**
 * The write refused (409 or 412) right before this read, whose If-Match named the very version this
 * read shows, sent without a body or query version: PouchDB Server refusing the current revision in
 * If-Match, Apache mod_deflate's `-gzip` tag. Compared by version, not by header tag, so it holds
 * where a body version (`_rev`) names the versions. Lineage judges it once per exchange
 * (`LineageUpdate.refusedShownVersion`); if-match-header-ignored and the learned policy read that.
 */
export function refusedShownVersion(
  exchange: Exchange,
  event: LineageEvent,
  events: readonly LineageEvent[]
): LineageEvent | undefined {
  if (!eventReadsOnly(event) || !isSuccess(exchange.status) || event.versionIndex === undefined)
    return undefined
  const write = writeRightBeforeRead(events)
  if (write === undefined || (write.status !== 409 && write.status !== 412)) return undefined
  const { mechanism, withBodyVersion, versionIndex } = write.precondition
  // A body version sent along may have been the stale one that decided.
  if (mechanism !== "if-match" || withBodyVersion === true) return undefined
  return versionIndex === event.versionIndex ? write : undefined
}

/**
 * The refused write this exchange shows to have named the current tag (itself, for a 412 that shows
 * it). `event` is the exchange's lineage event, the last of `events` (its resource's).
 */
export function ownTagRefused(
  exchange: Exchange,
  event: LineageEvent,
  events: readonly LineageEvent[]
): LineageEvent | undefined {
  if (exchange.kind !== "api") return undefined
  let refused: LineageEvent | undefined
  if (isWriteEvent(event)) {
    // The 412 answer itself shows the tag the write sent.
    if (exchange.status === 412 && event.precondition.mechanism === "if-match") refused = event
  } else if (event.versionIndex !== undefined && isSuccess(exchange.status)) {
    // The write refused with 412 right before this read.
    const write = writeRightBeforeRead(events)
    if (write?.status === 412 && write.precondition.mechanism === "if-match") refused = write
  }
  if (refused === undefined) return undefined
  const { sent } = refused.precondition
  const current = headerTag(exchange.responseTags)
  return sent !== undefined && current !== undefined && ifMatchNamesTag(sent, current) ? refused : undefined
}
