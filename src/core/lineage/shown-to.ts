/**
 * Whose requests showed the resource's current version: the users named for good
 * (unseen-change.ts's `namedSender`) whose reads saw it or whose write made it. With two users in a
 * capture, a write without a precondition from a user none of those requests was is not one that
 * "knew" the version: missing-if-match then says the version was current but its user had not been
 * shown it, instead of "although v1 was known" (which the capture knew, not that user).
 */
import type { ResourceState } from "./resource-state"

export interface ShownToState {
  /** The version the users below were shown; undefined when unknown (after an untagged change). */
  shownVersion: number | undefined
  /**
   * The users whose requests showed `shownVersion`; undefined once a request that named nobody did
   * (or the panel's replay, which is not a user's), as nobody can then be said not to have seen it.
   */
  shownTo: readonly string[] | undefined
}

const NO_USERS: readonly string[] = []

/** A request of `user` (undefined: named nobody) showed version `versionIndex`. */
export function noteShownTo(state: ShownToState, versionIndex: number, user: string | undefined): void {
  // An older version shown again (a FHIR vread, a lagging replica) says nothing of the newer one.
  if (state.shownVersion !== undefined && versionIndex < state.shownVersion) return
  if (state.shownVersion !== versionIndex) {
    state.shownVersion = versionIndex
    state.shownTo = NO_USERS
  }
  const users = state.shownTo
  if (users === undefined) return
  if (user === undefined) state.shownTo = undefined
  else if (!users.includes(user)) state.shownTo = [...users, user]
}

/** A change the traffic shows no version for (an untagged write, a delete): nobody known to have seen it. */
export function forgetShownTo(state: ShownToState): void {
  state.shownVersion = undefined
  state.shownTo = undefined
}

/**
 * Before a write of `user` is recorded: whether the resource's current version was shown only to
 * other users, each named.
 */
export function currentShownOnlyToOthers(state: ResourceState, user: string | undefined): boolean {
  const users = state.shownTo
  const current = state.versions[state.versions.length - 1]?.index
  if (user === undefined || users === undefined || users.length === 0) return false
  return current !== undefined && state.shownVersion === current && !users.includes(user)
}
