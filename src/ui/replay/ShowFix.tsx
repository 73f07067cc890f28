/**
 * "Show the fix" after a conflict (halchemy's refresh → merge → retry): read the current version,
 * compare base / current / the stale write, edit the merged body, retry with the current tag.
 */
import { useState } from "react"

import type { Exchange, ResourceLineage } from "../../core/model"
import {
  bodyOfVersion,
  isReplayFailure,
  planRefresh,
  planReplay,
  refusesOwnTag,
  runRefresh,
  tagInResponse,
  type ReplayPlan,
  type ReplayResponse
} from "../../core/replay"
import { prettyJson } from "./pretty-json"
import type { ReplayCapabilities } from "./replay-capabilities"
import { ThreeWayView } from "./ThreeWayView"

export interface ShowFixProps {
  readonly exchange: Exchange
  readonly resource: ResourceLineage
  readonly exchanges: readonly Exchange[]
  /** The stale write that was refused. */
  readonly staleWrite: ReplayPlan
  readonly capabilities: ReplayCapabilities
  /** Retry goes through the same confirmation as any replay. */
  readonly onRetry: (plan: ReplayPlan) => void
}

export function ShowFix({ exchange, resource, exchanges, staleWrite, capabilities, onRetry }: ShowFixProps) {
  const [current, setCurrent] = useState<ReplayResponse>()
  const [merged, setMerged] = useState(staleWrite.body ?? "")
  const [problem, setProblem] = useState<string>()
  const baseIndex = staleWrite.precondition.versionIndex
  const baseVersion = resource.versions.find((version) => version.index === baseIndex)

  async function refresh() {
    setProblem(undefined)
    try {
      // A GET the user asked for by clicking: safe (RFC 9110 §9.2.1), sent only to the recorded origin.
      const { response } = await runRefresh(capabilities, planRefresh(exchange, capabilities), {
        confirmed: true,
        recordedUrl: exchange.url
      })
      setCurrent(response)
    } catch (error) {
      setProblem((error as Error).message)
    }
  }

  if (current === undefined) {
    return (
      <section className="replay-fix" aria-label="Show the fix">
        <button type="button" onClick={() => void refresh()} data-testid="replay-show-fix">
          Show the fix: read the current version (GET)
        </button>
        {problem && <p className="replay-warning">{problem}</p>}
      </section>
    )
  }
  if (isReplayFailure(current) || current.status < 200 || current.status >= 300) {
    const why = isReplayFailure(current) ? current.error : `the server answered ${current.status}`
    return <p className="replay-warning">Could not read the current version: {why}.</p>
  }
  const currentTag = tagInResponse(current, resource)
  const retry = () => {
    if (currentTag === undefined) return
    try {
      onRetry(
        planReplay(
          exchange,
          resource,
          { kind: "custom", value: currentTag },
          {
            body: merged,
            queryVersionParams: capabilities.queryVersionParams,
            versionHeaders: capabilities.versionHeaders,
            nextVersionFields: capabilities.nextVersionFields,
            representation: current.bodyText
          }
        )
      )
    } catch (error) {
      setProblem((error as Error).message)
    }
  }
  return (
    <section className="replay-fix" aria-label="Show the fix" data-testid="replay-fix">
      <ThreeWayView
        base={prettyJson(baseVersion ? bodyOfVersion(baseVersion, exchanges) : undefined)}
        baseLabel={baseVersion ? `v${baseVersion.index} ${baseVersion.tag.tag.raw}` : "unknown version"}
        current={prettyJson(current.bodyText)}
        currentLabel={currentTag ?? "no tag in the answer"}
        mine={prettyJson(staleWrite.body)}
      />
      <label className="replay-body">
        Merged body to send
        <textarea
          value={merged}
          onChange={(event) => setMerged(event.target.value)}
          rows={6}
          data-testid="replay-merged-body"
        />
      </label>
      {refusesOwnTag(staleWrite, currentTag) ? (
        <p className="replay-warning" data-testid="replay-own-tag">
          The current tag is the very tag the refused write sent: nothing changed, yet the server answered
          412. It refuses its own current tag (finding <code>current-tag-refused</code>), so a retry with it
          will be refused again. The fix is on the server.
        </p>
      ) : (
        <p className="muted">
          Refresh, merge, then retry — or reject your change and keep theirs, or ask the user. Never resend
          the stale tag.
        </p>
      )}
      <button type="button" disabled={currentTag === undefined} onClick={retry} data-testid="replay-retry">
        Retry with current tag {currentTag !== undefined && <code>{currentTag}</code>}…
      </button>
      {problem && <p className="replay-warning">{problem}</p>}
    </section>
  )
}
