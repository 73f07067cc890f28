/**
 * The Replay tab (issue #6): choose a precondition, edit the body, see what will be sent, confirm,
 * then read the verdict; after a conflict, "Show the fix"; "Race two writers"; "Check protection"
 * (the current tag, the same tag once older, then none; answered as the Servers view words it); copy
 * as curl / fetch.
 */
import { useEffect, useMemo, useState } from "react"

import { hasHeader } from "../../core/http/headers"
import { isSuccess } from "../../core/http/status"
import type { Exchange, Finding, ReplayChoice, ResourceLineage } from "../../core/model"
import {
  bodyOfVersion,
  carriesMarker,
  isReplayFailure,
  planProbe,
  planRace,
  planReplay,
  probeLine,
  probeRequests,
  runProbe,
  runRace,
  runReplay,
  type ProbePlan,
  type ProbeRun,
  type RaceRun,
  type ReplayPlan,
  type ReplayResponse,
  type ReplayRun
} from "../../core/replay"
import { ChoiceList } from "./ChoiceList"
import { ConfirmDialog } from "./ConfirmDialog"
import { CopyAs } from "./CopyAs"
import { PlanPreview } from "./PlanPreview"
import type { ReplayCapabilities } from "./replay-capabilities"
import { REPLAY_STYLES } from "./replay-styles"
import { ShowFix } from "./ShowFix"
import { useRevealed } from "./use-revealed"
import { VerdictBanner, VerdictSection } from "./VerdictBanner"
import { PROTECTION_TONE, RACE_WORDS, VERDICT_WORDS } from "./verdict-words"

export interface ReplayViewProps {
  readonly exchange: Exchange
  readonly resource: ResourceLineage
  readonly exchanges: readonly Exchange[]
  readonly capabilities: ReplayCapabilities
  /** Ask Check protection's confirmation at once (the user chose it elsewhere: the protection answer). */
  readonly checkProtectionNow?: boolean
  /** Called once a `checkProtectionNow` was taken. */
  readonly onIntentTaken?: () => void
  /** The resource's `precondition-blocked-by-cors` finding, if any: a plan carrying a refused header is not sent. */
  readonly corsRefusal?: Finding
}

type Pending =
  | { readonly kind: "single"; readonly plan: ReplayPlan }
  | { readonly kind: "race"; readonly plans: [ReplayPlan, ReplayPlan] }
  | { readonly kind: "probe"; readonly probe: ProbePlan }

function pendingPlans(pending: Pending): readonly ReplayPlan[] {
  if (pending.kind === "single") return [pending.plan]
  return pending.kind === "race" ? pending.plans : probeRequests(pending.probe)
}

/** The oldest version when there is an older one (the stale replay this tab is for), else none. */
function defaultChoice(resource: ResourceLineage): ReplayChoice {
  return resource.versions.length >= 2 ? { kind: "version", versionIndex: 1 } : { kind: "none" }
}

