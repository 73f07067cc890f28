/** Request and response headers; conditional headers and ETag highlighted. */
import type { Exchange, HeaderList } from "../core/model"
import { CONDITIONAL_HEADERS } from "./format"

function HeaderTable({ title, headers }: { readonly title: string; readonly headers: HeaderList }) {
  return (
    <section>
      <h4>{title}</h4>
      {headers.length === 0 && <p className="muted">none</p>}
      <dl className="headers">
        {headers.map((header, index) => {
          const conditional = CONDITIONAL_HEADERS.has(header.name.toLowerCase())
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
  return (
    <div className="headers-view" data-testid="headers-view">
      <p className="mono summary">
        {exchange.method} {exchange.url} → {exchange.status} {exchange.statusText}
      </p>
      {exchange.notes.length > 0 && (
        <ul className="notes">
          {exchange.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <HeaderTable title="Request headers" headers={exchange.requestHeaders} />
      <HeaderTable title="Response headers" headers={exchange.responseHeaders} />
    </div>
  )
}
