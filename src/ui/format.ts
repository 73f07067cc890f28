/** Text for tags, preconditions and lineage events, shared by the views. */
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

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300
}

/** A write whose precondition named an older version and that the server accepted. */
export function isLostUpdate(event: LineageEvent): boolean {
  return event.role !== "read" && event.precondition.state === "stale" && isSuccess(event.status)
}

/** "If-Match v1 (STALE, current was v2)" / "If-Match v2 (current)" / "no precondition". */
export function eventPreconditionText(event: LineageEvent): string {
  const { precondition } = event
  if (precondition.mechanism === "none") return event.role === "read" ? "" : "no precondition"
  // A body version says where it travelled (`body:_rev`, `query:rev`) when the engine recorded it.
  const name =
    precondition.mechanism === "body-version"
      ? (precondition.source ?? "body version")
      : headerName(precondition.mechanism)
  const version = precondition.versionIndex ? `v${precondition.versionIndex}` : (precondition.sent ?? "")
  switch (precondition.state) {
    case "current":
      return `${name} ${version} (current)`
    case "stale":
      return `${name} ${version} (STALE, current was v${precondition.currentVersionIndex ?? "?"})`
    case "unknown":
      return `${name} ${precondition.sent ?? ""} (unknown tag)`
    case "any":
      return `${name} *`
    default:
      return name
  }
}

function headerName(mechanism: string): string {
  return mechanism
    .split("-")
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("-")
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US")
}