export function ReplayView({
  exchange,
  resource,
  exchanges,
  capabilities,
  checkProtectionNow = false,
  onIntentTaken,
  corsRefusal
}: ReplayViewProps) {
  const [choice, setChoice] = useState<ReplayChoice>(() => defaultChoice(resource))
  const [customText, setCustomText] = useState("")
  const [body, setBody] = useState<string | undefined>(exchange.requestBody?.text)
  const [pending, setPending] = useState<Pending>()
  const [running, setRunning] = useState(false)
  const [run, setRun] = useState<ReplayRun>()
  const [race, setRace] = useState<RaceRun>()
  const [probe, setProbe] = useState<ProbeRun>()
  const [problem, setProblem] = useState<string>()
  const { queryVersionParams, versionHeaders, nextVersionFields } = capabilities
  // How the API writes its version field, for a recorded body that lacks it.
  const representation = useMemo(() => {
    const latest = resource.versions.at(-1)
    return latest && bodyOfVersion(latest, exchanges)
  }, [resource, exchanges])
  const options = useMemo(
    () => ({ body, queryVersionParams, versionHeaders, nextVersionFields, representation }),
    [body, queryVersionParams, versionHeaders, nextVersionFields, representation]
  )

  const planned = useMemo(() => {
    try {
      return { plan: planReplay(exchange, resource, choice, options) }
    } catch (error) {
      return { error: (error as Error).message }
    }
  }, [exchange, resource, choice, options])

  function askRace() {
    try {
      const plans = planRace(exchange, resource, { first: body, second: body }, options)
      setPending({ kind: "race", plans: [plans.first, plans.second] })
    } catch (error) {
      setProblem((error as Error).message)
    }
  }

  function askProbe() {
    try {
      setPending({ kind: "probe", probe: planProbe(exchange, resource, options) })
    } catch (error) {
      setProblem((error as Error).message)
    }
  }

  useEffect(() => {
    if (!checkProtectionNow) return
    askProbe()
    onIntentTaken?.()
    // Once per intent, not again when askProbe and onIntentTaken (new closures each render) change.
  }, [checkProtectionNow])

  async function confirmed(what: Pending) {
    setPending(undefined)
    setRunning(true)
    setProblem(undefined)
    const permission = { confirmed: true, recordedUrl: exchange.url }
    try {
      if (what.kind === "single") {
        setRun(await runReplay(capabilities, what.plan, resource, permission))
      } else if (what.kind === "probe") {
        setProbe(await runProbe(capabilities, what.probe, resource, permission))
      } else {
        const basedOn = what.plans[0].precondition.versionIndex ?? resource.versions.at(-1)?.index ?? 0
        setRace(
          await runRace(
            capabilities,
            { basedOn, first: what.plans[0], second: what.plans[1] },
            resource,
            permission
          )
        )
      }
    } catch (error) {
      setProblem((error as Error).message)
    } finally {
      setRunning(false)
    }
  }

  // Refused writes get "Show the fix": re-read the current version, merge, retry. A 412 to a write
  // that sent no precondition is no tag check ("could not tell"), but a refusal all the same.
  const conflict =
    run &&
    (run.outcome.verdict === "conflict-detected" ||
      run.outcome.verdict === "current-tag-refused" ||
      run.outcome.verdict === "precondition-required" ||
      (run.plan.precondition.state === "none" &&
        !isReplayFailure(run.response) &&
        run.response.status === 412))
  return (
    <div className="replay-view" data-testid="replay-view">
      <style>{REPLAY_STYLES}</style>
      <ChoiceList
        resource={resource}
        choice={choice}
        customText={customText}
        onChoose={setChoice}
        onCustomText={setCustomText}
      />
      <label className="replay-body">
        Body
        <textarea
          value={body ?? ""}
          rows={5}
          onChange={(event) => setBody(event.target.value)}
          placeholder={body === undefined ? "(no body)" : undefined}
          data-testid="replay-body"
        />
      </label>
      {"plan" in planned && planned.plan ? (
        <>
          <PlanPreview plan={planned.plan} marked={carriesMarker(planned.plan, capabilities.pageUrl)} />
          <CorsRefusalWarning plan={planned.plan} finding={corsRefusal} />
          <div className="replay-actions">
            <button
              type="button"
              className="primary"
              disabled={running}
              onClick={() => setPending({ kind: "single", plan: planned.plan })}
              data-testid="replay-send"
            >
              Replay…
            </button>{" "}
            <button
              type="button"
              disabled={running || resource.versions.length === 0}
              onClick={askRace}
              data-testid="replay-race"
            >
              Race two writers…
            </button>{" "}
            <button
              type="button"
              disabled={running || resource.versions.length === 0}
              onClick={askProbe}
              title="Send this write with the current tag, again with that tag once it is older, then with none: does the server accept the first and refuse the others?"
              data-testid="replay-probe"
            >
              Check protection…
            </button>
          </div>
          <CopyAs plan={planned.plan} copyText={capabilities.copyText} />
        </>
      ) : (
        <p className="replay-warning">{planned.error}</p>
      )}
      {running && (
        <p className="muted" data-testid="replay-running">
          Sending from the inspected page…
        </p>
      )}
      {problem && (
        <p className="replay-warning" data-testid="replay-problem">
          {problem}
        </p>
      )}
      {run && <VerdictBanner outcome={run.outcome} exchangeId={run.exchangeId} />}
      {race && <RaceVerdict race={race} />}
      {probe && <ProbeVerdict probe={probe} />}
      <CorsRefusalAfterRun
        runs={[run, race?.first, race?.second, probe?.first, probe?.race?.second, probe?.unguarded]}
        finding={corsRefusal}
      />
      {conflict && run && (
        <ShowFix
          key={run.exchangeId ?? run.plan.summary}
          exchange={exchange}
          resource={resource}
          exchanges={exchanges}
          staleWrite={run.plan}
          capabilities={capabilities}
          onRetry={(plan) => setPending({ kind: "single", plan })}
        />
      )}
      {pending && (
        <ConfirmDialog
          plans={pendingPlans(pending)}
          note={
            pending.kind !== "probe"
              ? undefined
              : pending.probe.kind === "delete"
                ? "It names an older version, so a server that checks deletes nothing; one that does not deletes the resource. A DELETE naming no version, or the current one, is not sent."
                : "Each is sent once the previous one has its answer. If the first is refused, the second is not sent: a GET reads the current version instead."
          }
          onConfirm={() => void confirmed(pending)}
          onCancel={() => setPending(undefined)}
        />
      )}
    </div>
  )
}

