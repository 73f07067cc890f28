/** What each server was seen to do with preconditions, with the evidence, and a user override. */
import type { PolicySummary, ServerPolicy } from "../core/model"
import { TRAIT_MEANING } from "../core/policy/trait-meaning"
import { ExchangeLink } from "./ExchangeLink"
import { ProtectionAnswer } from "./ProtectionAnswer"
import { usePanel } from "./panel-context"

const SUMMARIES: readonly { value: PolicySummary; label: string }[] = [
  { value: "strict", label: "strict (412 on stale tag)" },
  { value: "required-428", label: "428 when If-Match is missing" },
  { value: "conflict-409", label: "409 on conflict" },
  { value: "body-versioned", label: "version in body, query or header (_rev)" },
  { value: "lax", label: "lax (never checks)" },
  { value: "unknown", label: "unknown" }
]

function PolicyRow({ policy }: { readonly policy: ServerPolicy }) {
  const settings = usePanel((state) => state.settings)
  const setSettings = usePanel((state) => state.setSettings)
  const override = settings.policyOverrides[policy.scope]
  const onChange = (value: string) => {
    const next = { ...settings.policyOverrides }
    if (value === "") delete next[policy.scope]
    else next[policy.scope] = value as PolicySummary
    void setSettings({ ...settings, policyOverrides: next })
  }
  return (
    <tr data-testid="policy-row">
      <td className="mono">{policy.scope}</td>
      <td>
        <strong>{policy.summary}</strong>
        {policy.overriddenBy === "user" && <span className="muted"> (set by you)</span>}
        {/* The question users come with: does it protect them from lost updates? */}
        <p className="protection-line">
          <ProtectionAnswer policy={policy} />
        </p>
      </td>
      <td>
        <ul className="traits">
          {policy.traits.map(({ trait, evidence }) => (
            <li key={trait}>
              <code>{trait}</code> <span className="muted trait-meaning">{TRAIT_MEANING[trait]}</span>{" "}
              {evidence.slice(0, 5).map((id) => (
                <ExchangeLink key={id} id={id} />
              ))}
            </li>
          ))}
        </ul>
      </td>
      <td>
        {/* The column's title, for the narrow layout where the header row is hidden. */}
        <span className="muted narrow-only" aria-hidden="true">
          Override:{" "}
        </span>
        <select
          aria-label={`Override policy for ${policy.scope}`}
          value={override ?? ""}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">as learned</option>
          {SUMMARIES.map((summary) => (
            <option key={summary.value} value={summary.value}>
              {summary.label}
            </option>
          ))}
        </select>
      </td>
    </tr>
  )
}

export function ServersView() {
  const policies = usePanel((state) => state.snapshot.policies)
  return (
    <div className="servers" data-testid="servers-view">
      {policies.length === 0 ? (
        <div className="empty">No server behaviour learned yet: it appears after writes.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Scope</th>
              <th>Policy</th>
              <th>Evidence</th>
              <th>Override</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <PolicyRow key={policy.scope} policy={policy} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
