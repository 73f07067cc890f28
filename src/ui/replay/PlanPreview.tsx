/** What will be sent: the summary, headers sent, headers the browser sets itself, warnings. */
import type { ReplayPlan } from "../../core/replay"
import { REPLAY_MARKER_HEADER } from "../../core/replay"

export function PlanPreview({ plan }: { readonly plan: ReplayPlan }) {
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
          <tr className="muted">
            <th scope="row">{REPLAY_MARKER_HEADER}</th>
            <td>(random id, so the panel does not count its own request twice)</td>
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
