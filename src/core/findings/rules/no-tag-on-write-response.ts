/** Successful writes answered without a new tag: the client must re-read before its next write. */
import { NO_FINDINGS, countedEvidence, rfc9110, type PolicyRule } from "../rule"

export const noTagOnWriteResponse: PolicyRule = {
  id: "no-tag-on-write-response",
  severity: "info",
  scope: "policy",
  title: "Write responses carry no new tag",
  explanation:
    "Successful writes came back without an ETag (or body version). That is allowed, but a client that wants " +
    "to write again must first re-read the resource to learn its new tag; clients that reuse the old tag get " +
    "412 (or, on a lax server, overwrite). A server without tags that answers a write with its new " +
    "Last-Modified is not counted: the client can send that date back as If-Unmodified-Since. Nor is a " +
    "write answered 202 Accepted: it is not enacted yet, so there is no new tag to send.",
  fix: {
    client: "After a write without a tag in the answer, GET the resource before writing again.",
    server: "Send the new ETag with 200/201/204 answers to writes, so clients can chain edits safely."
  },
  rfc: rfc9110("9.3.4", "PUT (validator fields in the response)"),
  check({ policy, observations }) {
    const untagged = observations.get("write-without-new-tag")
    if (untagged === undefined) return NO_FINDINGS
    return [
      {
        ruleId: noTagOnWriteResponse.id,
        severity: noTagOnWriteResponse.severity,
        message: `${policy.scope}: ${countedEvidence(untagged, "successful write")} without a new tag`,
        exchangeIds: [...untagged.exchangeIds]
      }
    ]
  }
}
