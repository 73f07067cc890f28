/**
 * A write accepted although it replaced a version its client never saw: it named an older version
 * (stale If-Match, body version or date), or, with two users in the capture, it named none (or `*`)
 * right over another user's change that none of its own user's requests had shown (a JSON merge
 * patch or JSON Patch: where it set again what that change had set).
 */
import { andList } from "../../list-text"
import type { LineageUpdate } from "../../lineage/resource-history"
import { otherRecordsHint } from "../../lineage/record-query-params"
import { goneWords } from "../../lineage/shown-gone"
import { unguardedOverwriteOf } from "../../lineage/unguarded-overwrite"
import type { Exchange, Finding } from "../../model"
import { NO_FINDINGS, isClientApiTraffic, isSuccess, rfc9110, staleBasis, type EventRule } from "../rule"

export const lostUpdate: EventRule = {
  id: "lost-update",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "Lost update: a write replaced a version its client never saw",
  explanation:
    "The request said it was based on an older version (a stale If-Match tag, body version or " +
    "If-Unmodified-Since date), yet the server accepted it. Or, with two users in the capture, it named " +
    "no version at all (or If-Match: *) and replaced another user's change that its own user had never " +
    "read. Whatever changed the resource in between is now gone, and nobody was told.",
  fix: {
    client:
      "Send the tag you read back as If-Match, re-read before writing, and treat 412 (or 409) as " +
      "'someone changed it': merge or ask the user.",
    server:
      "Compare If-Match with the current tag using strong comparison and answer 412 when it does not match " +
      "(on an API without tags: answer 412 when the resource was modified after the If-Unmodified-Since " +
      "date); answer 428 Precondition Required to a write that names no version."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update }) {
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    const { precondition } = update.event
    if (update.event.role === "read") return NO_FINDINGS
    if (precondition.state === "stale") return [staleWriteAccepted(exchange, update)]
    if (precondition.state === "none" || precondition.state === "any") {
      const unseen = unguardedOverwrite(exchange, update)
      return unseen === undefined ? NO_FINDINGS : [unseen]
    }
    return NO_FINDINGS
  }
}

function staleWriteAccepted(exchange: Exchange, update: LineageUpdate): Finding {
  const { goneBy } = update.event.precondition
  if (goneBy !== undefined) return goneWriteAccepted(exchange, update, goneBy)
  const overwritten = update.replacedStateOf
  const { named, current } = staleBasis(update.event.precondition)
  // A 202 is accepted for processing, not enacted yet (§15.3.3): the server took the stale tag, and
  // the overwrite follows if it carries the request out.
  const queued = exchange.status === 202
  const overwrote = queued ? "when carried out, it overwrites" : "overwrote"
  return {
    ruleId: lostUpdate.id,
    severity: lostUpdate.severity,
    message:
      `#${exchange.id} ${exchange.method} based on ${named} (current was ${current}) was accepted with ` +
      `${exchange.status}${queued ? " (for processing, not enacted yet)" : ""}` +
      (overwritten === undefined ? "" : `: ${overwrote} ${overwrittenText(update, overwritten, current)}`) +
      otherRecordsHint(update.history.recordParams, exchange.url),
    resourceKey: update.resourceKey,
    exchangeIds: overwritten === undefined ? [exchange.id] : [overwritten, exchange.id],
    // The overwritten write did nothing wrong: it is the victim, shown for context.
    ...(overwritten !== undefined && { contextExchangeIds: [overwritten] })
  }
}

/**
 * `#3`, the write it overwrote; or, when the newer version was revealed by a read or a refusal's
 * answer (the capture missed the write that made it), that version and the exchange:
 * `v2 (revealed by #2 GET)`, `v2 (revealed by #2 PUT → 412)`.
 */
function overwrittenText(update: LineageUpdate, overwritten: number, current: string): string {
  const event = update.history.events.find((candidate) => candidate.exchangeId === overwritten)
  if (event === undefined) return `#${overwritten}`
  if (event.role === "read") return `${current} (revealed by #${overwritten} ${event.method})`
  if (isSuccess(event.status)) return `#${overwritten}`
  return `${current} (revealed by #${overwritten} ${event.method} → ${event.status})`
}

/**
 * A write naming a version of a resource shown gone since (deleted, or read 404 or 410): no tag
 * matched, for there was no current representation (RFC 9110 §13.1.1), yet the server wrote it back.
 */
function goneWriteAccepted(exchange: Exchange, update: LineageUpdate, goneBy: number): Finding {
  const { named } = staleBasis(update.event.precondition)
  const shown = update.history.events.find((event) => event.exchangeId === goneBy)
  const how = shown === undefined ? `#${goneBy}` : goneWords(shown)
  return {
    ruleId: lostUpdate.id,
    severity: lostUpdate.severity,
    message:
      `#${exchange.id} ${exchange.method} based on ${named} of a resource gone since (${how}) was accepted ` +
      `with ${exchange.status}: it brought the resource back`,
    resourceKey: update.resourceKey,
    exchangeIds: [goneBy, exchange.id],
    contextExchangeIds: [goneBy]
  }
}

/** A write that named no version (or `*`) over another user's change its user never saw (lineage/unguarded-overwrite.ts). */
function unguardedOverwrite(exchange: Exchange, update: LineageUpdate): Finding | undefined {
  const overwrite = unguardedOverwriteOf(exchange, update)
  if (overwrite === undefined) return undefined
  const { change, members } = overwrite
  const overwrote =
    members !== undefined
      ? `overwrote ${andList(members)} in`
      : exchange.method === "DELETE"
        ? "deleted"
        : "overwrote"
  const sent = update.event.precondition.state === "any" ? "sent If-Match: *" : "sent no precondition"
  const version = change.versionIndex === undefined ? "" : `v${change.versionIndex}, `
  return {
    ruleId: lostUpdate.id,
    severity: lostUpdate.severity,
    message:
      `#${exchange.id} ${exchange.method} ${sent} and was accepted with ${exchange.status}: it ${overwrote} ` +
      `${version}another user's change (#${change.exchangeId}), which its user had not read` +
      otherRecordsHint(update.history.recordParams, exchange.url),
    resourceKey: update.resourceKey,
    exchangeIds: [change.exchangeId, exchange.id],
    // The other user's change did nothing wrong: it is the victim, shown for context.
    contextExchangeIds: [change.exchangeId]
  }
}
