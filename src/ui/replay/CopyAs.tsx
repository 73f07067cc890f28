/** Copy the planned request as curl or fetch; secrets redacted unless the user ticks "include secrets". */
import { useState } from "react"

import { toCurl, toFetch } from "../../core/export/snippets"
import type { ReplayPlan } from "../../core/replay"
import type { CopyText } from "../copy-text"

export function CopyAs({ plan, copyText }: { readonly plan: ReplayPlan; readonly copyText?: CopyText }) {
  const [includeSecrets, setIncludeSecrets] = useState(false)
  // What was copied, and from which plan with which choice: once either changes it is no longer
  // what would be copied (another precondition, or secrets the user just chose to leave out).
  const [copied, setCopied] = useState<{ text: string; plan: ReplayPlan; includeSecrets: boolean }>()
  const snippet = copied?.plan === plan && copied.includeSecrets === includeSecrets ? copied.text : undefined
  // curl may send what a page script may not (Cookie); pseudo-headers never.
  const request = {
    method: plan.method,
    url: plan.url,
    headers: [...plan.headers, ...plan.omittedHeaders.filter((header) => !header.name.startsWith(":"))],
    ...(plan.body === undefined ? {} : { body: plan.body })
  }
  const copy = (make: typeof toCurl) => {
    const text = make(request, { includeSecrets })
    setCopied({ text, plan, includeSecrets })
    void copyText?.(text)
  }
  return (
    <section className="replay-copy" aria-label="Copy request">
      <button type="button" onClick={() => copy(toCurl)} data-testid="copy-curl">
        Copy as curl
      </button>{" "}
      <button type="button" onClick={() => copy(toFetch)} data-testid="copy-fetch">
        Copy as fetch
      </button>{" "}
      <label>
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(event) => setIncludeSecrets(event.target.checked)}
        />{" "}
        include secrets
      </label>
      {snippet !== undefined && (
        <pre className="replay-snippet" data-testid="replay-snippet">
          {snippet}
        </pre>
      )}
    </section>
  )
}
