/**
 * Another user's change that a write replaced without its own user having seen it. With two users in
 * one capture (named by their `Authorization`, or by their session cookies), the traffic proves a lost
 * update even when no tag was sent: Bob read v1, Alice saved v2, and Bob's PUT without If-Match
 * replaced v2, which none of Bob's requests had shown him. If-Match (RFC 9110 §13.1.1) is what would
 * have stopped it.
 */
import { requestUser } from "../http/authorization"
import type { Exchange } from "../model"
import { continuedKey, type RenewedSessions } from "./session-renewals"

/** Who made a resource's latest change, and which other users' requests on it came after that. */
export interface ChangeFollowers {
  /** The exchange that last changed the resource (a 2xx write, create or delete). */
  lastChangeBy?: number
  /** The user `lastChangeBy`'s request named; undefined when it named none. */
  lastChangeUser: string | undefined
  /** Other users with a request on the resource after that change: a read, a refused write, a 304. */
  changeFollowedBy: string[] | undefined
}

/**
 * The user a request names for good: a JWT's subject, a Basic user-id, a session-id cookie (a
 * renewed one as its first, session-renewals.ts). Not an
 * opaque token: an app refreshes it every few minutes, and one user's two tokens would read as two
 * users, one overwriting the other.
 */
export function namedSender(exchange: Exchange, renewed: RenewedSessions): string | undefined {
  const user = requestUser(exchange.requestHeaders)
  return user !== undefined && (user.name !== undefined || user.via === "cookie")
    ? continuedKey(user.key, renewed)
    : undefined
}

/**
 * Before a 2xx change by `sender` is recorded: the exchange of another user's change it replaces,
 * when no request of `sender`'s on the resource came after that change. `replaced` is the exchange
 * that made the state it replaces (a read that revealed someone else's newer version is not a change
 * the capture shows, so it names no user).
 */
export function unseenChangeReplaced(
  state: ChangeFollowers,
  sender: string | undefined,
  replaced: number | undefined
): number | undefined {
  const { lastChangeBy, lastChangeUser } = state
  if (sender === undefined || lastChangeUser === undefined || sender === lastChangeUser) return undefined
  if (lastChangeBy === undefined || replaced !== lastChangeBy) return undefined
  return state.changeFollowedBy?.includes(sender) ? undefined : lastChangeBy
}

/** After the request: a change starts the watch again; another user's request follows the change. */
export function noteChangeFollowers(
  state: ChangeFollowers,
  sender: string | undefined,
  changed: boolean
): void {
  if (changed) {
    state.lastChangeUser = sender
    state.changeFollowedBy = undefined
    return
  }
  if (sender === undefined || state.lastChangeUser === undefined || sender === state.lastChangeUser) return
  const followers = (state.changeFollowedBy ??= [])
  if (!followers.includes(sender)) followers.push(sender)
}
