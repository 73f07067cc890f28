/**
 * Small tag-text helpers the replay planner needs: the header form of a tag, its weak form,
 * and which lineage version a typed or recorded tag names.
 */
import { parseTagCondition } from "../http/conditional-headers"
import type { EntityTag, ResourceLineage } from "../model"

/** `"abc"` or `W/"abc"` (RFC 9110 §8.8.3), whatever form the tag was found in (body fields may be bare). */
export function headerFormOf(tag: EntityTag): string {
  return `${tag.weak ? "W/" : ""}"${tag.opaque}"`
}

/** The weak form `W/"abc"` of a tag (RFC 9110 §8.8.1). */
export function weakFormOf(tag: EntityTag): string {
  return `W/"${tag.opaque}"`
}

/** Reads one tag leniently: `W/"x"`, `"x"` or a bare `x` (body versions such as CouchDB `_rev`). */
export function readTagLeniently(text: string): { weak: boolean; opaque: string } {
  let rest = text.trim()
  const weak = /^w\//i.test(rest)
  if (weak) rest = rest.slice(2)
  if (rest.length >= 2 && rest.startsWith('"') && rest.endsWith('"')) rest = rest.slice(1, -1)
  return { weak, opaque: rest }
}

/** 1-based index of the version whose opaque tag equals the text's, or undefined if none does. */
export function findVersionIndex(text: string, lineage: ResourceLineage): number | undefined {
  return versionIndexOfOpaque(readTagLeniently(text).opaque, lineage)
}

function versionIndexOfOpaque(opaque: string, lineage: ResourceLineage): number | undefined {
  return lineage.versions.find((candidate) => candidate.tag.tag.opaque === opaque)?.index
}

/** The version an If-Match value names, and whether the tag naming it is weak. */
export interface NamedVersion {
  readonly versionIndex?: number
  readonly weak: boolean
}

/**
 * Which version an If-Match field value names, read as the list it may be (`"v1", "v2"`): RFC 9110
 * §13.1.1 makes it true when any listed tag matches the current one, so the member naming the
 * newest version counts (a strong one before a weak one, which never matches). Text that is no
 * tag list is read as one tag, leniently.
 */
export function findVersionNamedByIfMatch(text: string, lineage: ResourceLineage): NamedVersion {
  const condition = parseTagCondition(text)
  if (condition?.kind !== "tags")
    return { versionIndex: findVersionIndex(text, lineage), weak: readTagLeniently(text).weak }
  let named: NamedVersion = { weak: condition.tags.every((tag) => tag.weak) }
  for (const tag of condition.tags) {
    const versionIndex = versionIndexOfOpaque(tag.opaque, lineage)
    if (versionIndex === undefined) continue
    const newer = named.versionIndex === undefined || versionIndex > named.versionIndex
    const strongerTwin = versionIndex === named.versionIndex && named.weak && !tag.weak
    if (newer || strongerTwin) named = { versionIndex, weak: tag.weak }
  }
  return named
}
