/**
 * The lineage book: per resource, the chain of versions and the reads and writes around
 * them, built incrementally in arrival order. Adding one exchange touches only its resource
 * (and, for a collection read, the items it lists). Snapshot views are rebuilt lazily, only
 * for resources that changed since the last view.
 */
import {
  NONE,
  type Exchange,
  type LineageEvent,
  type LineageEventRole,
  type ObservedTag,
  type ResourceLineage
} from "../model"
import { compactVersions, versionWithIndex } from "./compact-versions"
import { refusedAsConflict } from "./conflict-refusal"
import { patchFormatOf } from "./patch-writes"
import { namedSender, noteChangeFollowers, unseenChangeReplaced } from "./unseen-change"
import { currentShownOnlyToOthers, forgetShownTo, noteShownTo } from "./shown-to"
import { NO_RENEWED_SESSIONS, senderKeyOf, type RenewedSessions } from "./session-renewals"
import { isSuccess } from "../http/status"
import { crossOriginCaller, exposesHeader, sharedWithCaller } from "../traffic/cross-origin"
import { headerTagOf } from "../traffic/tag-sources"
import { isFhirVread, withoutFhirHistory } from "../traffic/fhir"
import { describePrecondition, NO_EVENT_PRECONDITION } from "./describe-precondition"
import type { LineageUpdate, ResourceHistory, ShownContent } from "./resource-history"
import {
  effectOf,
  ifNoneMatchTags,
  newResourceState,
  snapshotOf,
  type ResourceState,
  type VersionState
} from "./resource-state"
import { lastModifiedTags, readLastModified, validatesByDateOnly, type LastModified } from "./date-versions"
import { ownTagRefused, refusedShownVersion } from "./own-tag-refused"
import { noteShown, otherRepresentationSince, retaggedSince, writtenContent } from "./retagged-content"
import { noteRecordParams } from "./record-query-params"
import { comparableText } from "./same-content"
import { describes, versionDescribedBy } from "./version-match"

/** Maps a URL to its resource key; undefined when the URL cannot name a resource. */
export type ResourceKeyOf = (url: string) => string | undefined

export interface LineageBook {
  /** Add one exchange; undefined when it is capture noise that lineage ignores. */
  add(exchange: Exchange): LineageUpdate | undefined
  /**
   * Drop an evicted exchange's events and reads (eviction is oldest first), in the resources its
   * `add` touched (the update's `touchedKeys`, kept by the caller). Versions stay, their ids
   * possibly evicted, until a resource has many: then unreferenced old ones are compacted.
   */
  evict(exchangeId: number, touchedKeys: readonly string[]): void
  history(key: string): ResourceHistory | undefined
  /** Snapshot view of one resource, shared until the resource changes. */
  resource(key: string): ResourceLineage | undefined
  resources(): ResourceLineage[]
}

