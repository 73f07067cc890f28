/**
 * The replay sequence after the user confirmed: send → classify → record as a replay exchange
 * (origin "replay", joined to the lineage by the engine). Sending and recording are injected.
 */
import type { Exchange, ReplayChoice, ReplayVerdict, ResourceLineage } from "../model"
import { classifyReplay } from "./classify-outcome"
import { classifyRace, type RaceOutcome, type RacePlan } from "./race-plan"
import { toReplayHarEntry } from "./replay-entry"
import type { ReplayPermission } from "./replay-safety"
import type { ReplayOutcome, ReplayPlan, ReplayResponse } from "./types"

export interface ReplayRunDeps {
  /** The Replayer port's `send`: refuses unconfirmed or cross-origin plans. */
  send(plan: ReplayPlan, permission: ReplayPermission): Promise<ReplayResponse>
  /** Adds the replay to the engine (origin "replay"); returns the new exchange id when it was kept. */
  record(entry: unknown, replay: NonNullable<Exchange["replay"]>): number | undefined
  /** Milliseconds since the epoch. */
  now(): number
}

export interface ReplayRun {
  readonly plan: ReplayPlan
  readonly response: ReplayResponse
  readonly outcome: ReplayOutcome
  /** Id of the replay's own exchange, once recorded. */
  readonly exchangeId?: number
}

/** The choice as the lineage shows it: `v1`, `original`, `none`, `*`, `weak`, `custom "x"`. */
export function choiceLabel(choice: ReplayChoice): string {
  switch (choice.kind) {
    case "version":
      return `v${choice.versionIndex}`
    case "star":
      return "*"
    case "custom":
      return `custom ${choice.value}`
    default:
      return choice.kind
  }
}

export async function runReplay(
  deps: ReplayRunDeps,
  plan: ReplayPlan,
  lineage: ResourceLineage,
  permission: ReplayPermission,
  label = choiceLabel(plan.choice)
): Promise<ReplayRun> {
  const started = deps.now()
  const response = await deps.send(plan, permission)
  const outcome = classifyReplay(plan, response, lineage)
  const timing = { startedAt: new Date(started).toISOString(), durationMs: Math.max(0, deps.now() - started) }
  const exchangeId = deps.record(toReplayHarEntry(plan, response, timing), {
    of: plan.of,
    choice: label,
    verdict: outcome.verdict
  })
  return { plan, response, outcome, ...(exchangeId === undefined ? {} : { exchangeId }) }
}

export interface RaceRun {
  readonly first: ReplayRun
  readonly second: ReplayRun
  readonly outcome: RaceOutcome
}

/**
 * The second writer's verdict, told by the race: its tag was current when planned, but the first
 * write had just changed the resource, so a refusal is an ordinary conflict.
 */
function secondVerdict(race: RaceOutcome, own: ReplayVerdict | undefined): ReplayVerdict | undefined {
  if (race.verdict === "lost-update") return "lost-update"
  return race.verdict === "protected" && own === "current-tag-refused" ? "conflict-detected" : own
}

/** Sends the two writes one after the other (the second only once the first has its answer). */
export async function runRace(
  deps: ReplayRunDeps,
  race: RacePlan,
  lineage: ResourceLineage,
  permission: ReplayPermission
): Promise<RaceRun> {
  const first = await runRaceFirst(deps, race, lineage, permission)
  return runRaceSecond(deps, race, first, lineage, permission)
}

/** The race's first write: its tag names the latest version the capture showed. */
export function runRaceFirst(
  deps: ReplayRunDeps,
  race: RacePlan,
  lineage: ResourceLineage,
  permission: ReplayPermission
): Promise<ReplayRun> {
  return runReplay(deps, race.first, lineage, permission, `race 1 (v${race.basedOn})`)
}

/** The race's second write, once the first has its answer; judged with the first. */
export async function runRaceSecond(
  deps: ReplayRunDeps,
  race: RacePlan,
  first: ReplayRun,
  lineage: ResourceLineage,
  permission: ReplayPermission
): Promise<RaceRun> {
  // Record the second write with the race's verdict: after the first write its tag is stale.
  let secondResponse: ReplayResponse | undefined
  const second = await runReplay(
    {
      ...deps,
      send: async (plan, allowed) => (secondResponse = await deps.send(plan, allowed)),
      record: (entry, replay) => {
        const outcome = classifyRace(first.response, secondResponse ?? { error: "no answer" })
        return deps.record(entry, { ...replay, verdict: secondVerdict(outcome, replay.verdict) })
      }
    },
    race.second,
    lineage,
    permission,
    `race 2 (v${race.basedOn})`
  )
  return { first, second, outcome: classifyRace(first.response, second.response) }
}

/** Sends a refresh GET (planRefresh) and records it as a replay without a verdict: it writes nothing. */
export async function runRefresh(
  deps: ReplayRunDeps,
  plan: ReplayPlan,
  permission: ReplayPermission
): Promise<{ readonly response: ReplayResponse; readonly exchangeId?: number }> {
  const started = deps.now()
  const response = await deps.send(plan, permission)
  const timing = { startedAt: new Date(started).toISOString(), durationMs: Math.max(0, deps.now() - started) }
  const exchangeId = deps.record(toReplayHarEntry(plan, response, timing), { of: plan.of, choice: "refresh" })
  return { response, ...(exchangeId === undefined ? {} : { exchangeId }) }
}
