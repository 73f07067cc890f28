/** Request and response bodies, the tag field highlighted; says why a body is missing. */
import type { BodyInfo, Exchange } from "../core/model"
import { bodyLines, tagFieldNames } from "./body-text"

function Body({
  title,
  body,
  tagFields
}: {
  title: string
  body: BodyInfo | undefined
  tagFields: readonly string[]
}) {
  const lines = bodyLines(body, tagFields)
  return (
    <section>
      <h3>
        {title} {body?.mimeType && <span className="muted">{body.mimeType}</span>}
      </h3>
      {lines.length === 0 ? (
        <p className="muted">{body?.skipped ? `not shown: ${body.skipped}` : "empty"}</p>
      ) : (
        <pre className="body">
          {lines.map((line, index) => (
            <div
              key={index}
              className={line.isTagField ? "tag-field" : undefined}
              data-testid={line.isTagField ? "tag-field" : undefined}
            >
              {line.text}
            </div>
          ))}
        </pre>
      )}
    </section>
  )
}

export function BodyView({ exchange }: { readonly exchange: Exchange }) {
  const responseFields = tagFieldNames(exchange.responseTags)
  const requestFields = exchange.precondition.bodyVersion
    ? tagFieldNames([exchange.precondition.bodyVersion])
    : []
  return (
    <div className="body-view" data-testid="body-view">
      <Body title="Request body" body={exchange.requestBody} tagFields={requestFields} />
      <Body title="Response body" body={exchange.responseBody} tagFields={responseFields} />
    </div>
  )
}
