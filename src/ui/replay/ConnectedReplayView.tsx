/**
 * The Replay tab slot of the detail pane (PanelCapabilities.ReplayView): reads the selection and the
 * snapshot from the panel store and records replays through its `recordReplay` action.
 */
import type { ComponentType } from "react"

import { isStateChangingMethod } from "../../core/http/methods"
import type { Exchange } from "../../core/model"
import { usePanel, usePanelStore, type ReplaySlotProps } from "../panel-context"
import type { ReplayCapabilities } from "./replay-capabilities"
import { ReplayView } from "./ReplayView"

export type ReplayPort = Omit<ReplayCapabilities, "record">

export function createReplaySlot(port: ReplayPort): ComponentType<ReplaySlotProps> {
  return function ReplaySlot({ exchange, resource }: ReplaySlotProps) {
    const store = usePanelStore()
    const exchanges = usePanel((state) => state.snapshot.exchanges)
    const queryVersionParams = usePanel((state) => state.settings.queryVersionParams)
    const versionHeaders = usePanel((state) => state.settings.versionHeaders)
    const nextVersionFields = usePanel((state) => state.settings.nextVersionFields)
    const pageUrl = usePanel((state) => state.pageUrl)
    const intent = usePanel((state) => state.replayIntent)
    const captureNumber = usePanel((state) => state.captureNumber)
    // The resource's precondition-blocked-by-cors finding (the one naming refused headers); the
    // snapshot's own object, a stable value for the store's selector.
    const corsRefusal = usePanel((state) =>
      state.snapshot.findings.find(
        (finding) => finding.corsRefusedHeaders !== undefined && finding.resourceKey === resource?.key
      )
    )
    if (exchange?.kind === "rpc") {
      return (
        <p className="muted empty">
          Replay is for writes to a resource: this call goes to an RPC endpoint, whose URL names no resource
          with versions (see its note under Headers).
        </p>
      )
    }
    if (!exchange || !resource)
      return <p className="muted empty">Select a write (PUT, PATCH, DELETE, POST) to replay it.</p>
    if (!isStateChangingMethod(exchange.method)) {
      return (
        <p className="muted empty">Replay is for writes: {exchange.method} does not change the resource.</p>
      )
    }
    const capabilities: ReplayCapabilities = {
      ...port,
      queryVersionParams,
      versionHeaders,
      nextVersionFields,
      pageUrl,
      // Answered after a Clear (or a navigation without Preserve log): not a replay of the new
      // capture, whose exchanges are numbered from #1 again, so `replay.of` would name another one.
      record: (entry: unknown, replay: NonNullable<Exchange["replay"]>) =>
        store.getState().captureNumber === captureNumber
          ? store.getState().recordReplay(entry, replay)
          : undefined
    }
    return (
      <ReplayView
        key={exchange.id}
        exchange={exchange}
        resource={resource}
        exchanges={exchanges}
        capabilities={capabilities}
        checkProtectionNow={intent?.exchangeId === exchange.id && intent.action === "check-protection"}
        onIntentTaken={() => store.getState().clearReplayIntent()}
        corsRefusal={corsRefusal}
      />
    )
  }
}
