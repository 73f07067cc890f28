/**
 * The users a capture's requests name, labelled in order of first appearance, kept up to date as
 * snapshots come. An import makes a snapshot per batch, and live traffic one per arrival: each
 * new snapshot's exchanges after the last one read are read, not all of them. A user whose
 * exchanges were evicted keeps their letter, so `user B` stays Bob while the panel is open.
 */
import type { AuthorizedUser } from "../core/http/authorization"
import { exchangeIndexById } from "../core/exchange-by-id"
import { exchangeUser, labelUsers, type UserLabels } from "../core/lineage/resource-users"
import type { Exchange } from "../core/model"
import { continuedUser, NO_RENEWED_SESSIONS, type RenewedSessions } from "../core/lineage/session-renewals"

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
export function captureUserLabels(
  exchanges: readonly Exchange[],
  renewed: RenewedSessions = NO_RENEWED_SESSIONS
): UserLabels {
  const newest = exchanges[exchanges.length - 1]
  if (newest === undefined) return NO_LABELS
  // The tracker whose newest exchange read is in this snapshot, and the position after it.
  let tracker: UserTracker | undefined
  let from = 0
  for (const candidate of trackers) {
    const at = exchangeIndexById(exchanges, candidate.lastRead.id)
    if (at !== -1 && exchanges[at] === candidate.lastRead) {
      tracker = candidate
      from = at + 1
      break
    }
  }
  // A snapshot of another capture (cleared, rebuilt with other settings): read it whole.
  if (tracker === undefined) {
    tracker = { lastRead: newest, users: [], keys: new Set(), labels: undefined }
    trackers.unshift(tracker)
    trackers.length = Math.min(trackers.length, MAX_TRACKERS)
  }
  for (let position = from; position < exchanges.length; position++) {
    const sender = exchangeUser(exchanges[position])
    const user = sender === undefined ? undefined : continuedUser(sender, renewed)
    if (user === undefined || tracker.keys.has(user.key)) continue
    tracker.keys.add(user.key)
    tracker.users.push(user)
    tracker.labels = undefined
  }
  tracker.lastRead = newest
  return (tracker.labels ??= labelUsers(tracker.users))
}
