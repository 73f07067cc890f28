/**
 * The lineage book's working state for one resource, exposed read-only to rules.
 * Unlike `ResourceLineage` (the snapshot form), a version keeps every tag that named it
 * (header and body sources), and the state the next write will be judged against.
 */
import type { RenewedSessions } from "./session-renewals"
import type { HeaderList, LineageEvent, ObservedTag, PreconditionState, TagSource } from "../model"
import type { PatchFormat } from "./patch-writes"

export interface VersionHistory {
  /** 1-based. */
  readonly index: number
  /** Every tag that named this version, first seen first (header before body fields). */
  readonly tags: readonly ObservedTag[]
  readonly introducedBy: number
  readonly seenBy: readonly number[]
  /** Its `Last-Modified` (milliseconds), when a response that showed it carried one. */
  readonly lastModified?: number
}

export interface ResourceHistory {
  readonly key: string
  readonly aliases: readonly string[]
  readonly tagSources: readonly TagSource[]
  readonly versions: readonly VersionHistory[]
  /** Retained events, arrival order (events of evicted exchanges are dropped). */
  readonly events: readonly LineageEvent[]
  readonly exists: boolean
  /** A collection: a read listed item tags, or a POST to it created another resource. */
  readonly collection: boolean
  /**
   * A 2xx write whose response showed no tag, after the latest version: that version is
   * outdated though no newer tag is known yet. Cleared when a tag is seen again.
   */
  readonly untaggedWriteBy?: number
  /**
   * The latest 2xx PUT, or PATCH with a JSON merge patch: what it sent and the representation known
   * just before it, as text.
   */
  readonly lastWrite?: WrittenContent
  /**
   * What the resource was last shown as: the latest 2xx GET, or 2xx write, that named a version,
   * with its content, to compare with the next read (retagged-content.ts).
   */
  readonly lastShown?: ShownContent
  /** Exchange that last changed the resource (a 2xx write, create or delete). */
  readonly lastChangeBy?: number
  /**
   * The user (`Authorization` or session cookie) each retained conflict refusal (refusedAsConflict)
   * was sent with, and each read right after one, by exchange id, when it named one: two users of
   * one page differ there (conflict-refusal.ts). Undefined until the first refusal.
   */
  readonly conflictRefusalCredentials?: ReadonlyMap<number, string>
  /** The capture's renewed sessions (session-renewals.ts), to name a refusal's and a write's user alike. */
  readonly renewedSessions: RenewedSessions
  /**
   * The latest `Last-Modified` the traffic showed (milliseconds); undefined when a later 2xx write
   * answered without one, so the time of the last change is unknown.
   */
  readonly lastModified?: number
  /**
   * The cross-origin pages (their `Origin`) an answer on this resource let read its `ETag`
   * (Access-Control-Expose-Headers), each with the first exchange that did: their scripts could
   * send the tag back from then on. Undefined until the first.
   */
  readonly etagExposedTo?: readonly EtagExposure[]
  /**
   * The cross-origin pages an answer naming a version in ETag was shared with, without listing ETag
   * in Access-Control-Expose-Headers, each with the first exchange that did: the API hides the tag
   * from them. Undefined until the first.
   */
  readonly etagHiddenFrom?: readonly EtagExposure[]
  /**
   * The values query parameters that look like record ids (`?id=`) took in requests to this resource
   * (record-query-params.ts); undefined until one did.
   */
  readonly recordParams?: ReadonlyMap<string, readonly string[]>
}

/** Another user's change, replaced by a write whose user had not seen it (unseen-change.ts). */
export interface UnseenChange {
  readonly exchangeId: number
  readonly versionIndex?: number
  readonly written?: WrittenContent
}

/** Texts kept up to `MAX_COMPARED_BODY_CHARS`; absent when unknown or larger. */
export interface WrittenContent {
  readonly exchangeId: number
  /**
   * A PUT's whole representation (RFC 9110 §9.3.4), or a PATCH's JSON merge patch (RFC 7396) or
   * JSON Patch (RFC 6902).
   */
  readonly sent?: string
  readonly sentAs: "representation" | PatchFormat
  /** The body of the latest 2xx read or write before it. */
  readonly before?: string
}

