/**
 * "Check protection": the two questions of core/policy/protection.ts put to the server directly,
 * with one confirmation. Is a write based on an older version refused (412, RFC 9110 §13.1.1; or
 * 409 where a body version is checked)? Is a write that names no version refused (428, RFC 6585 §3)?
 * The older-version write comes first: when the lineage knows one version only, the race's two
 * writes make one (the second is based on the version the first replaced).
 */
import { PROTECTION_MARK, type ProtectionLevel } from "../policy/protection"
import type { Exchange, ResourceLineage } from "../model"
import { planReplay, ReplayPlanError, type PlanReplayOptions } from "./plan-replay"
import { planRace, type RacePlan, type RaceVerdict } from "./race-plan"
import { runRace, runReplay, type RaceRun, type ReplayRun, type ReplayRunDeps } from "./run-replay"
import type { ReplayPermission } from "./replay-safety"
import { isReplayFailure, type ReplayPlan } from "./types"

export interface ProbePlan {
  /** A write naming an older version: a replay with the oldest one, or a race when there is one. */
  readonly stale:
    | { readonly kind: "replay"; readonly plan: ReplayPlan }
    | { readonly kind: "race"; readonly race: RacePlan }
  /** The same write naming no version. */
  readonly unguarded: ReplayPlan
}

/** Every request the probe sends, in order: what the confirmation lists. */
export function probeRequests(probe: ProbePlan): ReplayPlan[] {
  const stale =
    probe.stale.kind === "replay" ? [probe.stale.plan] : [probe.stale.race.first, probe.stale.race.second]
  return [...stale, probe.unguarded]
}

export function planProbe(
  exchange: Exchange,
  lineage: ResourceLineage,
  options: PlanReplayOptions = {}
): ProbePlan {
  const [oldest, ...newer] = lineage.versions
  if (oldest === undefined)
    throw new ReplayPlanError(`${lineage.key} has no known version: read it first, then check again.`)
  const stale =
    newer.length > 0
      ? {
          kind: "replay" as const,
          plan: planReplay(exchange, lineage, { kind: "version", versionIndex: oldest.index }, options)
        }
      : {
          kind: "race" as const,
          race: planRace(exchange, lineage, { first: options.body, second: options.body }, options)
        }
  return { stale, unguarded: planReplay(exchange, lineage, { kind: "none" }, options) }
}

export interface ProbeOutcome {
  readonly level: ProtectionLevel
  /** One plain sentence, as the protection answer words it. */
  readonly text: string
}

export interface ProbeRun {
  readonly stale: ReplayRun | RaceRun
  readonly unguarded: ReplayRun
  readonly outcome: ProbeOutcome
}

type StaleAnswer = "refused" | "accepted" | "unclear"

const RACE_ANSWER: Readonly<Record<RaceVerdict, StaleAnswer>> = {
  protected: "refused",
  "lost-update": "accepted",
  inconclusive: "unclear"
}

function staleAnswer(run: ReplayRun | RaceRun): StaleAnswer {
  if ("second" in run) return RACE_ANSWER[run.outcome.verdict]
  const { verdict } = run.outcome
  if (verdict === "conflict-detected" || verdict === "precondition-required") return "refused"
  return verdict === "lost-update" ? "accepted" : "unclear"
}

function statusText(run: ReplayRun): string {
  return isReplayFailure(run.response) ? `no answer (${run.response.error})` : String(run.response.status)
}

/** What the two answers say together, in the protection answer's terms. */
export function classifyProbe(stale: ReplayRun | RaceRun, unguarded: ReplayRun): ProbeOutcome {
  const staleSays = staleAnswer(stale)
  if (staleSays === "accepted")
    return {
      level: "unprotected",
      text: "Lost updates happen: the server accepted a write based on an older version."
    }
  if (staleSays === "unclear") {
    const last = "second" in stale ? stale.second : stale
    return {
      level: "unknown",
      text: `Could not tell: the write with an older version got ${statusText(last)}, which says nothing about versions.`
    }
  }
  const { verdict } = unguarded.outcome
  if (verdict === "precondition-required" || verdict === "conflict-detected")
    return {
      level: "protected",
      text: "Protected: it refused the write based on an older version and the write that named none."
    }
  if (verdict === "lost-update")
    return {
      level: "partial",
      text: "Partly: it refused the older version, but accepted a write that named none, so a client that forgets If-Match overwrites."
    }
  return {
    level: "unknown",
    text: `It refused the older version; the write that named none got ${statusText(unguarded)}, which does not tell whether one is required.`
  }
}

/** Sends the probe's writes one after the other (each once the previous has its answer). */
export async function runProbe(
  deps: ReplayRunDeps,
  probe: ProbePlan,
  lineage: ResourceLineage,
  permission: ReplayPermission
): Promise<ProbeRun> {
  const stale =
    probe.stale.kind === "replay"
      ? await runReplay(deps, probe.stale.plan, lineage, permission)
      : await runRace(deps, probe.stale.race, lineage, permission)
  const unguarded = await runReplay(deps, probe.unguarded, lineage, permission)
  return { stale, unguarded, outcome: classifyProbe(stale, unguarded) }
}

/** `✔ Protected: …`: the outcome as one line. */
export function probeLine(outcome: ProbeOutcome): string {
  return `${PROTECTION_MARK[outcome.level]} ${outcome.text}`
}
