/** The server accepts writes that carry no precondition (it never answers 428). */
import { NO_FINDINGS, countedEvidence, type PolicyRule } from "../rule"

export const preconditionOptional: PolicyRule = {
  id: "precondition-optional",
  severity: "warning",
  scope: "policy",
  title: "Server accepts writes without a precondition",
  explanation:
    "The server let writes through that did not say which version they were based on. Any client that forgets " +
    "If-Match (or the API's version field) can overwrite other people's changes without noticing.",
  fix: {
    client: "Always send If-Match (or the API's version field) on writes.",
    server: "Answer 428 Precondition Required to writes that carry no precondition."
  },
  rfc: {
    section: "RFC 6585 §3",
    title: "428 Precondition Required",
    url: "https://www.rfc-editor.org/rfc/rfc6585#section-3"
  },
  check({ policy, observations }) {
    const accepted = observations.get("accepts-without-precondition")
    if (accepted === undefined) return NO_FINDINGS
    const required = [
      ...(observations.get("requires-428")?.methods ?? []),
      ...(observations.get("requires-400")?.methods ?? [])
    ]
    // A server that answers 428 for a method is not "optional" for that method (Azure Tables: DELETE 400).
    const optionalFor = accepted.methods.filter((method) => !required.includes(method))
    if (optionalFor.length === 0) return NO_FINDINGS
    return [
      {
        ruleId: preconditionOptional.id,
        severity: preconditionOptional.severity,
        message: `${policy.scope}: ${countedEvidence(accepted, "write")} without precondition accepted (${optionalFor.join(", ")})`,
        exchangeIds: [...accepted.exchangeIds]
      }
    ]
  }
}
