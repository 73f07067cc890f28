/**
 * Two writes naming the same version, sent close together: the server judged the one that reached it
 * first, accepted it, and then refused the other, whose tag no longer matched (RFC 9110 §13.1.1). In
 * arrival order the loser may come first, its tag then current as far as the traffic shows. Its 412
 * is the check working, not a server refusing its own current tag.
 */
import { isSuccess } from "../http/status"
import type { LineageEvent } from "../model"

/**
 * The exchange id of the write that won a race against the write at `position`: that write was
 * refused (412 or 409) naming the then current version, and the next event the server answered 2xx
 * is a write naming the same version. Undefined otherwise (a 2xx read in between showed the
 * version unchanged after the refusal: no race explains it).
 */
function raceWinnerOf(events: readonly LineageEvent[], position: number): number | undefined {
  const loser = events[position]
  if (loser === undefined || loser.role === "read") return undefined
  if (loser.status !== 412 && loser.status !== 409) return undefined
  const { state, versionIndex } = loser.precondition
  if (state !== "current" || versionIndex === undefined) return undefined
  for (let next = position + 1; next < events.length; next++) {
    const event = events[next]
    if (!isSuccess(event.status)) continue
    const named = event.precondition
    const won = event.role !== "read" && named.state === "current" && named.versionIndex === versionIndex
    return won ? event.exchangeId : undefined
  }
  return undefined
}

/** Each race loser's exchange id with its winner's, for printers that show every event. */
export function raceWinners(events: readonly LineageEvent[]): ReadonlyMap<number, number> {
  const winners = new Map<number, number>()
  for (let position = 0; position < events.length; position++) {
    const winner = raceWinnerOf(events, position)
    if (winner !== undefined) winners.set(events[position].exchangeId, winner)
  }
  return winners
}
