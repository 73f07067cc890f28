/**
 * Versions of a resource whose server sends no entity tag, only `Last-Modified` (RFC 9110 §8.8.2):
 * each modification date the traffic shows is a version, named by the date, so the lineage numbers
 * them (v1, v2, …) and If-Unmodified-Since is judged against them like If-Match against tags.
 * A date is a weak validator (§8.8.2.2): two changes within one second share it.
 */
import { headerValue } from "../http/headers"
import { parseHttpDate } from "../http/http-date"
import { NONE, type Exchange, type ObservedTag, type TagSource } from "../model"

/** The tag source of a version known only by its modification date. */
export const LAST_MODIFIED_SOURCE = "last-modified"

/** No entity tag was seen for the resource (its versions, if any, are dates). */
export function validatesByDateOnly(tagSources: readonly TagSource[]): boolean {
  for (let position = 0; position < tagSources.length; position++) {
    if (tagSources[position] !== LAST_MODIFIED_SOURCE) return false
  }
  return true
}

/** The resource's versions are its Last-Modified dates: it has some, and no entity tag was seen. */
export function isDateVersioned(lineage: { readonly tagSources: readonly TagSource[] }): boolean {
  return lineage.tagSources.length > 0 && validatesByDateOnly(lineage.tagSources)
}

/** A version's name is a date, not an entity tag. */
export function isDateVersion(tag: ObservedTag): boolean {
  return tag.source === LAST_MODIFIED_SOURCE
}

/** A response's `Last-Modified`: the text as sent and the time it names. */
export interface LastModified {
  readonly text: string
  /** Milliseconds since the epoch. */
  readonly at: number
}

/** The response's `Last-Modified`, or undefined when it has none or it is not an HTTP-date. */
export function readLastModified(exchange: Exchange): LastModified | undefined {
  const text = headerValue(exchange.responseHeaders, "last-modified")
  const at = text === undefined ? undefined : parseHttpDate(text)
  return text === undefined || at === undefined ? undefined : { text: text.trim(), at }
}

/**
 * A `Last-Modified` as the one "tag" naming the version the response shows, or none. Dates of the
 * same second compare equal whatever form they were written in (§5.6.7): the opaque part is the
 * IMF-fixdate form, the raw part the text as sent.
 */
export function lastModifiedTags(modified: LastModified | undefined): readonly ObservedTag[] {
  if (modified === undefined) return NONE
  const tag = { weak: false, opaque: new Date(modified.at).toUTCString(), raw: modified.text }
  return [{ tag, source: LAST_MODIFIED_SOURCE }]
}

/**
 * The index of the newest version modified by `date` (its modification time not after it): the
 * version an If-Unmodified-Since of that date lets through (§13.1.4). Versions are oldest first.
 */
export function newestVersionModifiedBy<Version extends { readonly index: number }>(
  versions: readonly Version[],
  date: number,
  modifiedAt: (version: Version) => number | undefined
): number | undefined {
  for (let position = versions.length - 1; position >= 0; position--) {
    const at = modifiedAt(versions[position])
    if (at !== undefined && at <= date) return versions[position].index
  }
  return undefined
}
