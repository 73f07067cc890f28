/**
 * The users a capture's requests name, labelled in order of first appearance, kept up to date as
 * snapshots come. An import makes a snapshot per batch, and live traffic one per arrival: each
 * new snapshot's exchanges after the last one read are read, not all of them. A user whose
 * exchanges were evicted keeps their letter, so `user B` stays Bob while the panel is open.
 */
import type { AuthorizedUser } from "../core/http/authorization"
import { exchangeById } from "../core/exchange-by-id"
import { exchangeUser, labelUsers, type UserLabels } from "../core/lineage/resource-users"
import type { Exchange } from "../core/model"

interface UserTracker {
  /** The newest exchange read: a snapshot that still holds it continues this tracker. */
  lastRead: Exchange
  readonly users: AuthorizedUser[]
  readonly keys: Set<string>
  labels: UserLabels | undefined
}

/** One tracker per capture being shown (a panel's store has one; tests make more), newest first. */
const trackers: UserTracker[] = []
const MAX_TRACKERS = 4
const NO_LABELS: UserLabels = new Map()

/** Every user the capture's requests named so far, labelled (lineage/resource-users.ts). */
export function captureUserLabels(exchanges: readonly Exchange[]): UserLabels {
  const newest = exchanges[exchanges.length - 1]
  if (newest === undefined) return NO_LABELS
  let tracker = trackers.find(
    (candidate) => exchangeById(exchanges, candidate.lastRead.id) === candidate.lastRead
  )
  // A snapshot of another capture (cleared, rebuilt with other settings): read it whole.
  let from = 0
  if (tracker === undefined) {
    tracker = { lastRead: newest, users: [], keys: new Set(), labels: undefined }
    trackers.unshift(tracker)
    trackers.length = Math.min(trackers.length, MAX_TRACKERS)
  } else {
    from = indexAfter(exchanges, tracker.lastRead.id)
  }
  for (let position = from; position < exchanges.length; position++) {
    const user = exchangeUser(exchanges[position])
    if (user === undefined || tracker.keys.has(user.key)) continue
    tracker.keys.add(user.key)
    tracker.users.push(user)
    tracker.labels = undefined
  }
  tracker.lastRead = newest
  return (tracker.labels ??= labelUsers(tracker.users))
}

/** The position after the exchange with this id (ids grow with arrival order: a binary search). */
function indexAfter(exchanges: readonly Exchange[], id: number): number {
  let low = 0
  let high = exchanges.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (exchanges[middle].id <= id) low = middle + 1
    else high = middle
  }
  return low
}
