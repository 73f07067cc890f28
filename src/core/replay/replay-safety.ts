/**
 * Replay safety (issue #9): never without the user's explicit confirmation, never to another origin
 * than the one recorded. Checked by every Replayer before anything is sent.
 */
import type { ReplayPlan } from "./types"
import { originOfUrl } from "./url-text"

export type ReplayRefusal = "not-confirmed" | "cross-origin"

export class ReplayRefusedError extends Error {
  override readonly name = "ReplayRefusedError"
  constructor(
    readonly refusal: ReplayRefusal,
    message: string
  ) {
    super(message)
  }
}

export interface ReplayPermission {
  /** Set only by the confirmation dialog. */
  readonly confirmed: boolean
  /** URL of the recorded exchange, from the capture (not from the plan). */
  readonly recordedUrl: string
}

export function assertReplayAllowed(plan: ReplayPlan, permission: ReplayPermission): void {
  if (permission.confirmed !== true) {
    throw new ReplayRefusedError(
      "not-confirmed",
      "Replay refused: it needs the user's explicit confirmation."
    )
  }
  const recorded = originOfUrl(permission.recordedUrl)
  const target = originOfUrl(plan.url)
  if (recorded === undefined || target === undefined || recorded !== target || plan.origin !== recorded) {
    throw new ReplayRefusedError(
      "cross-origin",
      `Replay refused: ${plan.url} is not on the recorded origin ${recorded ?? permission.recordedUrl}.`
    )
  }
}
