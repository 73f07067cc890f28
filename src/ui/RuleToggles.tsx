/** ⚙ Settings → Rules: one checkbox per finding rule (checked = reported); unchecked ids go to `disabledRules`. */
import { SEVERITY_MARK } from "../core/model"
import type { RuleInfo } from "./panel-context"

export function RuleToggles({
  rules,
  disabled,
  onChange
}: {
  readonly rules: ReadonlyMap<string, RuleInfo>
  readonly disabled: readonly string[]
  readonly onChange: (disabled: string[]) => void
}) {
  if (rules.size === 0) return null
  const toggle = (id: string, enabled: boolean) =>
    onChange(enabled ? disabled.filter((other) => other !== id) : [...disabled, id])
  return (
    <fieldset className="rule-toggles" data-testid="rule-toggles">
      <legend>
        Rules reported ({rules.size - disabled.filter((id) => rules.has(id)).length} of {rules.size})
      </legend>
      {[...rules.values()].map((rule) => (
        <label key={rule.id} title={rule.explanation}>
          <input
            type="checkbox"
            checked={!disabled.includes(rule.id)}
            onChange={(event) => toggle(rule.id, event.target.checked)}
            data-testid={`rule-toggle-${rule.id}`}
          />{" "}
          <span className={`badge ${rule.severity}`}>{SEVERITY_MARK[rule.severity]}</span>{" "}
          <code>{rule.id}</code> <span className="muted">{rule.title}</span>
        </label>
      ))}
    </fieldset>
  )
}
