/**
 * Which version a tag names. Versions are identified by their opaque tag, compared weakly
 * (RFC 9110 §8.8.3.2: same opaque-tag = same representation as far as identity goes);
 * whether a server *should* have accepted the tag is the findings' business, not lineage's.
 */
import { weakCompare } from "../http/entity-tag"
import type { EntityTag, ObservedTag, PreconditionState, TagCondition } from "../model"
import type { ResourceHistory, TagMatch, VersionHistory } from "./resource-history"
import { writeChangedNothing } from "./same-content"
import { goneSinceLatestVersion } from "./shown-gone"

/** Latest version index named by the tag, searching newest first; undefined if never seen. */
export function versionNamedBy(versions: readonly VersionHistory[], tag: EntityTag): number | undefined {
  for (let position = versions.length - 1; position >= 0; position--) {
    const version = versions[position]
    if (hasOpaque(version, tag.opaque)) return version.index
  }
  return undefined
}

/** Weak comparison (§8.8.3.2) against each tag of the version: equal opaque-tags. Plain loops: hot path. */
function hasOpaque(version: VersionHistory, opaque: string): boolean {
  for (let position = 0; position < version.tags.length; position++) {
    if (version.tags[position].tag.opaque === opaque) return true
  }
  return false
}

/**
 * A CouchDB-style revision in the body: it names the document's version by itself, whatever the
 * ETag header says (PouchDB Server answers a write with the revision in ETag and a read with
 * Express's weak hash of the body).
 */
export function isRevisionSource(source: string): boolean {
  return source === "body:_rev" || source === "body:rev"
}

/**
 * True when the response tags describe this version: one tag equals one of the version's,
 * and no tag from a source the version already has disagrees with all of that source's (a CouchDB
 * body hash may repeat across revisions while `_rev` moves on; a version served under two header
 * tags, one per node of a farm, is described by either). A revision that matches outweighs a header
 * or body tag that disagrees; a revision that disagrees rules the version out.
 */
export function describes(version: VersionHistory, tags: readonly ObservedTag[]): boolean {
  let shares = false
  let revisionShared = false
  let disagrees = false
  for (let sent = 0; sent < tags.length; sent++) {
    const tag = tags[sent]
    let matched = false
    let sourceKnown = false
    for (let own = 0; own < version.tags.length; own++) {
      const known = version.tags[own]
      if (weakCompare(known.tag, tag.tag)) {
        matched = true
        break
      }
      if (known.source === tag.source) sourceKnown = true
    }
    if (matched) {
      shares = true
      if (isRevisionSource(tag.source)) revisionShared = true
    } else if (sourceKnown) {
      if (isRevisionSource(tag.source)) return false
      disagrees = true
    }
  }
  return shares && (revisionShared || !disagrees)
}

/** The version a response's tags describe, newest first; undefined when they name a new one. */
export function versionDescribedBy<V extends VersionHistory>(
  versions: readonly V[],
  tags: readonly ObservedTag[]
): V | undefined {
  for (let position = versions.length - 1; position >= 0; position--) {
    if (describes(versions[position], tags)) return versions[position]
  }
  return undefined
}

const STATE_RANK: Record<PreconditionState, number> = { current: 4, stale: 3, unknown: 2, any: 1, none: 0 }

/**
 * Judge one sent tag against the resource as the traffic showed it when the request was sent. A
 * resource shown gone since has no current representation, so no tag names it (RFC 9110 §13.1.1:
 * If-Match with tags is then false): the version is stale, deleted since.
 */
export function matchTag(resource: ResourceHistory, tag: EntityTag): Omit<TagMatch, "sent"> {
  const named = versionNamedBy(resource.versions, tag)
  if (named === undefined) return { state: "unknown" }
  const latest = resource.versions[resource.versions.length - 1]
  if (named !== latest.index || !untaggedWriteChangedNothing(resource))
    return { state: "stale", versionIndex: named }
  const goneBy = shownGoneSinceVersion(resource)
  return goneBy === undefined
    ? { state: "current", versionIndex: named }
    : { state: "stale", versionIndex: named, goneBy }
}

/**
 * True when no write answered without a tag since the latest version, or the one that did sent
 * the content the resource already had (a form saved unchanged): its tag may stay (§8.8.3), so a
 * save after it naming that tag is current. Asked only of a write naming the latest version.
 */
function untaggedWriteChangedNothing(resource: ResourceHistory): boolean {
  const writer = resource.untaggedWriteBy
  return writer === undefined || writeChangedNothing(resource.lastWrite, writer)
}

/**
 * An enacted DELETE, or a read answered 404 or 410, after the latest version (a version revealed
 * after it is a 2xx answer, which ends the search). A DELETE answered 202 may still fail.
 */
function shownGoneSinceVersion(resource: ResourceHistory): number | undefined {
  return goneSinceLatestVersion(resource.events)?.exchangeId
}

/**
 * Judge a condition (`*` or a tag list): the best member counts (current over stale over unknown;
 * of stale ones, the newest version named: the one the client was last based on).
 */
export function matchCondition(resource: ResourceHistory, condition: TagCondition): TagMatch {
  if (condition.kind === "any") return { state: "any", sent: condition.raw }
  let best: Omit<TagMatch, "sent"> = { state: "unknown" }
  for (const tag of condition.tags) {
    const match = matchTag(resource, tag)
    const rank = STATE_RANK[match.state] - STATE_RANK[best.state]
    if (rank > 0 || (rank === 0 && (match.versionIndex ?? 0) > (best.versionIndex ?? 0))) best = match
  }
  const { state, versionIndex, goneBy } = best
  if (versionIndex === undefined) return { state, sent: condition.raw }
  return goneBy === undefined
    ? { state, versionIndex, sent: condition.raw }
    : { state, versionIndex, sent: condition.raw, goneBy }
}