/** `renewedSessions`: what the engine learnt of sessions renewed so far (session-renewals.ts). */
export function createLineageBook(
  keyOf: ResourceKeyOf,
  renewedSessions: RenewedSessions = NO_RENEWED_SESSIONS
): LineageBook {
  const states = new Map<string, ResourceState>()
  /** A PUT target answered 201 with a different Location: later requests to it mean the Location. */
  const routes = new Map<string, string>()

  function stateFor(key: string): ResourceState {
    let state = states.get(key)
    if (state === undefined) {
      const fresh = newResourceState(key, renewedSessions)
      states.set(key, fresh)
      state = fresh
    }
    return state
  }

  function noteSources(state: ResourceState, tags: readonly ObservedTag[]): void {
    for (let position = 0; position < tags.length; position++) {
      const { source } = tags[position]
      if (!state.tagSources.includes(source)) state.tagSources.push(source)
    }
  }

  /**
   * What last showed the resource, when the read `reveal` just judged showed its content under a new
   * tag; set by `reveal`, read right after it by `add`.
   */
  let retaggedBy: ShownContent | undefined
  /** Set by `reveal`: the tags named the version last shown, as another user's representation of it. */
  let representedForUser = false

  /**
   * Tags revealed by a read or produced by a write: the version they name (new or known). Tags that
   * name no known version name a new one, unless the 2xx GET `retagCandidate` showed the content the
   * resource was last shown with under them (retagged-content.ts): they are then more names of that
   * version. Only then is the content compared: most reads name a known version.
   */
  function reveal(
    state: ResourceState,
    tags: readonly ObservedTag[],
    by: number,
    isRead: boolean,
    retagCandidate?: Exchange
  ) {
    retaggedBy = undefined
    representedForUser = false
    noteSources(state, tags)
    const latest = state.versions[state.versions.length - 1]
    // A version is described only by a tag equal to one of its own (weak comparison, §8.8.3.2).
    // Most reads see the latest version: try it before the opaque-tag index and the full scan.
    const known =
      latest !== undefined && describes(latest, tags)
        ? latest
        : namesKnownTag(state, tags)
          ? versionDescribedBy(state.versions, tags)
          : undefined
    if (known !== undefined) {
      for (let position = 0; position < tags.length; position++) {
        const tag = tags[position]
        if (hasSource(known, tag.source)) continue
        known.tags.push(tag)
        state.knownOpaqueTags.add(tag.tag.opaque)
      }
      if (isRead) known.seenBy.push(by)
      if (known === latest) state.untaggedWriteBy = undefined
      return known.index
    }
    retaggedBy = retagCandidate === undefined ? undefined : retaggedSince(state, retagCandidate, tags)
    // Another representation of the version last shown is that version too, and is not reported.
    const represented =
      retaggedBy !== undefined || retagCandidate === undefined
        ? undefined
        : otherRepresentationSince(state, retagCandidate, tags)
    representedForUser = represented?.forUser === true
    const sameVersionBy = retaggedBy ?? represented?.shown
    const retagged =
      sameVersionBy === undefined ? undefined : versionWithIndex(state.versions, sameVersionBy.versionIndex)
    if (retagged !== undefined) {
      const representation = represented?.representation
      const representedFor = representedForUser ? by : undefined
      for (let position = 0; position < tags.length; position++) {
        const tag = tags[position]
        retagged.tags.push(representation === undefined ? tag : { ...tag, representation, representedFor })
        state.knownOpaqueTags.add(tag.tag.opaque)
      }
      if (isRead) retagged.seenBy.push(by)
      return retagged.index
    }
    const index = (latest?.index ?? 0) + 1
    state.versions.push({
      index,
      tags: [...tags],
      introducedBy: by,
      seenBy: isRead ? [by] : [],
      lastModified: undefined
    })
    for (let position = 0; position < tags.length; position++)
      state.knownOpaqueTags.add(tags[position].tag.opaque)
    state.untaggedWriteBy = undefined
    return index
  }

  function record(key: string, exchange: Exchange, event: LineageEvent, touched: string[]): void {
    const state = stateFor(key)
    // Who read the resource since a conflict refusal: another user's read is not the refused
    // client reading again (conflict-refusal.ts). Asked only of a resource that had a refusal.
    if (event.role === "read" && state.conflictRefusalCredentials !== undefined && followsRefusal(state))
      noteRefusalCredentials(state, exchange)
    state.events.push(event)
    state.view = undefined
    if (!touched.includes(key)) touched.push(key)
  }

  function addItemReads(exchange: Exchange, touched: string[], collectionKey: string): void {
    if (exchange.itemTags.length === 0 || !isSuccess(exchange.status)) return
    stateFor(collectionKey).collection = true
    let sender: string | undefined
    let senderRead = false
    for (const item of exchange.itemTags) {
      const itemKey = item.url === undefined ? undefined : keyOf(item.url)
      if (itemKey === undefined || itemKey === collectionKey) continue
      if ("gone" in item) {
        // A member the listing answered 404: a read that finds it gone, as a GET answered 404 is
        // (shown-gone.ts); only for a resource the traffic knows, not a new entry for each removal.
        if (states.has(itemKey)) {
          const event = eventOf(exchange, "read", NO_EVENT_PRECONDITION, undefined)
          record(itemKey, exchange, { ...event, status: 404, listItem: true }, touched)
        }
        continue
      }
      const state = stateFor(itemKey)
      state.seenAlive = true
      state.exists = true
      const versionIndex = reveal(state, [item.tag], exchange.id, true)
      // The list's sender, read once for all its items.
      if (!senderRead) {
        sender = namedSender(exchange, renewedSessions)
        senderRead = true
      }
      noteChangeFollowers(state, sender, false)
      if (exchange.origin !== "replay") noteShownTo(state, versionIndex, sender)
      const event = eventOf(exchange, "read", NO_EVENT_PRECONDITION, versionIndex)
      record(itemKey, exchange, { ...event, listItem: true }, touched)
    }
  }

  function add(exchange: Exchange): LineageUpdate | undefined {
    if (exchange.kind !== "api" && exchange.kind !== "not-modified") return undefined
    // A FHIR vread reads one version of the resource before `/_history/<vid>`: it joins that
    // resource's lineage, naming a version it knows, never making a new one (fhir.ts).
    const vread = isFhirVread(exchange)
    const targetKey = keyOf(vread ? withoutFhirHistory(exchange.url) : exchange.url)
    if (targetKey === undefined) return undefined
    let effect = effectOf(exchange)
    const locationKey = exchange.location === undefined ? undefined : keyOf(exchange.location)
    let key = routes.get(targetKey) ?? targetKey
    if (effect === "create" && locationKey !== undefined && locationKey !== targetKey) {
      key = locationKey
      if (exchange.method === "PUT") routes.set(targetKey, locationKey)
      else stateFor(targetKey).collection = true
    } else if (effect === "write" && locationKey !== undefined && locationKey !== targetKey) {
      // A write to a collection's URL (with a search, as FHIR's conditional update) whose answer
      // names the item it changed: the item is the target, for this write only.
      if (exchange.url.includes("?") || states.get(targetKey)?.collection === true) key = locationKey
    } else if (exchange.method === "POST" && exchange.status === 201 && locationKey === undefined) {
      // §15.3.2: a 201 created another resource, named by no Location (§9.3.3 only SHOULDs one).
      stateFor(targetKey).collection = true
    }
    const state = stateFor(key)
    if (key !== targetKey && !state.aliases.includes(targetKey)) state.aliases.push(targetKey)
    // A request to the resource's own URL; one routed by a Location named another (a collection).
    if (key === targetKey) state.recordParams = noteRecordParams(state.recordParams, exchange.url)
    const existedBefore = state.exists && (state.seenAlive || state.versions.length > 0)
    // CouchDB answers 201 to updates too: a PUT 201 to a resource that existed is a write.
    if (effect === "create" && exchange.method === "PUT" && existedBefore) effect = "write"
    const { summary, detail } = describePrecondition(state, exchange)
    // The latest change the traffic shows: a write, or a read revealing someone else's write.
    const replacedStateOf = latest(
      latest(state.untaggedWriteBy, state.lastChangeBy),
      state.versions[state.versions.length - 1]?.introducedBy
    )

    let versionIndex: number | undefined
    let retaggedFrom: ShownContent | undefined
    let taggedForUser = false
    const succeeded = isSuccess(exchange.status)
    const changes = succeeded && effect !== "read"
    // The panel's replays are the tester's, not a user's: their changes name no author, and they
    // follow no change (as conflict refusals pass them over).
    const sender = exchange.origin === "replay" ? undefined : namedSender(exchange, renewedSessions)
    const currentUnseenBySender = effect !== "read" && currentShownOnlyToOthers(state, sender)
    const unseenChange = changes ? unseenChangeReplaced(state, sender, replacedStateOf) : undefined
    // Allocated only for such a change (rare): what it wrote, read before this write replaces it.
    const replacedUnseenChange =
      unseenChange === undefined
        ? undefined
        : {
            exchangeId: unseenChange,
            versionIndex: versionMadeBy(state, unseenChange),
            written: state.lastWrite?.exchangeId === unseenChange ? state.lastWrite : undefined
          }
    const aboutTarget = answerDescribesTarget(
      state,
      exchange,
      effect,
      locationKey === key || locationKey === targetKey
    )
    // Read once: it may name the version (a server without tags) and dates the resource.
    const modified =
      (succeeded || exchange.kind === "not-modified") && aboutTarget && !vread
        ? readLastModified(exchange)
        : undefined
    if (effect === "read") {
      // A vread's content is its version's, maybe an old one: not what the resource was last shown as.
      const isGet = succeeded && exchange.method === "GET" && !vread
      const tags =
        exchange.kind === "not-modified"
          ? confirmedBy304(state, exchange, modified)
          : vread
            ? knownVersionTags(state, exchange.responseTags)
            : revealedTags(state, exchange, modified)
      if (succeeded || exchange.kind === "not-modified") {
        state.seenAlive = true
        state.exists = true
        if (tags.length > 0) {
          versionIndex = reveal(state, tags, exchange.id, true, isGet ? exchange : undefined)
          retaggedFrom = retaggedBy
          taggedForUser = representedForUser
        }
      }
      if (isGet) {
        state.representation = comparableText(exchange.responseBody?.text)
        if (versionIndex !== undefined)
          noteShown(state, exchange, versionIndex, tags[0], state.representation, exchange.responseHeaders)
      }
    } else if (succeeded && effect === "delete") {
      forgetShownTo(state)
      state.exists = false
      state.untaggedWriteBy = undefined
      state.lastChangeBy = exchange.id
      state.representation = undefined
    } else if (exchange.status === 412) {
      // §8.8.3: an answer's ETag is the current tag once the request was handled. A 412 carrying a
      // strong one (Firebase's REST API sends it with the current value) shows the version that
      // refused the write; a weak one may be a framework's tag of the error body (Express).
      const tags = exchange.responseTags.filter((tag) => tag.source === "header" && !tag.tag.weak)
      if (tags.length > 0) versionIndex = reveal(state, tags, exchange.id, true)
    } else if (succeeded) {
      state.exists = true
      state.seenAlive = true
      state.lastChangeBy = exchange.id
      noteWrittenContent(state, exchange)
      const tags = aboutTarget ? revealedTags(state, exchange, modified) : NONE
      if (tags.length > 0) {
        versionIndex = reveal(state, tags, exchange.id, false)
        const written = writtenContent(exchange)
        noteShown(state, exchange, versionIndex, tags[0], written.text, written.headers)
      } else {
        // An answer without a tag leaves the version before it outdated (unless the write changed
        // nothing: version-match.ts asks, only when a later write names that version).
        state.untaggedWriteBy = exchange.id
        forgetShownTo(state)
      }
    }
    if (versionIndex !== undefined && exchange.origin !== "replay") noteShownTo(state, versionIndex, sender)
    if (succeeded || exchange.kind === "not-modified") noteLastModified(state, modified, effect, versionIndex)
    if (versionIndex !== undefined) noteEtagExposure(state, exchange)
    noteChangeFollowers(state, sender, changes)
    const role = exchange.origin === "replay" ? "replay" : effect
    const event: LineageEvent = eventOf(exchange, role, summary, versionIndex)
    if (role !== "replay" && refusedAsConflict(event)) noteRefusalCredentials(state, exchange)
    const touched = [key]
    record(key, exchange, event, touched)
    if (effect === "read") addItemReads(exchange, touched, key)
    return {
      resourceKey: key,
      history: state,
      event,
      detail,
      existedBefore,
      replacedStateOf,
      replacedUnseenChange,
      currentUnseenBySender,
      touchedKeys: touched,
      retaggedFrom,
      taggedForUser,
      refusedOwnTag: ownTagRefused(exchange, event, state.events),
      refusedShownVersion: refusedShownVersion(exchange, event, state.events)
    }
  }

  /** The tags, when they name a version the lineage knows; none otherwise. */
  function knownVersionTags(state: ResourceState, tags: readonly ObservedTag[]): readonly ObservedTag[] {
    return versionDescribedBy(state.versions, tags) === undefined ? NONE : tags
  }

  /**
   * A 304 confirms the version it names (its ETag, else the If-None-Match it answered; on a server
   * without tags, its Last-Modified), if known.
   */
  function confirmedBy304(
    state: ResourceState,
    exchange: Exchange,
    modified: LastModified | undefined
  ): readonly ObservedTag[] {
    let named = exchange.responseTags.length > 0 ? exchange.responseTags : ifNoneMatchTags(exchange)
    if (named.length === 0 && validatesByDateOnly(state.tagSources)) named = lastModifiedTags(modified)
    return knownVersionTags(state, named)
  }

  function evict(exchangeId: number, keys: readonly string[]): void {
    for (const key of keys) {
      const state = states.get(key)
      if (state === undefined) continue
      // Eviction is oldest first, so the exchange's event and reads are at the front.
      while (state.events.length > 0 && state.events[0].exchangeId === exchangeId) {
        const event = state.events.shift() as LineageEvent
        state.conflictRefusalCredentials?.delete(exchangeId)
        const seen =
          event.versionIndex === undefined ? undefined : versionWithIndex(state.versions, event.versionIndex)
        if (seen?.seenBy[0] === exchangeId) seen.seenBy.shift()
      }
      compactVersions(state, exchangeId)
      state.view = undefined
    }
  }

  function resource(key: string): ResourceLineage | undefined {
    const state = states.get(key)
    if (state === undefined) return undefined
    state.view ??= snapshotOf(state)
    return state.view
  }

  return {
    add,
    evict,
    history: (key) => states.get(key),
    resource,
    resources: () => [...states.keys()].map((key) => resource(key) as ResourceLineage)
  }
}

