/** Base version, current version and the stale write side by side, each change shown against the base. */
import { diffLines } from "../../core/replay/line-diff"

function DiffColumn({
  title,
  base,
  text,
  testId
}: {
  title: string
  base: string | undefined
  text: string | undefined
  testId: string
}) {
  return (
    <div className="replay-threeway-column" data-testid={testId}>
      <h3>{title}</h3>
      {text === undefined ? (
        <p className="muted">Not captured.</p>
      ) : (
        <pre className="body diff">
          {diffLines(base ?? "", text).map((part, index) => (
            <span key={index} className={part.added ? "added" : part.removed ? "removed" : undefined}>
              {part.value}
            </span>
          ))}
        </pre>
      )}
    </div>
  )
}

export interface ThreeWayProps {
  readonly base: string | undefined
  readonly baseLabel: string
  readonly current: string | undefined
  readonly currentLabel: string
  readonly mine: string | undefined
}

export function ThreeWayView({ base, baseLabel, current, currentLabel, mine }: ThreeWayProps) {
  return (
    <div className="replay-threeway" data-testid="replay-threeway">
      <div className="replay-threeway-column" data-testid="threeway-base">
        <h3>Base: {baseLabel}</h3>
        <pre className="body">{base ?? "Not captured."}</pre>
      </div>
      <DiffColumn
        title={`Current: ${currentLabel} (what others changed)`}
        base={base}
        text={current}
        testId="threeway-current"
      />
      <DiffColumn
        title="This stale write (what it would change)"
        base={base}
        text={mine}
        testId="threeway-mine"
      />
    </div>
  )
}
