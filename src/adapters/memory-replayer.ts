/** In-memory twin of the page replayer: same safety checks, answers from a function, records what was sent. */
import { assertReplayAllowed, type ReplayPlan, type ReplayResponse } from "../core/replay"
import type { Replayer } from "./page-replayer"

export type ReplayAnswer = (plan: ReplayPlan) => ReplayResponse | Promise<ReplayResponse>

export interface MemoryReplayer extends Replayer {
  /** Plans that passed the safety checks and were "sent", in order. */
  readonly sent: readonly ReplayPlan[]
}

export function createMemoryReplayer(answer: ReplayAnswer): MemoryReplayer {
  const sent: ReplayPlan[] = []
  return {
    sent,
    async send(plan, permission) {
      assertReplayAllowed(plan, permission)
      sent.push(plan)
      return answer(plan)
    }
  }
}
