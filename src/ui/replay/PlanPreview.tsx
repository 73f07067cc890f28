/** What will be sent: the summary, headers sent, headers the browser sets itself, warnings. */
import type { ReplayPlan } from "../../core/replay"
import { REPLAY_MARKER_HEADER } from "../../core/replay"

export interface PlanPreviewProps {
  readonly plan: ReplayPlan
  /** The replayer adds its marker header (same-origin API); see `carriesMarker`. */
  readonly marked: boolean
}

export function PlanPreview({ plan, marked }: PlanPreviewProps) {
  return (
    <section className="replay-plan" data-testid="replay-plan" aria-label="Replay plan">
      <p className="replay-summary" data-testid="replay-summary">
        {plan.summary}
      </p>
      {plan.warnings.map((warning) => (
        <p key={warning} className="replay-warning">
          ⚠ {warning}
        </p>
      ))}
      <table className="replay-headers">
        <caption>Headers sent</caption>
        <tbody>
          {plan.headers.map((header, index) => (
            <tr key={index}>
              <th scope="row">{header.name}</th>
              <td>
                <code>{header.value}</code>
              </td>
            </tr>
          ))}
          <tr className="muted" data-testid="replay-marker">
            <th scope="row">{REPLAY_MARKER_HEADER}</th>
            <td>
              {marked
                ? "(random id, so the panel does not count its own request twice)"
                : "not added: the API is cross-origin, and its CORS preflight would have to allow it"}
            </td>
          </tr>
        </tbody>
      </table>
      {plan.omittedHeaders.length > 0 && (
        <table className="replay-headers omitted" data-testid="replay-omitted">
          <caption>Not replayed</caption>
          <tbody>
            {plan.omittedHeaders.map((header, index) => (
              <tr key={index}>
                <th scope="row">{header.name}</th>
                <td>{header.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
