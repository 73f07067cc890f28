/** Text for tags, preconditions and lineage events, shared by the views. */
import { eventPreconditionText as preconditionOf } from "../core/lineage/print-lineage"
import { isSuccess } from "../core/http/status"
import type { LineageEvent, ObservedTag, Precondition, TagCondition } from "../core/model"

export function conditionText(condition: TagCondition | undefined): string {
  return condition ? condition.raw : ""
}

/** What the request sent to make itself conditional, as one short string. */
export function preconditionText(precondition: Precondition): string {
  if (precondition.ifMatch) return `If-Match: ${conditionText(precondition.ifMatch)}`
  if (precondition.ifNoneMatch) return `If-None-Match: ${conditionText(precondition.ifNoneMatch)}`
  if (precondition.ifUnmodifiedSince) return `If-Unmodified-Since: ${precondition.ifUnmodifiedSince}`
  if (precondition.bodyVersion)
    return `${precondition.bodyVersion.source}: ${precondition.bodyVersion.tag.raw}`
  return ""
}

export function tagText(tags: readonly ObservedTag[]): { tag: string; source: string } {
  const first = tags[0]
  return first ? { tag: first.tag.raw, source: first.source } : { tag: "", source: "" }
}

export const CONDITIONAL_HEADERS = new Set([
  "if-match",
  "if-none-match",
  "if-unmodified-since",
  "if-modified-since",
  "if-range",
  "etag"
])

export { isSuccess }

/** A write whose precondition named an older version and that the server accepted. */
export function isLostUpdate(event: LineageEvent): boolean {
  return event.role !== "read" && event.precondition.state === "stale" && isSuccess(event.status)
}

/** "If-Match v1 (STALE, current was v2)" / "If-Match v2 (current)" / "(no precondition)": as the CLI says it. */
export function eventPreconditionText(event: LineageEvent): string {
  return preconditionOf(event.precondition, event.role)
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US")
}
