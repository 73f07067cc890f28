/** Diff of the body between two versions of a resource, line by line. */
import { useState } from "react"

import type { ResourceLineage } from "../core/model"
import { selectExchange } from "../store/selectors"
import { prettyBody } from "./body-text"
import { diffLines, type DiffPart } from "../core/replay/line-diff"
import { usePanel } from "./panel-context"

/** The body a version is known by: the response that introduced it, else the write's request body. */
function useVersionBody(resource: ResourceLineage, index: number | undefined): string | undefined {
  const version = resource.versions.find((candidate) => candidate.index === index)
  const exchange = usePanel((state) => selectExchange(state, version?.introducedBy))
  const text = exchange?.responseBody?.text ?? exchange?.requestBody?.text
  return text === undefined ? undefined : prettyBody(text)
}

/** A diff part's lines, each marked `+`, `-` or ` ` (a part's value keeps each line's newline). */
function markedLines(part: DiffPart): string[] {
  const mark = part.added ? "+" : part.removed ? "-" : " "
  return part.value
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => `${mark} ${line}\n`)
}

function VersionSelect({
  label,
  value,
  resource,
  onChange
}: {
  label: string
  value: number | undefined
  resource: ResourceLineage
  onChange: (index: number) => void
}) {
  return (
    <label>
      {label}{" "}
      <select value={value ?? ""} onChange={(event) => onChange(Number(event.target.value))}>
        {resource.versions.map((version) => (
          <option key={version.index} value={version.index}>
            v{version.index} {version.tag.tag.raw}
          </option>
        ))}
      </select>
    </label>
  )
}

export function BodyDiff({ resource }: { readonly resource: ResourceLineage }) {
  const count = resource.versions.length
  const [from, setFrom] = useState<number | undefined>(count >= 2 ? count - 1 : undefined)
  const [to, setTo] = useState<number | undefined>(count >= 1 ? count : undefined)
  const before = useVersionBody(resource, from)
  const after = useVersionBody(resource, to)
  if (count < 2) return <p className="muted">A diff needs two versions of this resource.</p>
  return (
    <div className="diff-view" data-testid="diff-view">
      <div className="diff-controls">
        <VersionSelect label="from" value={from} resource={resource} onChange={setFrom} />
        <VersionSelect label="to" value={to} resource={resource} onChange={setTo} />
      </div>
      {before === undefined || after === undefined ? (
        <p className="muted">The body of one of these versions was not captured.</p>
      ) : (
        <pre className="body diff">
          {diffLines(before, after).map((part, index) => (
            <span key={index} className={part.added ? "added" : part.removed ? "removed" : undefined}>
              {markedLines(part).join("")}
            </span>
          ))}
        </pre>
      )}
    </div>
  )
}
