/** Lineage builders for replay tests: a resource with versions v1…vN carrying the given tags. */
import type { ResourceLineage, TagSource } from "../../../src/core/model"
import { observed } from "../../builders/exchange"

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