/** The headers of `plan` the resource's `precondition-blocked-by-cors` finding says the preflight refuses. */
function corsRefusedIn(plan: ReplayPlan, finding: Finding | undefined): readonly string[] {
  return (finding?.corsRefusedHeaders ?? []).filter((name) => hasHeader(plan.headers, name))
}

function evidenceOf(finding: Finding): string {
  return finding.exchangeIds.map((id) => `#${id}`).join(", ")
}

/** The browser will not send a plan carrying a header the API's CORS preflight refused: say so before it is tried. */
function CorsRefusalWarning({ plan, finding }: { readonly plan: ReplayPlan; readonly finding?: Finding }) {
  const refused = corsRefusedIn(plan, finding)
  if (finding === undefined || refused.length === 0) return null
  return (
    <p className="replay-warning" data-testid="replay-cors-warning">
      The browser will refuse to send this {plan.method}: the API&apos;s CORS preflight does not allow{" "}
      {refused.join(", ")} (precondition-blocked-by-cors: {evidenceOf(finding)}). Its answer would be a
      network error, not the server&apos;s. Replaying with no precondition still reaches the server.
    </p>
  )
}

/**
 * After a run: a write that got no answer and carried a header the preflight refuses was refused by
 * the browser, not lost on the network: the verdict's "could not tell" has that reason.
 */
function CorsRefusalAfterRun({
  runs,
  finding
}: {
  readonly runs: readonly (ReplayRun | undefined)[]
  readonly finding?: Finding
}) {
  if (finding === undefined) return null
  for (const run of runs) {
    if (run === undefined || !isReplayFailure(run.response)) continue
    const refused = corsRefusedIn(run.plan, finding)
    if (refused.length === 0) continue
    return (
      <p className="replay-warning" data-testid="replay-cors-refused">
        The browser refused to send {run.plan.summary}: the API&apos;s CORS preflight does not allow{" "}
        {refused.join(", ")} (precondition-blocked-by-cors: {evidenceOf(finding)}). The server never saw it.
      </p>
    )
  }
  return null
}

/** Two writers' race, judged as a pair. */
function RaceVerdict({ race }: { readonly race: RaceRun }) {
  return (
    <VerdictSection
      answer={race}
      words={RACE_WORDS[race.outcome.verdict]}
      verdict={race.outcome.verdict}
      testId="race-verdict"
      explanation={race.outcome.explanation}
    />
  )
}

/** `… (current)` of the race's second writer, once the first write was accepted: `… (current until #41 changed it)`. */
function secondWriterSummary(second: ReplayRun, first: ReplayRun): string {
  const changedBy =
    !isReplayFailure(first.response) && isSuccess(first.response.status) ? first.exchangeId : undefined
  if (changedBy === undefined) return second.plan.summary
  return second.plan.summary.replace(/\(current\)$/, `(current until #${changedBy} changed it)`)
}

/** The probe's answer in the protection answer's words, then each request and what it got. */
function ProbeVerdict({ probe }: { readonly probe: ProbeRun }) {
  const ref = useRevealed<HTMLElement>(probe)
  const { first, race, refresh, unguarded } = probe
  const answer = (response: ReplayResponse) => (isReplayFailure(response) ? response.error : response.status)
  const steps: { summary: string; answer: string | number; words: string; exchangeId?: number }[] = []
  const step = (run: ReplayRun, words: { mark: string; text: string }, summary = run.plan.summary) =>
    steps.push({
      summary,
      answer: answer(run.response),
      words: `${words.mark} ${words.text}`,
      exchangeId: run.exchangeId
    })
  step(first, VERDICT_WORDS[first.outcome.verdict])
  // The race's second write is judged by the race: its tag was current when planned, older when
  // sent once the first write made a new version; its line says so rather than "(current)".
  if (race) step(race.second, RACE_WORDS[race.outcome.verdict], secondWriterSummary(race.second, first))
  if (refresh)
    steps.push({
      summary: refresh.plan.summary,
      answer: answer(refresh.response),
      words: "",
      exchangeId: refresh.exchangeId
    })
  if (unguarded) step(unguarded, VERDICT_WORDS[unguarded.outcome.verdict])
  return (
    <section
      ref={ref}
      className={`replay-verdict tone-${PROTECTION_TONE[probe.outcome.level]}`}
      data-testid="probe-verdict"
      data-level={probe.outcome.level}
      role="status"
    >
      <p className="replay-verdict-title">{probeLine(probe.outcome)}</p>
      <ul className="probe-steps">
        {steps.map((item, index) => (
          <li key={index} data-testid="probe-step">
            {item.summary} → {item.answer}
            {item.words && ` ${item.words}`}
            {item.exchangeId !== undefined && ` (#${item.exchangeId})`}
          </li>
        ))}
      </ul>
    </section>
  )
}
