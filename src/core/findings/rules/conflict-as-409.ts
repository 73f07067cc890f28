/**
 * A failed or missing precondition answered 409 Conflict instead of 412 / 428; also `If-None-Match: *`
 * on an existing resource refused with 409 (Azurite) where §13.1.2 gives 412. Not a stale version
 * sent in the body (CouchDB `_rev`, a JSON Patch `test`): §15.5.10 names 409 for that, and 412 is for
 * the conditional header fields (§13.1).
 */
import { NO_FINDINGS, countedEvidence, evidenceExcept, rfc9110, type PolicyRule } from "../rule"

export const conflictAs409: PolicyRule = {
  id: "conflict-as-409",
  severity: "info",
  scope: "policy",
  title: "409 used for a failed precondition",
  explanation:
    "The server refused writes with a stale or missing tag (or a create-only If-None-Match: * on an existing " +
    "resource) using 409 Conflict. It does protect the resource, " +
    "but generic HTTP clients and libraries look for 412 Precondition Failed (or 428 when the tag is missing) " +
    "to know they must re-read and retry.",
  fix: {
    client: "Handle 409 like 412 for this API: re-read, merge or ask, retry.",
    server:
      "Answer 412 when If-Match does not match and 428 when it is missing; keep 409 for other conflicts."
  },
  rfc: rfc9110("13.1.1", "If-Match (412, §15.5.13)"),
  check({ policy, observations }) {
    // Less the stale body versions refused with 409: §15.5.10 names 409 for those.
    const answered = evidenceExcept(
      observations.get("enforces-409"),
      observations.get("body-version-refused-409")
    )
    const createOnly = observations.get("create-only-refused-409")
    if (answered === undefined && createOnly === undefined) return NO_FINDINGS
    const parts: string[] = []
    if (answered !== undefined)
      parts.push(`${countedEvidence(answered, "write")} refused with 409 instead of 412/428`)
    if (createOnly !== undefined)
      parts.push(
        `${countedEvidence(createOnly, "create-only write")} (If-None-Match: *) refused with 409 instead of 412`
      )
    return [
      {
        ruleId: conflictAs409.id,
        severity: conflictAs409.severity,
        message: `${policy.scope}: ${parts.join("; ")}`,
        exchangeIds: [...(answered?.exchangeIds ?? []), ...(createOnly?.exchangeIds ?? [])].sort(
          (a, b) => a - b
        )
      }
    ]
  }
}
