/**
 * Who read and who wrote: when more than one user touched a resource, each of its exchanges named
 * by the user its `Authorization` (else its session cookie) speaks for (http/authorization.ts).
 * That is the lineage's "who read which tag" where one page stands for several people (the lab's
 * two-user demo, a QA run with two accounts, two browsers' captures audited together).
 */
import { requestUser, type AuthorizedUser } from "../http/authorization"
import { exchangeById } from "../exchange-by-id"
import type { Exchange, ResourceLineage } from "../model"
import { continuedKey, continuedUser, NO_RENEWED_SESSIONS, type RenewedSessions } from "./session-renewals"

/** User key → what to call the user: the JWT subject or Basic user-id, else `user A`, `user B`… */
export type UserLabels = ReadonlyMap<string, string>

/** Who sent which exchange: the panel reads it off the exchanges, the audit CLI off its evidence log. */
export interface UserDirectory {
  /** The key of the user an exchange's request named (AuthorizedUser.key); undefined when none. */
  readonly userKeyOf: (exchangeId: number) => string | undefined
  /** Every user's label, capture-wide: asked only for a resource two users touched. */
  readonly labels: () => UserLabels
}

/**
 * A label for every user, given in the order they first appear (so `user A` is the same user on
 * every resource). A name two users share (one subject at two issuers) is not used for the second:
 * it gets a letter. `lettersOnly` labels every user by letter: a JWT's subject may be personal data
 * (an e-mail address), not to be printed where credentials are redacted.
 */
export function labelUsers(usersInOrder: Iterable<AuthorizedUser>, lettersOnly = false): UserLabels {
  const labels = new Map<string, string>()
  const taken = new Set<string>()
  let lettered = 0
  for (const { key, name } of usersInOrder) {
    if (labels.has(key)) continue
    const named = !lettersOnly && name !== undefined && name !== "" && !taken.has(name)
    const label = named ? name : letterLabel(lettered++)
    labels.set(key, label)
    taken.add(label)
  }
  return labels
}

/** `user A` … `user Z`, then `user 27`, … */
function letterLabel(position: number): string {
  return position < 26 ? `user ${String.fromCharCode(65 + position)}` : `user ${position + 1}`
}

/**
 * The users of kept exchanges (the panel's snapshot, in arrival order), a renewed session's user
 * being its first session's (the snapshot's `renewedSessions`).
 */
export function exchangeUserDirectory(
  exchanges: readonly Exchange[],
  renewed: RenewedSessions = NO_RENEWED_SESSIONS
): UserDirectory {
  let labels: UserLabels | undefined
  return {
    userKeyOf: (id) => {
      const exchange = exchangeById(exchanges, id)
      return exchange === undefined ? undefined : exchangeUserKey(exchange, renewed)
    },
    labels: () => (labels ??= labelUsers(usersOf(exchanges, renewed)))
  }
}

/**
 * The user an exchange's request names, read once per exchange: the panel asks again for every
 * snapshot (a new one per batch of traffic), and exchanges never change.
 */
export function exchangeUser(exchange: Exchange): AuthorizedUser | undefined {
  let user = usersByExchange.get(exchange)
  if (user === undefined) {
    user = requestUser(exchange.requestHeaders) ?? null
    usersByExchange.set(exchange, user)
  }
  return user ?? undefined
}

/** The key of the user an exchange's request names, a renewed session's being its first one's. */
export function exchangeUserKey(exchange: Exchange, renewed: RenewedSessions): string | undefined {
  return continuedKey(exchangeUser(exchange)?.key, renewed)
}

/** `null`: the request names no user. Weak: an evicted exchange takes its entry with it. */
const usersByExchange = new WeakMap<Exchange, AuthorizedUser | null>()

function* usersOf(exchanges: readonly Exchange[], renewed: RenewedSessions): Generator<AuthorizedUser> {
  for (const exchange of exchanges) {
    const user = exchangeUser(exchange)
    if (user !== undefined) yield continuedUser(user, renewed)
  }
}

/**
 * Exchange id → user label for the resource's reads and writes, when at least two users made them;
 * undefined when one user (or none that the requests name) did, as there is nobody to tell apart.
 */
export function resourceUsers(
  resource: ResourceLineage,
  directory: UserDirectory
): ReadonlyMap<number, string> | undefined {
  const keys = new Map<number, string>()
  const distinct = new Set<string>()
  for (const event of resource.events) {
    const key = directory.userKeyOf(event.exchangeId)
    if (key === undefined) continue
    keys.set(event.exchangeId, key)
    distinct.add(key)
  }
  if (distinct.size < 2) return undefined
  const labels = directory.labels()
  const users = new Map<number, string>()
  // Never the key itself for want of a label: for an opaque token, the key is the token.
  for (const [exchangeId, key] of keys) users.set(exchangeId, labels.get(key) ?? "a user")
  return users
}
