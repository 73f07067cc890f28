/**
 * "Check protection": the questions of core/policy/protection.ts put to the server directly, with
 * one confirmation. Each request is sent once the previous one has its answer:
 *   1. the write with the tag of the latest version: a server clients can use accepts it;
 *   2. the same write with that same tag, now older than the version write 1 made: refused (412,
 *      RFC 9110 §13.1.1; or 409 where a body version is checked), else it is a lost update;
 *      (1 and 2 are "Race two writers".) When write 1 is refused instead, 2 is not sent: a GET
 *      (safe, RFC 9110 §9.2.1) reads the current tag, to tell a resource changed since the capture
 *      from a server that refuses its own current tag;
 *   3. the write with no version at all: refused (428, RFC 6585 §3) where the API requires one.
 *
 * A DELETE is not raced: write 1 would delete the resource on any server, protected or not. It is
 * sent once, naming a version older than the latest (RFC 9110 §13.1.1: If-Match must not match, so
 * the server answers 412 and deletes nothing); only a server that does not check deletes it. A
 * DELETE naming no version is not sent either: where allowed, it deletes.
 */
import { PROTECTION_MARK, type ProtectionLevel } from "../policy/protection"
import type { Exchange, ResourceLineage } from "../model"
import { tagInResponse } from "./classify-outcome"
import { refusesOwnTag } from "./own-tag"
import { planReplay, ReplayPlanError, type PlanReplayOptions } from "./plan-replay"
import { planRace, refuseGoneResource, type RacePlan } from "./race-plan"
import { planRefresh } from "./refresh-plan"
import {
  runRaceFirst,
  runRaceSecond,
  runRefresh,
  runReplay,
  type RaceRun,
  type ReplayRun,
  type ReplayRunDeps
} from "./run-replay"
import type { ReplayPermission } from "./replay-safety"
import { isReplayFailure, type ReplayPlan, type ReplayResponse } from "./types"

export type ProbePlan = WriteProbePlan | DeleteProbePlan

export interface WriteProbePlan {
  readonly kind: "write"
  /** Writes 1 and 2: the latest version's tag, twice. */
  readonly race: RacePlan
  /** Sent instead of write 2 when write 1 is refused: reads the current tag. */
  readonly refresh: ReplayPlan
  /** Write 3: the same write naming no version. */
  readonly unguarded: ReplayPlan
}

export interface DeleteProbePlan {
  readonly kind: "delete"
  /** The DELETE naming the version before the latest. */
  readonly stale: ReplayPlan
}

/** The writes the probe may send, in order: what the confirmation lists. */
export function probeRequests(probe: ProbePlan): ReplayPlan[] {
  return probe.kind === "delete" ? [probe.stale] : [probe.race.first, probe.race.second, probe.unguarded]
}

/**
 * Throws ReplayPlanError when the lineage knows no version to start from (for a DELETE: no version
 * older than the latest).
 */
export function planProbe(
  exchange: Exchange,
  lineage: ResourceLineage,
  options: PlanReplayOptions = {}
): ProbePlan {
  // A DELETE of a gone resource is answered 404 by protected and lax servers alike: it tells nothing.
  refuseGoneResource(lineage, "Checking protection")
  if (exchange.method === "DELETE") {
    const older = lineage.versions.at(-2)
    if (older === undefined)
      throw new ReplayPlanError(
        `${lineage.key} has one version only: checking a DELETE needs an older one to name (a DELETE with the current version would delete it).`
      )
    return {
      kind: "delete",
      stale: planReplay(exchange, lineage, { kind: "version", versionIndex: older.index }, options)
    }
  }
  const race = planRace(exchange, lineage, { first: options.body, second: options.body }, options)
  return {
    kind: "write",
    race,
    refresh: planRefresh(exchange, options),
    unguarded: planReplay(exchange, lineage, { kind: "none" }, options)
  }
}

export interface ProbeOutcome {
  readonly level: ProtectionLevel
  /** One plain sentence, as the protection answer words it. */
  readonly text: string
}

/** What was sent and answered: write 1, then write 2 (the race) or the GET, then write 3. */
export interface ProbeRun {
  readonly first: ReplayRun
  /** Write 2 with the race's verdict, when write 1 was accepted. */
  readonly race?: RaceRun
  /** The GET, when write 1 was refused. */
  readonly refresh?: {
    readonly plan: ReplayPlan
    readonly response: ReplayResponse
    readonly exchangeId?: number
  }
  /** Write 3 (not sent for a DELETE). */
  readonly unguarded?: ReplayRun
  readonly outcome: ProbeOutcome
}

function answered(response: ReplayResponse): string {
  return isReplayFailure(response) ? `no answer (${response.error})` : String(response.status)
}

const REFUSED = new Set(["conflict-detected", "current-tag-refused", "precondition-required"])

const UNUSABLE = "Writes with If-Match fail even with the current tag"

const FAILED_WITH_500 =
  "it was probably refused, but clients cannot tell that conflict from an outage (see conflict-as-server-error)."

/**
 * What the GET after a refused write 1 showed: the current tag, or, when it showed none, its
 * answer in words (`404`, `200 without a tag`, `no answer (…)`).
 */
export type RefreshSeen = { readonly currentTag: string } | { readonly answer: string }