/**
 * Whether an answer's tags and dates are about the resource it was sent to. A POST that creates
 * nothing answers with the result of an action (GraphQL, RPC, search), not a representation of its
 * target (RFC 9110 §6.4.2, §9.3.3), even when its framework tags every answer (Express sends a weak
 * ETag on each). Its tags name a version only when its Content-Location names the target (§8.7), or
 * when the target is a resource whose versions the traffic already showed (a POST that updates it).
 */
function answerDescribesTarget(
  state: ResourceState,
  exchange: Exchange,
  effect: Exclude<LineageEventRole, "replay">,
  locatedAtTarget: boolean
): boolean {
  if (effect !== "write" || exchange.method !== "POST") return true
  // A 201 describes what it created (§15.3.2), elsewhere unless its Location names the target.
  return locatedAtTarget || (state.versions.length > 0 && exchange.status !== 201)
}

/**
 * The tags a 2xx answer shows for its resource: its own, else (a server that never sent a tag for
 * it) its Last-Modified, which then names the version.
 */
function revealedTags(
  state: ResourceState,
  exchange: Exchange,
  modified: LastModified | undefined
): readonly ObservedTag[] {
  const tags = exchange.responseTags
  if (tags.length > 0 || !validatesByDateOnly(state.tagSources)) return tags
  return lastModifiedTags(modified)
}

