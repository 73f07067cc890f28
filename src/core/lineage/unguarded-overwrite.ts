/**
 * A lost update with no tag, as the traffic proves it: a write accepted although it named no version
 * (or `If-Match: *`) and replaced another user's change that none of its own user's requests had shown
 * (unseen-change.ts). A PUT or DELETE replaces all of that change; a JSON merge patch or JSON Patch
 * only the members it sets again. Any other PATCH, or a POST, may change other fields than that change
 * did, so the traffic does not prove a loss; nor does a DELETE after that user's DELETE (both wanted it
 * gone). If-Match (RFC 9110 §13.1.1) is what would have stopped it.
 */
import { isSuccess } from "../http/status"
import type { Exchange } from "../model"
import { bodyFieldsOf } from "../traffic/tag-sources"
import { changedMembers, membersPatchedOver, patchFormatOf } from "./patch-writes"
import type { LineageUpdate, UnseenChange, WrittenContent } from "./resource-history"

export interface UnguardedOverwrite {
  readonly change: UnseenChange
  /** The members a patch set again; absent for a PUT or DELETE, which replaced everything. */
  readonly members?: readonly string[]
}

export function unguardedOverwriteOf(
  exchange: Exchange,
  update: LineageUpdate
): UnguardedOverwrite | undefined {
  const change = update.replacedUnseenChange
  if (change === undefined || !isSuccess(exchange.status) || update.event.role === "read") return undefined
  const { state } = update.event.precondition
  if (state !== "none" && state !== "any") return undefined
  if (exchange.method === "DELETE") return deletedBy(update, change.exchangeId) ? undefined : { change }
  if (exchange.method === "PUT") return { change }
  if (exchange.method !== "PATCH") return undefined
  const members = membersOverwritten(exchange, change.written, update)
  return members === undefined || members.length === 0 ? undefined : { change, members }
}

/** Whether the change was a DELETE: one after it (an idempotent 204 to a resource gone) deletes nothing more. */
function deletedBy(update: LineageUpdate, exchangeId: number): boolean {
  const { events } = update.history
  for (let at = events.length - 1; at >= 0; at--)
    if (events[at].exchangeId === exchangeId) return events[at].method === "DELETE"
  return false
}

/** The members a patch set again to another value than the replaced write had set them to. */
function membersOverwritten(
  exchange: Exchange,
  written: WrittenContent | undefined,
  update: LineageUpdate
): string[] | undefined {
  const patch = exchange.requestBody?.text
  const format = patchFormatOf(exchange)
  if (written === undefined || patch === undefined || format === undefined) return undefined
  // The body's tag fields (`_etag`) name the version, not content.
  const tagFields = new Set(bodyFieldsOf(update.history.tagSources))
  try {
    const changed = changedMembers(written, tagFields)
    return changed === undefined ? undefined : membersPatchedOver(changed, patch, format)
  } catch {
    // Bodies nested too deep to compare (a stack overflow): the traffic cannot tell.
    return undefined
  }
}
