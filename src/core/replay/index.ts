/** Replay with a chosen precondition: plan, safety, classification, race, and the replay's HAR entry. */
export * from "./types"
export { planReplay, ReplayPlanError, type PlanReplayOptions } from "./plan-replay"
export { classifyReplay, tagInResponse } from "./classify-outcome"
export { planRace, classifyRace, type RacePlan, type RaceOutcome, type RaceVerdict } from "./race-plan"
export {
  assertReplayAllowed,
  ReplayRefusedError,
  type ReplayPermission,
  type ReplayRefusal
} from "./replay-safety"
export {
  announcingReplays,
  createEchoWatch,
  ECHO_AFTER_ANSWER_MS,
  ECHO_WINDOW_MS,
  type AwaitedReplay,
  type EchoWatch
} from "./echo-watch"
export {
  carriesMarker,
  REPLAY_MARKER_HEADER,
  REPLAY_SCRIPT_URL,
  isReplayEcho,
  toReplayHarEntry
} from "./replay-entry"
export { describePrecondition } from "./describe-plan"
export { forbiddenReason, BROWSER_SETS_THIS } from "./headers"
export {
  runReplay,
  runRace,
  runRefresh,
  choiceLabel,
  type ReplayRun,
  type RaceRun,
  type ReplayRunDeps
} from "./run-replay"
export {
  classifyProbe,
  planProbe,
  probeLine,
  probeRequests,
  runProbe,
  type ProbeOutcome,
  type ProbePlan,
  type ProbeRun
} from "./probe-plan"
export { bodyOfVersion } from "./version-body"
export { planRefresh } from "./refresh-plan"
export { refusesOwnTag } from "./own-tag"
export { diffLines, type DiffPart } from "./line-diff"
