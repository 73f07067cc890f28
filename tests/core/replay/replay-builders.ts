/** Lineage builders for replay tests: a resource with versions v1…vN carrying the given tags. */
import type { Exchange, LineageEvent, ResourceLineage, TagSource } from "../../../src/core/model"
import { exchange, observed, write } from "../../builders/exchange"
import { runEngine } from "../../builders/findings"

export function lineageWith(
  key: string,
  tags: readonly string[],
  tagSources: readonly TagSource[] = ["header"]
): ResourceLineage {
  const source = tagSources[0] ?? "header"
  return {
    key,
    aliases: [],
    tagSources,
    versions: tags.map((text, position) => ({
      index: position + 1,
      tag: observed(text, source),
      introducedBy: position + 1,
      seenBy: []
    })),
    events: [],
    exists: true
  }
}

/** Dates of the dated API's first two versions (the lab's `dated` policy: one minute per version). */
export const DATE_V1 = "Thu, 01 Jan 2026 00:01:00 GMT"
export const DATE_V2 = "Thu, 01 Jan 2026 00:02:00 GMT"

/**
 * A server without tags: a read dated v1 (in RFC 850 form, the same second) and a PUT sent with
 * If-Unmodified-Since v1 that made v2; the lineage the engine builds from them.
 */
export function datedHistory(): { put: Exchange; lineage: ResourceLineage } {
  const put = write({
    id: 2,
    request: { "If-Unmodified-Since": DATE_V1, "Content-Type": "application/json" },
    requestBody: { size: 15, text: '{"text":"mine"}', mimeType: "application/json" },
    response: { "Last-Modified": DATE_V2 },
    status: 200
  })
  const read = exchange({ id: 1, response: { "Last-Modified": "Thursday, 01-Jan-26 00:01:00 GMT" } })
  return { put, lineage: runEngine([read, put]).resources[0] }
}

/**
 * A lineage event that shows a resource gone (shown-gone.ts): a DELETE (enacted unless 202), or a
 * read answered 404 or 410; any other method and status for the events around it.
 */
export function eventOf(exchangeId: number, method: string, status: number): LineageEvent {
  const role = method === "DELETE" ? "delete" : method === "GET" ? "read" : "write"
  return { exchangeId, role, method, status, precondition: { mechanism: "none", state: "none" } }
}
