/**
 * "Race two writers" (issue #6): two writes sent in order, both based on the same read's tag.
 * A server that protects against lost updates accepts the first and refuses the second; a lax one
 * accepts both, and the second silently overwrites the first (the check-then-write race).
 */
import type { Exchange, ResourceLineage } from "../model"
import { planReplay, ReplayPlanError, type PlanReplayOptions } from "./plan-replay"
import { isReplayFailure } from "./types"
import type { ReplayPlan, ReplayResponse } from "./types"
import { isSuccess } from "../http/status"
import { goneSinceLatestVersion, goneWords } from "../lineage/shown-gone"

export interface RacePlan {
  /** Version both writers read. */
  readonly basedOn: number
  readonly first: ReplayPlan
  readonly second: ReplayPlan
}

export type RaceVerdict = "protected" | "lost-update" | "inconclusive"

export interface RaceOutcome {
  readonly verdict: RaceVerdict
  readonly explanation: string
}

export interface RaceBodies {
  readonly first?: string
  readonly second?: string
}

export function planRace(
  exchange: Exchange,
  lineage: ResourceLineage,
  bodies: RaceBodies = {},
  options: Omit<PlanReplayOptions, "body"> = {}
): RacePlan {
  const latest = lineage.versions.at(-1)
  if (!latest) throw new ReplayPlanError(`${lineage.key} has no known version to race from.`)
  refuseGoneResource(lineage, "Racing two writers")
  const choice = { kind: "version", versionIndex: latest.index } as const
  const first = planReplay(exchange, lineage, choice, { ...options, body: bodies.first })
  const second = planReplay(exchange, lineage, choice, { ...options, body: bodies.second })
  return { basedOn: latest.index, first, second }
}

const REFUSALS = new Set([409, 412, 428])

export function classifyRace(first: ReplayResponse, second: ReplayResponse): RaceOutcome {
  if (isReplayFailure(first))
    return { verdict: "inconclusive", explanation: `The first write did not complete (${first.error}).` }
  if (!isSuccess(first.status)) {
    return {
      verdict: "inconclusive",
      explanation: `The first write was refused (${first.status}), so the race shows nothing: the tag may already be stale. Reload the resource and race again.`
    }
  }
  if (isReplayFailure(second))
    return { verdict: "inconclusive", explanation: `The second write did not complete (${second.error}).` }
  if (REFUSALS.has(second.status)) {
    return {
      verdict: "protected",
      explanation: `Protected: the first write succeeded (${first.status}) and the second, based on the same now-stale tag, was refused (${second.status}).`
    }
  }
  if (isSuccess(second.status)) {
    return {
      verdict: "lost-update",
      explanation: `LOST UPDATE: both writes succeeded (${first.status}, ${second.status}) with the same tag. The second silently overwrote the first.`
    }
  }
  return {
    verdict: "inconclusive",
    explanation: `The second write got ${second.status}, which says nothing about the tag.`
  }
}

/**
 * Probes write the latest version's tag expecting it current. On a resource the capture shows gone
 * no tag is current (RFC 9110 §13.1.1), and a server that does not check would re-create it.
 */
export function refuseGoneResource(lineage: ResourceLineage, what: string): void {
  const gone = goneSinceLatestVersion(lineage.events)
  if (gone !== undefined)
    throw new ReplayPlanError(
      `${what} needs a resource that exists, and the capture shows ${lineage.key} gone since its latest ` +
        `version (${goneWords(gone)}): a server that does not check would re-create it. Load it again in ` +
        "the page first, or replay one write with a version of your choice."
    )
}
