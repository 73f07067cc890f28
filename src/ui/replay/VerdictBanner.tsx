/** A replay's verdict in large plain words, with the explanation and the new tag. */
import type { ReactNode } from "react"

import type { ReplayOutcome } from "../../core/replay"
import { useRevealed } from "./use-revealed"
import { VERDICT_WORDS, type VerdictWords } from "./verdict-words"

/** A verdict's section: its words big, the explanation under them; brought into view when it arrives. */
export function VerdictSection({
  answer,
  words,
  verdict,
  testId,
  explanation,
  children
}: {
  /** The answer shown: a new one (even with the same verdict) is brought into view again. */
  readonly answer: unknown
  readonly words: VerdictWords
  readonly verdict: string
  readonly testId: string
  readonly explanation: string
  readonly children?: ReactNode
}) {
  const ref = useRevealed<HTMLElement>(answer)
  return (
    <section
      ref={ref}
      className={`replay-verdict tone-${words.tone}`}
      data-testid={testId}
      data-verdict={verdict}
      role="status"
    >
      <p className="replay-verdict-title">
        {words.mark} {words.text}
      </p>
      <p className="replay-verdict-explanation">{explanation}</p>
      {children}
    </section>
  )
}

export function VerdictBanner({
  outcome,
  exchangeId
}: {
  readonly outcome: ReplayOutcome
  readonly exchangeId?: number
}) {
  return (
    <VerdictSection
      answer={outcome}
      words={VERDICT_WORDS[outcome.verdict]}
      verdict={outcome.verdict}
      testId="replay-verdict"
      explanation={outcome.explanation}
    >
      {outcome.newTag !== undefined && (
        <p className="muted">
          Tag in the answer: <code>{outcome.newTag}</code>
        </p>
      )}
      {exchangeId !== undefined && <p className="muted">Recorded in the lineage as replay #{exchangeId}.</p>}
    </VerdictSection>
  )
}
