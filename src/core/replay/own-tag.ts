/**
 * Whether a refused write's If-Match names the tag the server now shows as current (§13.1.1: the
 * condition is true when one of its tags strongly matches the current tag). After a 412, a read
 * that shows that very tag means the server refuses its own current tag: retrying cannot help.
 */
import { ifMatchNamesTag } from "../http/conditional-headers"
import { parseEntityTag } from "../http/entity-tag"
import type { ReplayPlan } from "./types"

export function refusesOwnTag(refused: ReplayPlan, currentTag: string | undefined): boolean {
  const { sent, carriers } = refused.precondition
  if (sent === undefined || currentTag === undefined) return false
  if (!carriers.some((carrier) => carrier.kind === "if-match")) return false
  const current = parseEntityTag(currentTag)
  return current !== undefined && ifMatchNamesTag(sent, current)
}
