/**
 * Whether a lineage event only read the resource: a read, or a replayed GET/HEAD (Show the fix's and
 * Check protection's refresh). Replays are their own role so the lineage can mark them; what they
 * did to the resource is the method's (RFC 9110 §9.2.1: safe methods change nothing).
 */
import { isSafeMethod } from "../http/methods"
import type { LineageEvent } from "../model"

export function eventReadsOnly(event: Pick<LineageEvent, "role" | "method">): boolean {
  return event.role === "read" || (event.role === "replay" && isSafeMethod(event.method))
}

/**
 * The write right before the read that ends `events`, with only 304 revalidations in between;
 * undefined when another read came first (a 2xx read in between already had its say).
 */
export function writeRightBeforeRead(events: readonly LineageEvent[]): LineageEvent | undefined {
  for (let position = events.length - 2; position >= 0; position--) {
    const event = events[position]
    if (!eventReadsOnly(event)) return event
    if (event.status !== 304) return undefined
  }
  return undefined
}
