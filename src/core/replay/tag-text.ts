/**
 * Small tag-text helpers the replay planner needs: the header form of a tag, its weak form,
 * and which lineage version a typed or recorded tag names.
 */
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
  const { opaque } = readTagLeniently(text)
  const version = lineage.versions.find((candidate) => candidate.tag.tag.opaque === opaque)
  return version?.index
}
