/**
 * A write accepted although it replaced a version its client never saw: it named an older version
 * (stale If-Match, body version or date), or, with two users in the capture, it named none (or `*`)
 * right over another user's change that none of its own user's requests had shown.
 */
import type { Exchange, Finding, LineageEvent } from "../../model"
import type { LineageUpdate } from "../../lineage/resource-history"
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
      const unseen = unguardedOverwrite(exchange, update.event, update.replacedUnseenChange)
      return unseen === undefined ? NO_FINDINGS : [{ ...unseen, resourceKey: update.resourceKey }]
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
 * A PUT or DELETE that named no version (or `*`) over another user's change its user never saw. A
 * PATCH or POST is left out: it may change other fields than that change did, so the traffic does
 * not prove a loss (missing-if-match reports it).
 */
function unguardedOverwrite(
  exchange: Exchange,
  event: LineageEvent,
  change: number | undefined
): Omit<Finding, "resourceKey"> | undefined {
  if (change === undefined || (exchange.method !== "PUT" && exchange.method !== "DELETE")) return undefined
  const sent = event.precondition.state === "any" ? "sent If-Match: *" : "sent no precondition"
  const verb = exchange.method === "DELETE" ? "deleted" : "overwrote"
  const { currentVersionIndex } = event.precondition
  const version = currentVersionIndex === undefined ? "" : `v${currentVersionIndex}, `
  return {
    ruleId: lostUpdate.id,
    severity: lostUpdate.severity,
    message:
      `#${exchange.id} ${exchange.method} ${sent} and was accepted with ${exchange.status}: it ${verb} ` +
      `${version}another user's change (#${change}), which its user had not read`,
    exchangeIds: [change, exchange.id],
    // The other user's change did nothing wrong: it is the victim, shown for context.
    contextExchangeIds: [change]
  }
}
