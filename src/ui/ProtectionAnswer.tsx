/**
 * A server's answer to "does it protect its clients from lost updates?" (core/policy/protection.ts),
 * in the Servers view and above the findings; where the traffic has not shown it, the check that
 * would: the write to check, selected, with the Replay tab open and Check protection's confirmation.
 */
import type { ReactNode } from "react"

import type { ServerPolicy } from "../core/model"
import { PROTECTION_MARK, protectionOf } from "../core/policy/protection"
import { replayTargetIn } from "../store/selectors"
import { usePanel, usePanelStore } from "./panel-context"

export function ProtectionAnswer({
  policy,
  children
}: {
  readonly policy: ServerPolicy
  /** Put between the mark and the sentence (the scope, above the findings). */
  readonly children?: ReactNode
}) {
  const protection = protectionOf(policy)
  const target = usePanel((state) =>
    protection.replayWouldTell ? replayTargetIn(state.snapshot, policy.scope) : undefined
  )
  const store = usePanelStore()
  return (
    <span className={`protection ${protection.level}`} data-testid="protection" data-level={protection.level}>
      {PROTECTION_MARK[protection.level]} {children}
      {protection.text}
      {target !== undefined && (
        <>
          {" "}
          <button
            type="button"
            className="read-field"
            data-testid="replay-to-find-out"
            title={`Open #${target} in the Replay tab and check protection: the current tag, the same tag once older, then none (you confirm first)`}
            onClick={() => store.getState().openReplay(target, "check-protection")}
          >
            Check #{target}…
          </button>
        </>
      )}
    </span>
  )
}
