/**
 * A write accepted although it replaced a version its client never saw: it named an older version
 * (stale If-Match, body version or date), or, with two users in the capture, it named none (or `*`)
 * right over another user's change that none of its own user's requests had shown (a merge patch:
 * where it set again what that change had set).
 */
import { andList } from "../../list-text"
import { changedMembers, isMergePatch, membersPatchedOver } from "../../lineage/merge-patch"
import type { LineageUpdate, ResourceHistory, WrittenContent } from "../../lineage/resource-history"
import type { Exchange, Finding } from "../../model"
import { bodyFieldsOf } from "../../traffic/tag-sources"
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
  check({ exchange, update, history }) {
    if (!isClientApiTraffic(exchange) || !isSuccess(exchange.status)) return NO_FINDINGS
    const { precondition } = update.event
    if (update.event.role === "read") return NO_FINDINGS
    if (precondition.state === "stale") return [staleWriteAccepted(exchange, update)]
    if (precondition.state === "none" || precondition.state === "any") {
      const unseen = unguardedOverwrite(exchange, update, history)
      return unseen === undefined ? NO_FINDINGS : [unseen]
    }
    return NO_FINDINGS
  }
}

function staleWriteAccepted(exchange: Exchange, update: LineageUpdate): Finding {
  const overwritten = update.replacedStateOf
  const { named, current } = staleBasis(update.event.precondition)
  return {
    ruleId: lostUpdate.id,
    severity: lostUpdate.severity,
    message:
      `#${exchange.id} ${exchange.method} based on ${named} (current was ${current}) was accepted with ` +
      `${exchange.status}` +
      (overwritten === undefined ? "" : `: overwrote #${overwritten}`),
    resourceKey: update.resourceKey,
    exchangeIds: overwritten === undefined ? [exchange.id] : [overwritten, exchange.id],
    // The overwritten write did nothing wrong: it is the victim, shown for context.
    ...(overwritten !== undefined && { contextExchangeIds: [overwritten] })
  }
}

/**
 * A PUT or DELETE that named no version (or `*`) over another user's change its user never saw; or a
 * JSON merge patch that set again a member that change had set. Any other PATCH, or a POST, is left
 * out: it may change other fields than that change did, so the traffic does not prove a loss
 * (missing-if-match reports it).
 */
function unguardedOverwrite(
  exchange: Exchange,
  update: LineageUpdate,
  history: ResourceHistory
): Finding | undefined {
  const change = update.replacedUnseenChange
  if (change === undefined) return undefined
  const { event } = update
  let overwrote: string
  if (exchange.method === "PATCH") {
    const members = membersOverwritten(exchange, change.written, history)
    if (members === undefined || members.length === 0) return undefined
    overwrote = `overwrote ${andList(members)} in`
  } else if (exchange.method === "PUT" || exchange.method === "DELETE") {
    overwrote = exchange.method === "DELETE" ? "deleted" : "overwrote"
  } else return undefined
  const sent = event.precondition.state === "any" ? "sent If-Match: *" : "sent no precondition"
  const version = change.versionIndex === undefined ? "" : `v${change.versionIndex}, `
  return {
    ruleId: lostUpdate.id,
    severity: lostUpdate.severity,
    message:
      `#${exchange.id} ${exchange.method} ${sent} and was accepted with ${exchange.status}: it ${overwrote} ` +
      `${version}another user's change (#${change.exchangeId}), which its user had not read`,
    resourceKey: update.resourceKey,
    exchangeIds: [change.exchangeId, exchange.id],
    // The other user's change did nothing wrong: it is the victim, shown for context.
    contextExchangeIds: [change.exchangeId]
  }
}

/** The members a merge patch set again to another value than the replaced write had set them to. */
function membersOverwritten(
  exchange: Exchange,
  written: WrittenContent | undefined,
  history: ResourceHistory
): string[] | undefined {
  const patch = exchange.requestBody?.text
  if (written === undefined || patch === undefined || !isMergePatch(exchange)) return undefined
  // The body's tag fields (`_etag`) name the version, not content.
  const tagFields = new Set(bodyFieldsOf(history.tagSources))
  const changed = changedMembers(written, tagFields)
  return changed === undefined ? undefined : membersPatchedOver(changed, patch)
}
