/**
 * The engine's vocabulary: plain data that survives a JSON round-trip.
 * Every layer (core modules, store, UI, CLI, tests) speaks these types.
 * Words follow shared DESIGN.md: exchange, resource, tag, version, precondition, policy.
 */

/** One HTTP header as HAR carries it: order and duplicates kept, names compared case-insensitively. */
export interface Header {
  readonly name: string
  readonly value: string
}
export type HeaderList = readonly Header[]

/** An entity tag (RFC 9110 §8.8.3): `"xyzzy"` or `W/"xyzzy"`. */
export interface EntityTag {
  /** True for `W/"…"` (weak validator, §8.8.1). */
  readonly weak: boolean
  /** The opaque-tag content without quotes and without `W/`. */
  readonly opaque: string
  /** The text exactly as it appeared on the wire or in the body. */
  readonly raw: string
  /** Set when the raw text was not valid RFC syntax and was read leniently; says how. */
  readonly lenient?: string
}

/**
 * Where a tag was found: `header` (ETag), `body:<field>` (e.g. `body:@odata.etag`, `body:_rev`),
 * `query:<param>` (e.g. `query:rev`), or `item:<field>` for a tag of one item in a collection.
 */
export type TagSource = string

export interface ObservedTag {
  readonly tag: EntityTag
  readonly source: TagSource
  /**
   * For another tag of a version that names another representation of it: which one
   * (`application/ld+json`, `?_embed`, `for another user`), as lineage told them apart
   * (retagged-content.ts).
   */
  readonly representation?: string
  /**
   * For another user's representation (`Vary: Authorization`): the read that showed it, whose user
   * a lineage view names (resource-users.ts). The model itself names nobody: a JWT's subject may be
   * personal data, shown only where credentials are.
   */
  readonly representedFor?: number
}

/** A conditional header's member list: `*` or one or more tags (RFC 9110 §13.1.1, §13.1.2). */
export type TagCondition =
  | { readonly kind: "any"; readonly raw: string }
  | { readonly kind: "tags"; readonly tags: readonly EntityTag[]; readonly raw: string }

/** What a request carried to make itself conditional. */
export interface Precondition {
  readonly ifMatch?: TagCondition
  readonly ifNoneMatch?: TagCondition
  readonly ifUnmodifiedSince?: string
  readonly ifModifiedSince?: string
  readonly ifRange?: string
  /**
   * A version carried outside the standard conditional headers: in the request body or query
   * (`_rev`, `?rev=`, `@odata.etag`) or in a configured version header (`X-Contentful-Version`).
   */
  readonly bodyVersion?: ObservedTag
}

/** A body as recorded: kept as text up to the size limit, else skipped with the reason. */
export interface BodyInfo {
  readonly mimeType?: string
  /** Size in bytes as reported or measured; -1 when unknown. */
  readonly size: number
  readonly text?: string
  /** Why `text` is absent: "binary", "too large (12 MB > 1 MB limit)", "not captured", "invalid base64". */
  readonly skipped?: string
}

/**
 * How the exchange counts for analysis. Only `api` exchanges can be evidence of a finding;
 * the rest is capture noise (DESIGN.md): recorded, shown on request, never the basis of a finding.
 */
export type ExchangeKind =
  | "api"
  /** A call to an RPC endpoint (GraphQL, JSON-RPC, SOAP, gRPC-Web): shown as API traffic, about no resource. */
  | "rpc"
  | "document"
  | "static"
  | "preflight"
  | "failed"
  | "cached"
  | "not-modified"

/** Where an exchange came from. */
export type ExchangeOrigin = "live" | "backfill" | "import" | "replay"