/**
 * What a 2xx write leaves known of the content: a PUT sends the whole representation (RFC 9110
 * §9.3.4), and a PATCH may send a JSON merge patch (RFC 7396) or a JSON Patch (RFC 6902); either is
 * kept with the representation before it, so a write that changed nothing can be told apart. Other
 * writes leave only their response body, if any.
 */
function noteWrittenContent(state: ResourceState, exchange: Exchange): void {
  const sent = exchange.method === "PUT" ? comparableText(exchange.requestBody?.text) : undefined
  const before = state.representation
  const sentAs = exchange.method === "PATCH" ? patchFormatOf(exchange) : undefined
  if (exchange.method === "PUT")
    state.lastWrite = { exchangeId: exchange.id, sent, sentAs: "representation", before }
  else if (sentAs !== undefined)
    state.lastWrite = {
      exchangeId: exchange.id,
      sent: comparableText(exchange.requestBody?.text),
      sentAs,
      before
    }
  state.representation = sent ?? comparableText(exchange.responseBody?.text)
}

/**
 * The resource's last modification time as answers show it (`Last-Modified`, RFC 9110 §8.8.2), for
 * judging If-Unmodified-Since. A 2xx write or delete that shows none leaves the time unknown.
 */
function noteLastModified(
  state: ResourceState,
  modified: LastModified | undefined,
  effect: Exclude<LineageEventRole, "replay">,
  versionIndex: number | undefined
): void {
  if (modified === undefined) {
    if (effect !== "read") state.lastModified = undefined
    return
  }
  const { at } = modified
  state.lastModified = state.lastModified === undefined ? at : Math.max(state.lastModified, at)
  const version = versionIndex === undefined ? undefined : versionWithIndex(state.versions, versionIndex)
  if (version !== undefined) version.lastModified = at
}

