/** Request and response headers; conditional headers, ETag and configured version headers highlighted. */
import { useMemo } from "react"

import { wireMethodOf } from "../core/http/methods"
import type { Exchange, HeaderList } from "../core/model"
import { CONDITIONAL_HEADERS } from "./format"
import { usePanel } from "./panel-context"

function HeaderTable({
  title,
  headers,
  highlighted
}: {
  readonly title: string
  readonly headers: HeaderList
  readonly highlighted: ReadonlySet<string>
}) {
  return (
    <section>
      <h3>{title}</h3>
      {headers.length === 0 && <p className="muted">none</p>}
      <dl className="headers">
        {headers.map((header, index) => {
          const conditional = highlighted.has(header.name.toLowerCase())
          return (
            <div
              key={`${header.name}-${index}`}
              className={conditional ? "header conditional" : "header"}
              data-testid={conditional ? "conditional-header" : undefined}
            >
              <dt>{header.name}:</dt>
              <dd>{header.value}</dd>
            </div>
          )
        })}
      </dl>
    </section>
  )
}

export function HeadersView({ exchange }: { readonly exchange: Exchange }) {
  // Headers the user named as carrying the version (Contentful's X-Contentful-Version) count too.
  const versionHeaders = usePanel((state) => state.settings.versionHeaders)
  const highlighted = useMemo(
    () => new Set([...CONDITIONAL_HEADERS, ...versionHeaders.map((name) => name.toLowerCase())]),
    [versionHeaders]
  )
  return (
    <div className="headers-view" data-testid="headers-view">
      <p className="mono summary">
        {wireMethodOf(exchange)} {exchange.url} → {exchange.status} {exchange.statusText}
      </p>
      {exchange.notes.length > 0 && (
        <ul className="notes">
          {exchange.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <HeaderTable title="Request headers" headers={exchange.requestHeaders} highlighted={highlighted} />
      <HeaderTable title="Response headers" headers={exchange.responseHeaders} highlighted={highlighted} />
    </div>
  )
}