/** One request and its response, normalized from a HAR entry. */
export interface Exchange {
  /** Stable id in arrival order, starting at 1. */
  readonly id: number
  /** ISO 8601 start time. */
  readonly startedAt: string
  /**
   * Upper-case method: what the server is asked to do. For a POST that names another method in
   * `X-HTTP-Method` (or `X-HTTP-Method-Override`, `X-Method-Override`), that method (`MERGE`,
   * `DELETE`, …), and `sentMethod` is `POST`.
   */
  readonly method: string
  /** The method on the wire when it differs from `method` (a method override); else undefined. */
  readonly sentMethod?: string
  readonly url: string
  /** 0 when the request failed or was aborted. */
  readonly status: number
  readonly statusText: string
  readonly requestHeaders: HeaderList
  readonly responseHeaders: HeaderList
  readonly requestBody?: BodyInfo
  readonly responseBody?: BodyInfo
  /** `_resourceType` when the capture had it, lower-cased (`fetch`, `xhr`, `document`, …). */
  readonly resourceType?: string
  readonly kind: ExchangeKind
  readonly origin: ExchangeOrigin
  /** What the request carried to make itself conditional. */
  readonly precondition: Precondition
  /** Tags the response revealed for the requested resource (header and body), header first. */
  readonly responseTags: readonly ObservedTag[]
  /**
   * Tags of items in a collection response, with the item URL where the API makes it derivable;
   * and members a WebDAV listing answered 404 (a sync-collection report's removed members).
   */
  readonly itemTags: readonly (ItemTag | GoneItem)[]
  /** Absolute `Location` (or `Content-Location`) of the response, for creates. */
  readonly location?: string
  /** For a replay: the exchange it replayed, and the precondition the user chose. */
  readonly replay?: { readonly of: number; readonly choice: string; readonly verdict?: ReplayVerdict }
  /** Things skipped or read leniently while normalizing, shown to the user. */
  readonly notes: readonly string[]
}

export interface ItemTag {
  /** Resource URL of the item, when derivable (OData `@odata.id`/key, `self` link, `id` + collection URL). */
  readonly url?: string
  readonly tag: ObservedTag
}

/** A member a listing said is not there (404): a read of it that finds it gone. */
export interface GoneItem {
  readonly url: string
  readonly gone: true
}

/** A HAR entry we could not use, and why. Nothing else in the file is lost because of it. */
export interface SkippedEntry {
  /** Index in the HAR's `log.entries` (or arrival order for live traffic). */
  readonly index: number
  readonly reason: string
  readonly url?: string
}

// ---------------------------------------------------------------- lineage

/** How a write's precondition relates to what the traffic showed at the time it was sent. */
export type PreconditionState =
  | "current" // names the latest version the traffic shows
  | "stale" // names an older version
  | "unknown" // names a tag never seen in this capture
  | "any" // `If-Match: *`
  | "none" // no precondition at all

export type LineageEventRole = "read" | "create" | "write" | "delete" | "replay"

export interface LineageEvent {
  readonly exchangeId: number
  readonly role: LineageEventRole
  readonly method: string
  readonly status: number
  /** What precondition mechanism the request used. */
  readonly precondition: {
    readonly mechanism: "if-match" | "if-none-match" | "if-unmodified-since" | "body-version" | "none"
    readonly sent?: string
    readonly state: PreconditionState
    /** Version (1-based) the sent tag names, when known. */
    readonly versionIndex?: number
    /** Latest version at the time the request was sent. */
    readonly currentVersionIndex?: number
    /** For `body-version`: where the version travelled (`body:_rev`, `query:rev`, …). */
    readonly source?: TagSource
    /** For `if-match`: a body or query version (`_rev`, `?rev=`) was sent with it. */
    readonly withBodyVersion?: true
    /**
     * Stale because the resource was shown gone since the version it names: the exchange that did
     * (an enacted DELETE, or a read answered 404 or 410).
     */
    readonly goneBy?: number
    /**
     * For `none` on a write: a JSON Patch that tests every member it changes before changing it
     * (json-patch.ts), guarded by content instead of a version (RFC 6902 §4.6).
     */
    readonly contentTested?: true
  }
  /** Version (1-based) this exchange produced (write) or revealed (read). */
  readonly versionIndex?: number
  /** A read of this resource as one item of a collection read: the exchange's URL is the list's. */
  readonly listItem?: true
}