/**
 * An answer to a cross-origin page that named a version in ETag: whether it listed ETag in
 * Access-Control-Expose-Headers (the page could read the tag) or, shared with the page, hid it. The
 * caller is looked up only for an answer with CORS headers (most have none).
 */
function noteEtagExposure(state: ResourceState, exchange: Exchange): void {
  if (headerTagOf(exchange.responseTags) === undefined) return
  const headers = exchange.responseHeaders
  const exposed = exposesHeader(headers, "etag")
  if (!exposed && !sharedWithCaller(headers)) return
  const caller = crossOriginCaller(exchange)
  if (caller === undefined) return
  const seen = exposed ? (state.etagExposedTo ??= []) : (state.etagHiddenFrom ??= [])
  if (!seen.some((exposure) => exposure.caller === caller)) seen.push({ caller, since: exchange.id })
}

/** False when no tag's opaque-tag was ever carried by a version of the resource (so none matches). */
function namesKnownTag(state: ResourceState, tags: readonly ObservedTag[]): boolean {
  for (let position = 0; position < tags.length; position++) {
    if (state.knownOpaqueTags.has(tags[position].tag.opaque)) return true
  }
  return false
}

/** The version already has a tag from this source. */
function hasSource(version: VersionState, source: string): boolean {
  for (let position = 0; position < version.tags.length; position++) {
    if (version.tags[position].source === source) return true
  }
  return false
}