/** Write 1 was refused: a weak tag, the server's own current tag, or a resource changed since. */
function refusedCurrent(first: ReplayRun, seen: RefreshSeen | undefined): ProbeOutcome {
  if (first.plan.precondition.weak)
    return {
      level: "unusable",
      text: `${UNUSABLE}: it is weak, and If-Match compares strongly, so clients cannot write safely.`
    }
  const refused = `Could not tell: it refused the tag the capture showed as current (${answered(first.response)})`
  if (seen === undefined || !("currentTag" in seen))
    // Nothing says the resource changed: the read that would show it did not.
    return {
      level: "unknown",
      text: `${refused}, and a fresh read ${seen === undefined ? "was not made" : `got ${seen.answer}`}, so why is unknown. Reload the page and check again.`
    }
  if (refusesOwnTag(first.plan, seen.currentTag))
    return {
      level: "unusable",
      text: `${UNUSABLE}: it refused ${seen.currentTag}, the very tag it still shows as current, so clients cannot write safely.`
    }
  return {
    level: "unknown",
    text: `${refused}; the resource has changed since (it is ${seen.currentTag} now). Reload the page and check again.`
  }
}

/** What the answers say together, in the protection answer's terms. */
export function classifyProbe(
  first: ReplayRun,
  race: RaceRun | undefined,
  unguarded: ReplayRun,
  refreshed?: RefreshSeen
): ProbeOutcome {
  if (REFUSED.has(first.outcome.verdict)) return refusedCurrent(first, refreshed)
  if (race === undefined)
    return { level: "unknown", text: `Could not tell: the first write got ${answered(first.response)}.` }
  if (race.outcome.verdict === "lost-update")
    return {
      level: "unprotected",
      text: "Lost updates happen: the server accepted a write based on an older version."
    }
  const { verdict } = unguarded.outcome
  if (race.outcome.verdict !== "protected" && answered(race.second.response) === "500")
    // Most likely a refusal nobody mapped to 412 (conflict-as-server-error); said as protectionOf says it.
    return verdict === "lost-update"
      ? {
          level: "partial",
          text: `Partly: a write that named no version was accepted, and the write with the older tag failed with 500, not 412: ${FAILED_WITH_500}`
        }
      : {
          level: "unknown",
          text: `Could not tell: the write with the older tag failed with 500, not 412: ${FAILED_WITH_500}`
        }
  if (race.outcome.verdict !== "protected")
    return {
      level: "unknown",
      text: `Could not tell: the write with the older tag got ${answered(race.second.response)}, which says nothing about versions.`
    }
  if (verdict === "precondition-required")
    return {
      level: "protected",
      text: "Protected: it accepted the current tag, refused the same tag once it was older, and refused a write that named none."
    }
  // No tag check (nothing was sent to compare), but a client that forgets If-Match is refused.
  if (answered(unguarded.response) === "412")
    return {
      level: "protected",
      text: "Protected: it accepted the current tag, refused the same tag once it was older, and refused a write that named none (with 412, although that write sent no precondition: RFC 6585 §3 names 428)."
    }
  if (verdict === "lost-update")
    return {
      level: "partial",
      text: "Partly: it refused the older tag, but accepted a write that named none, so a client that forgets If-Match overwrites."
    }
  return {
    level: "unknown",
    text: `It refused the older tag; the write that named none got ${answered(unguarded.response)}, which does not tell whether one is required.`
  }
}

/** The DELETE naming an older version: refused, it deleted nothing; accepted, it deleted regardless. */
export function classifyDeleteProbe(stale: ReplayRun): ProbeOutcome {
  const { verdict } = stale.outcome
  if (REFUSED.has(verdict))
    return {
      level: "protected",
      text: `Stale deletes are refused: it answered ${answered(stale.response)} to a DELETE naming an older version, and deleted nothing. (A DELETE naming no version was not sent: where allowed, it deletes.)`
    }
  if (verdict === "lost-update")
    return {
      level: "unprotected",
      text: `Lost updates happen: it deleted the resource on a DELETE naming an older version (${answered(stale.response)}).`
    }
  return {
    level: "unknown",
    text: `Could not tell: the DELETE naming an older version got ${answered(stale.response)}.`
  }
}

/** Sends the probe's requests one after the other (each once the previous one has its answer). */
export async function runProbe(
  deps: ReplayRunDeps,
  probe: ProbePlan,
  lineage: ResourceLineage,
  permission: ReplayPermission
): Promise<ProbeRun> {
  if (probe.kind === "delete") {
    const stale = await runReplay(deps, probe.stale, lineage, permission)
    return { first: stale, outcome: classifyDeleteProbe(stale) }
  }
  const first = await runRaceFirst(deps, probe.race, lineage, permission)
  const accepted = first.outcome.verdict === "accepted" || first.outcome.verdict === "lost-update"
  const race = accepted ? await runRaceSecond(deps, probe.race, first, lineage, permission) : undefined
  const refresh = REFUSED.has(first.outcome.verdict)
    ? { plan: probe.refresh, ...(await runRefresh(deps, probe.refresh, permission)) }
    : undefined
  const refreshed = refresh === undefined ? undefined : refreshSeen(refresh.response, lineage)
  const unguarded = await runReplay(deps, probe.unguarded, lineage, permission)
  return {
    first,
    ...(race ? { race } : {}),
    ...(refresh ? { refresh } : {}),
    unguarded,
    outcome: classifyProbe(first, race, unguarded, refreshed)
  }
}

function refreshSeen(response: ReplayResponse, lineage: ResourceLineage): RefreshSeen {
  if (isReplayFailure(response) || response.status >= 300) return { answer: answered(response) }
  const currentTag = tagInResponse(response, lineage)
  return currentTag === undefined ? { answer: `${response.status} without a tag` } : { currentTag }
}

/** `✔ Protected: …`: the outcome as one line. */
export function probeLine(outcome: ProbeOutcome): string {
  return `${PROTECTION_MARK[outcome.level]} ${outcome.text}`
}