/**
 * A 2xx GET or write that named a version, with the content it showed (up to
 * `MAX_COMPARED_BODY_CHARS`) and the headers that describe that content, so that the next read can
 * tell a tag that changed with the content from one that did not (§8.8.1).
 */
export interface ShownContent {
  readonly exchangeId: number
  readonly method: string
  readonly versionIndex: number
  /** The tag it showed (the ETag header first). */
  readonly tag: ObservedTag
  readonly text?: string
  /** The headers of the message that carried `text` (a write's request when it was the sent body). */
  readonly headers: HeaderList
  /** The request's URL: its query may select the representation (`?_embed=comments`). */
  readonly url: string
  /** The request's headers: who asked (`Authorization`, with `Vary: Authorization`) may select it too. */
  readonly requestHeaders: HeaderList
}

/** What one sent tag (If-Match member, body/query version) names, at the time it was sent. */
export interface TagMatch {
  readonly state: PreconditionState
  readonly sent: string
  /** Version the tag names, when it names one. */
  readonly versionIndex?: number
  /** Stale because the resource was shown gone since that version: the exchange that showed it. */
  readonly goneBy?: number
}

/** Both precondition mechanisms of one request, judged separately (CouchDB sends both). */
export interface PreconditionDetail {
  readonly ifMatch?: TagMatch
  readonly bodyVersion?: TagMatch & { readonly source: TagSource }
}

/** What adding one exchange did: the rules' view of it. */
export interface LineageUpdate {
  /** The resource the request was about (after joining a create's Location). */
  readonly resourceKey: string
  /** That resource's history, this exchange included (what `history(resourceKey)` gives). */
  readonly history: ResourceHistory
  readonly event: LineageEvent
  readonly detail: PreconditionDetail
  /** Did the resource exist (a version, a create or a read) before this request? */
  readonly existedBefore: boolean
  /** Exchange that made the state this request replaced: the write a stale write overwrote. */
  readonly replacedStateOf?: number
  /** Every resource the exchange touched (its own, plus items of a collection read). */
  readonly touchedKeys: readonly string[]
  /**
   * For a 2xx write or delete: another user's change it replaced although no request of its own user
   * on the resource came after that change (unseen-change.ts): that change's exchange, the version it
   * made (none known when its answer showed no tag), and what it wrote when it was the resource's
   * `lastWrite` (a PUT or a merge patch).
   */
  readonly replacedUnseenChange?: UnseenChange
  /**
   * For a write: the resource's current version was shown (by reads, or the write that made it)
   * only to users other than the one this request names, each named (shown-to.ts).
   */
  readonly currentUnseenBySender: boolean
  /**
   * For a 2xx GET: the exchange that last showed the resource (`lastShown`), when it showed the same
   * content under another strong tag with nothing written since (retagged-content.ts). Lineage then
   * counts both tags as one version.
   */
  readonly retaggedFrom?: ShownContent
  /**
   * For a 2xx GET: its tags named the version last shown as another user's representation of it
   * (`Vary: Authorization`, retagged-content.ts).
   */
  readonly taggedForUser?: boolean
  /**
   * The write refused with 412 although its If-Match named the tag this exchange shows as current
   * (the exchange itself, for a 412 that shows it; own-tag-refused.ts).
   */
  readonly refusedOwnTag?: LineageEvent
  /**
   * For a 2xx read: the If-Match write refused (409/412) right before it, which named the version
   * this read shows, without a body version (own-tag-refused.ts).
   */
  readonly refusedShownVersion?: LineageEvent
}

/** A cross-origin page an answer let read the resource's `ETag`, and the first exchange that did. */
export interface EtagExposure {
  readonly caller: string
  readonly since: number
}
