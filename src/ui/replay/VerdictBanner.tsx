/** A replay's verdict in large plain words, with the explanation and the new tag. */
import type { ReplayOutcome } from "../../core/replay"
import { useRevealed } from "./use-revealed"
import { VERDICT_WORDS } from "./verdict-words"

export function VerdictBanner({
  outcome,
  exchangeId
}: {
  readonly outcome: ReplayOutcome
  readonly exchangeId?: number
}) {
  const words = VERDICT_WORDS[outcome.verdict]
  const ref = useRevealed<HTMLElement>(outcome)
  return (
    <section
      ref={ref}
      className={`replay-verdict tone-${words.tone}`}
      data-testid="replay-verdict"
      data-verdict={outcome.verdict}
      role="status"
    >
      <p className="replay-verdict-title">
        {words.mark} {words.text}
      </p>
      <p className="replay-verdict-explanation">{outcome.explanation}</p>
      {outcome.newTag !== undefined && (
        <p className="muted">
          Tag in the answer: <code>{outcome.newTag}</code>
        </p>
      )}
      {exchangeId !== undefined && <p className="muted">Recorded in the lineage as replay #{exchangeId}.</p>}
    </section>
  )
}