export interface Version {
  /** 1-based; `v1`, `v2`, … in the UI. */
  readonly index: number
  readonly tag: ObservedTag
  /** Exchange that produced it (a write) or first revealed it (a read). */
  readonly introducedBy: number
  /** Reads that saw this version. */
  readonly seenBy: readonly number[]
  /**
   * Other tags from the same source that named this version: the same content tagged by another
   * node of a farm, or another negotiated representation of it (lineage/retagged-content.ts);
   * absent when none.
   */
  readonly otherTags?: readonly ObservedTag[]
}

export interface ResourceLineage {
  /** Normalized resource URL: origin + path (+ kept query). */
  readonly key: string
  /** Other URLs joined to this resource (the create's POST target, Location, Content-Location). */
  readonly aliases: readonly string[]
  /** Sources its tags came from, e.g. ["header", "body:@odata.etag"]. */
  readonly tagSources: readonly TagSource[]
  readonly versions: readonly Version[]
  /** Reads and writes in arrival order. */
  readonly events: readonly LineageEvent[]
  /** False once a successful DELETE was seen. */
  readonly exists: boolean
  /**
   * Older versions dropped to bound memory (their exchanges were all evicted); absent when none.
   * The remaining versions keep their indexes, so `versions` may have gaps (v1, v40, v41, …).
   */
  readonly droppedVersions?: number
}

// ---------------------------------------------------------------- policy

export type PolicyTrait =
  | "enforces-412" // stale If-Match → 412
  | "enforces-409" // stale or missing tag → 409 (Nox-style)
  | "requires-428" // missing precondition → 428 (RFC 6585 §3)
  | "requires-400" // missing precondition → 400 that says so
  | "accepts-without-precondition" // write without precondition → 2xx
  | "accepts-stale" // stale If-Match → 2xx
  | "accepts-blind-overwrite" // no version (or *) → 2xx over another user's change its user never read: a lost update
  | "ignores-if-match-header" // If-Match mismatched yet accepted while a body version decides (CouchDB)
  | "body-version" // version travels in body/query/version header
  | "weak-tags" // hands out weak tags
  | "accepts-weak-if-match" // accepted a write whose If-Match held only weak tags: compares weakly (§8.8.3.2)
  | "unstable-tags" // showed one content under two strong tags with nothing written in between (§8.8.1)
  | "tags-per-user" // tagged one version once per user, its answers varying by Authorization (§8.8.3, §12.5.5)
  | "refuses-current-tag" // refused with 412 an If-Match naming the tag it showed as current (§13.1.1)
  | "fails-on-stale" // answered a write with a stale precondition with 500 (an unmapped lock error)
  | "accepts-unknown-tag" // If-Match naming only tags never seen → 2xx while the capture showed the current version

export type PolicySummary = "strict" | "conflict-409" | "required-428" | "lax" | "body-versioned" | "unknown"

/** Every PolicySummary, for validating user overrides (settings, CLI config). */
export const POLICY_SUMMARIES: readonly PolicySummary[] = [
  "strict",
  "conflict-409",
  "required-428",
  "lax",
  "body-versioned",
  "unknown"
]

export interface ServerPolicy {
  /** Origin, plus a path prefix when traffic under it behaves differently. */
  readonly scope: string
  readonly summary: PolicySummary
  readonly traits: readonly { readonly trait: PolicyTrait; readonly evidence: readonly number[] }[]
  /** Set when the user overrode what was learned. */
  readonly overriddenBy?: "user"
}

// ---------------------------------------------------------------- findings

export type Severity = "error" | "warning" | "info"

/** How every view marks a severity: panel badges, lineage text, CLI reports. */
export const SEVERITY_MARK: Readonly<Record<Severity, string>> = { error: "✖", warning: "⚠", info: "ℹ" }