/**
 * Who a conflict refusal was sent by, for telling two users apart later (conflict-refusal.ts): the
 * user its `Authorization` names (a refreshed JWT names the same subject; an opaque token is itself),
 * else its server-side session cookie. Other cookies are left out: a browser changes them between
 * requests of one user.
 */
/**
 * Whether the resource's latest events, the panel's replays and other refusals aside, are a conflict
 * refusal and only reads whose sender was noted since (a read right after a refusal, or after such
 * reads).
 */
function followsRefusal(state: ResourceState): boolean {
  const credentials = state.conflictRefusalCredentials
  for (let at = state.events.length - 1; at >= 0; at--) {
    const event = state.events[at]
    if (event.role === "replay") continue
    if (event.role === "read") {
      if (credentials?.has(event.exchangeId) === true) continue
      return false
    }
    if (refusedAsConflict(event)) return true
    if (isSuccess(event.status)) return false
  }
  return false
}

function noteRefusalCredentials(state: ResourceState, exchange: Exchange): void {
  const credentials = senderKeyOf(exchange, state.renewedSessions)
  if (credentials !== undefined)
    (state.conflictRefusalCredentials ??= new Map()).set(exchange.id, credentials)
}

function eventOf(
  exchange: Exchange,
  role: LineageEvent["role"],
  precondition: LineageEvent["precondition"],
  versionIndex: number | undefined
): LineageEvent {
  const { id: exchangeId, method, status } = exchange
  return versionIndex === undefined
    ? { exchangeId, role, method, status, precondition }
    : { exchangeId, role, method, status, precondition, versionIndex }
}

/** The latest version, when `exchangeId` (a write) made it: an untagged write made none known. */
function versionMadeBy(state: ResourceState, exchangeId: number): number | undefined {
  const latestVersion = state.versions[state.versions.length - 1]
  return latestVersion?.introducedBy === exchangeId ? latestVersion.index : undefined
}

/** The later of two exchange ids (ids follow arrival order). */
function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  return b === undefined || a > b ? a : b
}
