/** Diff of the body between two versions of a resource, line by line. */
import { useMemo, useState } from "react"

import { exchangeById } from "../core/exchange-by-id"
import { versionBody, type VersionBody } from "../core/lineage/version-body"
import type { ResourceLineage } from "../core/model"
import { prettyBody } from "./body-text"
import { diffLines, type DiffPart } from "../core/replay/line-diff"
import { usePanel } from "./panel-context"

/** The body a version is known by (core/lineage/version-body.ts), pretty-printed. */
function useVersionBody(resource: ResourceLineage, index: number | undefined): VersionBody | undefined {
  const exchanges = usePanel((state) => state.snapshot.exchanges)
  return useMemo(() => {
    if (index === undefined) return undefined
    const body = versionBody(resource, (id) => exchangeById(exchanges, id), index)
    return body === undefined ? undefined : { ...body, text: prettyBody(body.text) }
  }, [resource, exchanges, index])
}

/** Says where a version's body came from when the traffic did not show it whole. */
function BodySourceNote({ index, body }: { readonly index?: number; readonly body?: VersionBody }) {
  if (body?.kind === "patched")
    return (
      <p className="muted" data-testid="diff-body-source">
        v{index}: v{body.from} with the PATCH applied (its answer had no body)
      </p>
    )
  if (body?.kind === "patch")
    return (
      <p className="muted" data-testid="diff-body-source">
        v{index}: only its PATCH is known, a change rather than the whole representation
      </p>
    )
  return null
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
  const { versions } = resource
  const count = versions.length
  // The two latest versions until the user picks others: versions arriving while the tab is open
  // (a resource that had one when it opened) are followed, a pick is kept.
  const [chosen, setChosen] = useState<{ readonly from?: number; readonly to?: number }>()
  const from = chosen ? chosen.from : versions[count - 2]?.index
  const to = chosen ? chosen.to : versions[count - 1]?.index
  const before = useVersionBody(resource, from)
  const after = useVersionBody(resource, to)
  if (count < 2) return <p className="muted">A diff needs two versions of this resource.</p>
  return (
    <div className="diff-view" data-testid="diff-view">
      <div className="diff-controls">
        <VersionSelect
          label="from"
          value={from}
          resource={resource}
          onChange={(index) => setChosen({ from: index, to })}
        />
        <VersionSelect
          label="to"
          value={to}
          resource={resource}
          onChange={(index) => setChosen({ from, to: index })}
        />
      </div>
      <BodySourceNote index={from} body={before} />
      <BodySourceNote index={to} body={after} />
      {before === undefined || after === undefined ? (
        <p className="muted">The body of one of these versions was not captured.</p>
      ) : (
        <pre className="body diff">
          {diffLines(before.text, after.text).map((part, index) => (
            <span key={index} className={part.added ? "added" : part.removed ? "removed" : undefined}>
              {markedLines(part).join("")}
            </span>
          ))}
        </pre>
      )}
    </div>
  )
}