/** Most severe first: how every view orders findings and severities. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 }
export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"]

export interface Finding {
  /** Stable rule id, e.g. `missing-if-match`. */
  readonly ruleId: string
  readonly severity: Severity
  /** One line, specific to this occurrence. */
  readonly message: string
  readonly resourceKey?: string
  /** The policy scope (origin and path prefix) of a server-wide finding, which has no resource. */
  readonly scope?: string
  /** The exchanges that prove it, in order. */
  readonly exchangeIds: readonly number[]
  /**
   * Those of `exchangeIds` that show the circumstances but are not what the finding is about: the
   * write a lost update overwrote, the read that showed a tag unchanged after a write. Absent: none.
   */
  readonly contextExchangeIds?: readonly number[]
  /**
   * A body field the write carried that looks like the API's version (JPA `version`, Rails
   * `lock_version`, …) but is not a configured body tag field: the panel offers to read it.
   */
  readonly suggestedBodyTagField?: string
  /**
   * A request header the write carried that looks like the version it is based on (Contentful's
   * `X-Contentful-Version`) but is not a configured version header: the panel offers to read it.
   */
  readonly suggestedVersionHeader?: string
  /**
   * The version-carrying request headers a CORS preflight refused (`precondition-blocked-by-cors`):
   * the replay form warns that the browser will not send a request carrying one.
   */
  readonly corsRefusedHeaders?: readonly string[]
  /**
   * A body field the write carried as the version it makes, one more than the version read
   * (Confluence's `version.number`), not yet a next-version field: the panel offers to read it so.
   */
  readonly suggestedNextVersionField?: string
}

// ---------------------------------------------------------------- replay

export type ReplayChoice =
  | { readonly kind: "version"; readonly versionIndex: number }
  | { readonly kind: "original" }
  | { readonly kind: "none" }
  | { readonly kind: "star" }
  | { readonly kind: "weak" }
  | { readonly kind: "custom"; readonly value: string }

export type ReplayVerdict =
  | "conflict-detected" // 412, or 409 in Nox/CouchDB style
  | "current-tag-refused" // 412/409 to the strong tag the capture showed as current
  | "precondition-required" // 428, or 400 saying so
  | "lost-update" // 2xx with a stale or missing tag
  | "accepted" // 2xx with the current tag
  | "resource-gone" // 404 / 410
  | "not-modified" // 304
  | "inconclusive" // 5xx, network error, CORS/CSP block, anything else

// ---------------------------------------------------------------- options

export interface EngineOptions {
  /** Body fields that may carry the tag, in lookup order. */
  readonly bodyTagFields: readonly string[]
  /** Query parameters that carry a version (CouchDB `?rev=`). */
  readonly queryVersionParams: readonly string[]
  /**
   * Request and response headers other than ETag/If-Match that carry the version (Contentful's
   * `X-Contentful-Version`), matched case-insensitively.
   */
  readonly versionHeaders: readonly string[]
  /**
   * Body fields in which a write sends the version it will make, the one it is based on plus one
   * (Confluence's `version.number`): the write is judged by the version before it. Each is also read
   * as a tag field when listed in `bodyTagFields`.
   */
  readonly nextVersionFields: readonly string[]
  /** Query parameters kept in the resource identity; all others are dropped. `"all"` keeps every one. */
  readonly identityQueryParams: readonly string[] | "all"
  /** Exchanges kept before the oldest are evicted. */
  readonly maxExchanges: number
  /** Largest body kept as text, in bytes. */
  readonly maxBodyBytes: number
  /** Rule ids switched off by the user. */
  readonly disabledRules: readonly string[]
  /** User overrides of learned policy, by scope (origin or origin + path prefix). */
  readonly policyOverrides: Readonly<Record<string, PolicySummary>>
}

/**
 * The one shared empty list, for every list field or result with nothing in it (an exchange's
 * notes, tags and item tags, a rule or policy answer): frozen, so sharing it is safe, and most
 * exchanges need no list of their own.
 */
export const NONE: readonly never[] = Object.freeze([])

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  bodyTagFields: ["@odata.etag", "odata.etag", "_etag", "_rev", "metadata.resourceVersion"],
  queryVersionParams: ["rev"],
  versionHeaders: [],
  nextVersionFields: [],
  identityQueryParams: [],
  maxExchanges: 20_000,
  // 1 MiB: ⚙ Settings shows it as 1024 KB.
  maxBodyBytes: 1024 * 1024,
  disabledRules: [],
  policyOverrides: {}
}
