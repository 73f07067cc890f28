/**
 * Who read and who wrote: when more than one user touched a resource, each of its exchanges named
 * by the user its `Authorization` speaks for (http/authorization.ts). That is the lineage's "who
 * read which tag" where one page stands for several people (the lab's two-user demo, a QA run
 * with two accounts).
 */
import { authorizedUser } from "../http/authorization"
import { headerValue } from "../http/headers"
import type { Exchange, ResourceLineage } from "../model"

/** User key → what to call the user: the JWT subject or Basic user-id, else `user A`, `user B`… */
export type UserLabels = ReadonlyMap<string, string>

function userKeyOf(exchange: Exchange): string | undefined {
  const authorization = headerValue(exchange.requestHeaders, "authorization")
  return authorization === undefined ? undefined : authorizedUser(authorization).key
}

/**
 * A label for every user of the capture, in the order they first appear (so `user A` is the same
 * user on every resource). A name two users share (one subject at two issuers) is not used for
 * the second: it gets a letter.
 */
export function userLabels(exchanges: readonly Exchange[]): UserLabels {
  const labels = new Map<string, string>()
  const taken = new Set<string>()
  let lettered = 0
  for (const exchange of exchanges) {
    const authorization = headerValue(exchange.requestHeaders, "authorization")
    if (authorization === undefined) continue
    const { key, name } = authorizedUser(authorization)
    if (labels.has(key)) continue
    const label = name !== undefined && name !== "" && !taken.has(name) ? name : letterLabel(lettered++)
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
 * Exchange id → user label for the resource's reads and writes, when at least two users made them;
 * undefined when one user (or none that the requests name) did, as there is nobody to tell apart.
 * `labels` is asked only then: it is capture-wide, so it costs a pass over the capture.
 */
export function resourceUsers(
  resource: ResourceLineage,
  exchangeOf: (id: number) => Exchange | undefined,
  labels: () => UserLabels
): ReadonlyMap<number, string> | undefined {
  const keys = new Map<number, string>()
  const distinct = new Set<string>()
  for (const event of resource.events) {
    const exchange = exchangeOf(event.exchangeId)
    const key = exchange === undefined ? undefined : userKeyOf(exchange)
    if (key === undefined) continue
    keys.set(event.exchangeId, key)
    distinct.add(key)
  }
  if (distinct.size < 2) return undefined
  const named = labels()
  const users = new Map<number, string>()
  for (const [exchangeId, key] of keys) users.set(exchangeId, named.get(key) ?? "a user") // never the raw value: it may be a token
  return users
}
