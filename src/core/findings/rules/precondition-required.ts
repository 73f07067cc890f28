/** Good practice seen: writes without a precondition are refused with 428 (or a 400 that says so). */
import { NO_FINDINGS, countedEvidence, type PolicyRule } from "../rule"

export const preconditionRequired: PolicyRule = {
  id: "precondition-required",
  severity: "info",
  scope: "policy",
  title: "Server requires a precondition (good)",
  explanation:
    "Writes that carried no precondition were refused with 428 Precondition Required. Clients cannot " +
    "overwrite by accident: they must say which version they edited.",
  fix: {
    client:
      "Nothing to fix: send If-Match with the tag you read (If-Unmodified-Since with the Last-Modified " +
      "date, where the server sends no tag).",
    server: "Nothing to fix; keep it."
  },
  rfc: {
    section: "RFC 6585 §3",
    title: "428 Precondition Required",
    url: "https://www.rfc-editor.org/rfc/rfc6585#section-3"
  },
  check({ policy, observations }) {
    const refused = observations.get("requires-428") ?? observations.get("requires-400")
    if (refused === undefined) return NO_FINDINGS
    return [
      {
        ruleId: preconditionRequired.id,
        severity: preconditionRequired.severity,
        message: `${policy.scope}: ${countedEvidence(refused, "write")} without precondition refused`,
        exchangeIds: [...refused.exchangeIds]
      }
    ]
  }
}
