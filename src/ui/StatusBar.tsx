/**
 * "1,204 exchanges · 38 evicted · 3 skipped · capture started 12:03:41 — earlier traffic may be
 * missing" (evicted and skipped only when there are some; "(4 of them RPC or batch calls: …)" after
 * the count when there are some); in Traffic with rows filtered out (or noise hidden), "310 of 1,204
 * exchanges shown · …".
 */
import { rpcCallsNote } from "../core/report/audit-report"
import { selectFilteredExchanges, selectRpcCallCount } from "../store/selectors"
import { formatCount } from "./format"
import { useCapabilities, usePanel } from "./panel-context"
import { plural } from "../core/plural"

function clockTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toTimeString().slice(0, 8)
}

export function StatusBar() {
  const exchanges = usePanel((state) => state.snapshot.exchanges.length)
  const shown = usePanel((state) =>
    state.view === "traffic" ? selectFilteredExchanges(state).length : state.snapshot.exchanges.length
  )
  const rpcCalls = usePanel(selectRpcCallCount)
  const evicted = usePanel((state) => state.snapshot.evicted)
  const skipped = usePanel((state) => state.snapshot.skipped.length)
  const startedAt = usePanel((state) => state.captureStartedAt)
  const mayMiss = usePanel((state) => state.mayMissEarlierTraffic)
  const recording = usePanel((state) => state.recording)
  const { reloadInspectedPage } = useCapabilities()
  const counted =
    shown < exchanges
      ? `${formatCount(shown)} of ${plural(exchanges, "exchange", "exchanges", formatCount)} shown`
      : plural(exchanges, "exchange", "exchanges", formatCount)
  // Like the skipped count, evictions show once there are some (Settings → Exchanges kept).
  // Why a capture of GraphQL calls shows no resource: the same words as the reports.
  const parts = [counted + rpcCallsNote(rpcCalls)]
  if (evicted > 0) parts.push(`${formatCount(evicted)} evicted`)
  if (skipped > 0) parts.push(`${formatCount(skipped)} skipped`)
  parts.push(`capture started ${clockTime(startedAt)}`)
  if (!recording) parts.push("paused")
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span>{parts.join(" · ")}</span>
      {mayMiss && (
        <span className="status-warning">
          {" "}
          — earlier traffic may be missing
          {reloadInspectedPage && (
            <>
              :{" "}
              <button
                type="button"
                className="link-button"
                onClick={reloadInspectedPage}
                data-testid="reload-page"
              >
                Reload page to capture
              </button>
            </>
          )}
        </span>
      )}
    </footer>
  )
}
