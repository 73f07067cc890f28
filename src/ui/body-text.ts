/** Body text for display: JSON pretty-printed, the lines holding a tag field marked. */
import type { BodyInfo, ObservedTag } from "../core/model"
import { bodyFieldOf } from "../core/traffic/tag-sources"

export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** Field names that carry a tag in this body, from the tag sources (`body:_etag` → `_etag`). */
export function tagFieldNames(tags: readonly ObservedTag[]): string[] {
  return tags.flatMap((tag) => bodyFieldOf(tag.source) ?? [])
}

export interface BodyLine {
  readonly text: string
  readonly isTagField: boolean
}

export function bodyLines(body: BodyInfo | undefined, tagFields: readonly string[]): BodyLine[] {
  if (!body?.text) return []
  const keys = tagFields.map((field) => `${JSON.stringify(field)}:`)
  // A dotted field may be a path (metadata.resourceVersion): its last key, at its nesting depth in
  // the two-space pretty print.
  const nested = tagFields
    .filter((field) => field.includes("."))
    .map((field) => {
      const path = field.split(".")
      return `${"  ".repeat(path.length)}${JSON.stringify(path[path.length - 1])}:`
    })
  return prettyBody(body.text)
    .split("\n")
    .map((text) => ({
      text,
      isTagField:
        keys.some((key) => text.trimStart().startsWith(key)) || nested.some((key) => text.startsWith(key))
    }))
}
