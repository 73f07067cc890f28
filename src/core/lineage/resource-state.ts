/**
 * The lineage book's mutable per-resource state, how a request affects it, and its snapshot view.
 */
import type { RenewedSessions } from "./session-renewals"
import type { ShownToState } from "./shown-to"
import { isSafeMethod } from "../http/methods"
import type {
  Exchange,
  LineageEvent,
  LineageEventRole,
  ObservedTag,
  ResourceLineage,
  Version
} from "../model"
import type { EtagExposure, ResourceHistory, ShownContent, WrittenContent } from "./resource-history"
import type { ChangeFollowers } from "./unseen-change"
import type { RecordParamValues } from "./record-query-params"

export interface VersionState {
  index: number
  tags: ObservedTag[]
  introducedBy: number
  seenBy: number[]
  lastModified?: number
}

export interface ResourceState extends ResourceHistory, ChangeFollowers, ShownToState {
  aliases: string[]
  tagSources: string[]
  versions: VersionState[]
  events: LineageEvent[]
  exists: boolean
  collection: boolean
  untaggedWriteBy?: number
  lastChangeBy?: number
  conflictRefusalCredentials: Map<number, string> | undefined
  /** Text of the latest known representation (2xx GET body, else what a 2xx PUT sent), if small. */
  representation?: string
  lastWrite?: WrittenContent
  /** Refilled in place while reads show the same version. */
  lastShown?: { -readonly [K in keyof ShownContent]: ShownContent[K] }
  lastModified?: number
  etagExposedTo: EtagExposure[] | undefined
  etagHiddenFrom: EtagExposure[] | undefined
  recordParams: RecordParamValues | undefined
  /** A 2xx answer (read or write) was seen: the resource existed at some point. */
  seenAlive: boolean
  /** Versions compacted away after their exchanges were evicted (indexes of the rest stay). */
  droppedVersions: number
  /** Compact again once `versions` grows to this length (amortizes the pass). */
  compactAt: number
  /**
   * Every opaque-tag any version has carried (kept after compaction, so a superset): a tag whose
   * opaque-tag is not in it describes no version, and the newest-first scan can be skipped.
   */
  knownOpaqueTags: Set<string>
  view?: ResourceLineage
}

export function newResourceState(key: string, renewedSessions: RenewedSessions): ResourceState {
  return {
    key,
    renewedSessions,
    aliases: [],
    tagSources: [],
    versions: [],
    events: [],
    exists: true,
    collection: false,
    untaggedWriteBy: undefined,
    lastChangeBy: undefined,
    lastChangeUser: undefined,
    changeFollowedBy: undefined,
    shownVersion: undefined,
    shownTo: undefined,
    conflictRefusalCredentials: undefined,
    representation: undefined,
    lastWrite: undefined,
    lastShown: undefined,
    lastModified: undefined,
    etagExposedTo: undefined,
    etagHiddenFrom: undefined,
    recordParams: undefined,
    seenAlive: false,
    droppedVersions: 0,
    compactAt: 0,
    knownOpaqueTags: new Set(),
    view: undefined
  }
}

/** The snapshot form: copies, so later changes to the state do not show through. */
export function snapshotOf(state: ResourceState): ResourceLineage {
  return {
    key: state.key,
    aliases: [...state.aliases],
    tagSources: [...state.tagSources],
    versions: state.versions.map(versionView),
    events: [...state.events],
    exists: state.exists,
    ...(state.droppedVersions > 0 && { droppedVersions: state.droppedVersions })
  }
}

/** What the request did to the resource, before replays are labelled as such. */
export function effectOf(exchange: Exchange): Exclude<LineageEventRole, "replay"> {
  if (exchange.kind === "not-modified" || isSafeMethod(exchange.method)) return "read"
  if (exchange.method === "DELETE") return "delete"
  const createdElsewhere = exchange.method === "POST" && exchange.location !== undefined
  if (exchange.status === 201 && (createdElsewhere || exchange.method === "PUT")) return "create"
  return "write"
}

/** The tags a 304 names when it carries no ETag: the If-None-Match it answered. */
export function ifNoneMatchTags(exchange: Exchange): readonly ObservedTag[] {
  const condition = exchange.precondition.ifNoneMatch
  if (condition === undefined || condition.kind === "any") return []
  return condition.tags.map((tag) => ({ tag, source: "header" }))
}

/**
 * A version as the snapshot shows it. A literal without spreads (snapshots copy every version of
 * every changed resource); `otherTags`, the tags from the first tag's source that differ from it
 * (more names of one version: a farm's nodes), only when there are some.
 */
function versionView(version: VersionState): Version {
  const view = {
    index: version.index,
    tag: version.tags[0],
    introducedBy: version.introducedBy,
    seenBy: [...version.seenBy]
  }
  const { tags } = version
  if (tags.length < 2) return view
  const first = tags[0]
  const otherTags = tags.filter(
    (other) => other.source === first.source && other.tag.opaque !== first.tag.opaque
  )
  return otherTags.length === 0 ? view : { ...view, otherTags }
}
