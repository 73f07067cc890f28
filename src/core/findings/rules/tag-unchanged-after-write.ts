/** A write succeeded, yet the next tag the server showed is the one from before the write. */
import { isDateVersion } from "../../lineage/date-versions"
import { eventReadsOnly } from "../../lineage/event-reads"
import type { ResourceHistory } from "../../lineage/resource-history"
import { writeChangedNothing } from "../../lineage/same-content"
import type { LineageEvent } from "../../model"
import { NO_FINDINGS, isSuccess, rfc9110, type EventRule } from "../rule"

function isWrite(event: LineageEvent): boolean {
  return (event.role === "write" || event.role === "replay") && !eventReadsOnly(event)
}

/**
 * The version is known only by its Last-Modified date: one-second resolution (§8.8.2.2), so two
 * changes within a second legitimately share it. Not this rule's business.
 */
function isNamedByDateOnly(history: ResourceHistory, versionIndex: number): boolean {
  const version = history.versions.find((candidate) => candidate.index === versionIndex)
  return version !== undefined && version.tags.every(isDateVersion)
}

/** The 2xx write right before this read, with nothing in between that showed a version. */
function writeJustBefore(events: readonly LineageEvent[]): LineageEvent | undefined {
  for (let position = events.length - 2; position >= 0; position--) {
    const event = events[position]
    if (isWrite(event) && isSuccess(event.status) && event.versionIndex === undefined) return event
    if (event.versionIndex !== undefined || isWrite(event)) return undefined
  }
  return undefined
}

export const tagUnchangedAfterWrite: EventRule = {
  id: "tag-unchanged-after-write",
  severity: "error",
  scope: "event",
  repeat: "each",
  title: "Tag unchanged after a successful write",
  explanation:
    "The resource was changed, but the server still hands out the tag it had before the change. A client " +
    "holding the old tag can then overwrite the new content without being stopped: the tag no longer tells " +
    "versions apart. (A write that changed nothing may legitimately keep its tag: a PUT that sent the " +
    "content the resource already had, or a PATCH whose JSON merge patch or JSON Patch leaves what it " +
    "already held, is not reported when the capture shows both bodies. Nor is a " +
    "Last-Modified date that stays the same on a server without tags: dates have one-second resolution. " +
    "Nor a write answered 202 Accepted: it is not enacted yet.)",
  fix: {
    client: "Nothing reliable: report it to the server's owners.",
    server:
      "Derive the tag from the content or a revision counter that changes on every write (not size and " +
      "a one-second modification time)."
  },
  rfc: rfc9110("8.8.3", "ETag"),
  check({ exchange, update, history }) {
    if (exchange.kind !== "api") return NO_FINDINGS
    const { event } = update
    if (event.versionIndex === undefined) return NO_FINDINGS
    let write: LineageEvent | undefined
    if (isWrite(event) && isSuccess(event.status)) write = event
    else if (event.role === "read") write = writeJustBefore(history.events)
    if (write === undefined || write.precondition.currentVersionIndex !== event.versionIndex)
      return NO_FINDINGS
    // §15.3.3: 202 Accepted is not yet enacted; until it is, the old tag is still the right one.
    if (write.status === 202) return NO_FINDINGS
    if (writeChangedNothing(history.lastWrite, write.exchangeId)) return NO_FINDINGS
    if (isNamedByDateOnly(history, event.versionIndex)) return NO_FINDINGS
    const ids = write === event ? [event.exchangeId] : [write.exchangeId, event.exchangeId]
    return [
      {
        ruleId: tagUnchangedAfterWrite.id,
        severity: tagUnchangedAfterWrite.severity,
        message: `#${write.exchangeId} ${write.method} → ${write.status} but the tag is still v${event.versionIndex}`,
        resourceKey: update.resourceKey,
        exchangeIds: ids,
        // The read only showed the tag; the finding is about the write.
        ...(write !== event && { contextExchangeIds: [event.exchangeId] })
      }
    ]
  }
}
