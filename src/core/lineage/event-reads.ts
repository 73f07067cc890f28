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
