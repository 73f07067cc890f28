/**
 * Which precondition to replay with: each version vN with its tag, the original, none, `*`, weak,
 * custom. A resource versioned by dates offers its dates (sent as If-Unmodified-Since) and no weak form.
 */
import { isDateVersion, isDateVersioned } from "../../core/lineage/date-versions"
import { goneSinceLatestVersion, goneWords } from "../../core/lineage/shown-gone"
import type { ReplayChoice, ResourceLineage } from "../../core/model"

export interface ChoiceListProps {
  readonly resource: ResourceLineage
  readonly choice: ReplayChoice
  readonly customText: string
  readonly onChoose: (choice: ReplayChoice) => void
  readonly onCustomText: (text: string) => void
}

const key = (choice: ReplayChoice) => (choice.kind === "version" ? `v${choice.versionIndex}` : choice.kind)

export function ChoiceList({ resource, choice, customText, onChoose, onCustomText }: ChoiceListProps) {
  const current = resource.versions.at(-1)?.index // not the count: old versions may be compacted
  // No version is current once the capture shows the resource gone (plan-replay judges it stale).
  const gone = goneSinceLatestVersion(resource.events)
  const latestLabel = gone === undefined ? " (current)" : ` (latest; ${goneWords(gone)} since)`
  const dated = isDateVersioned(resource)
  const options: { choice: ReplayChoice; label: string; tag?: string }[] = [
    ...resource.versions.map((version) => ({
      choice: { kind: "version", versionIndex: version.index } as const,
      label: `v${version.index}${version.index === current ? latestLabel : " (older)"}`,
      // A date version is sent as its IMF-fixdate (plan-replay), whatever form the server wrote.
      tag: isDateVersion(version.tag) ? version.tag.tag.opaque : version.tag.tag.raw
    })),
    {
      choice: { kind: "original" },
      label: dated ? "the date the request originally carried" : "the tag the request originally carried"
    },
    { choice: { kind: "none" }, label: "no precondition" },
    { choice: { kind: "star" }, label: "If-Match: *" },
    ...(dated ? [] : [{ choice: { kind: "weak" } as const, label: "weak form of the tag (W/…)" }])
  ]
  return (
    <fieldset className="replay-choices" data-testid="replay-choices">
      <legend>Replay with</legend>
      {options.map((option) => (
        <label key={key(option.choice)} className="replay-choice">
          <input
            type="radio"
            name="replay-choice"
            value={key(option.choice)}
            checked={key(choice) === key(option.choice)}
            onChange={() => onChoose(option.choice)}
          />{" "}
          {option.label} {option.tag !== undefined && <code>{option.tag}</code>}
        </label>
      ))}
      <label className="replay-choice">
        <input
          type="radio"
          name="replay-choice"
          value="custom"
          checked={choice.kind === "custom"}
          onChange={() => onChoose({ kind: "custom", value: customText })}
        />{" "}
        custom:{" "}
        <input
          type="text"
          aria-label={dated ? "custom date" : "custom tag"}
          value={customText}
          placeholder={dated ? "Thu, 01 Jan 2026 00:01:00 GMT" : '"abc" or W/"abc"'}
          onChange={(event) => {
            onCustomText(event.target.value)
            onChoose({ kind: "custom", value: event.target.value })
          }}
        />
      </label>
    </fieldset>
  )
}
