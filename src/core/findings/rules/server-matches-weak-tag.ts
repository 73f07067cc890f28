/** The server let a weak tag pass If-Match, which requires strong comparison. */
import { NO_FINDINGS, countedEvidence, evidenceExcept, rfc9110, type PolicyRule } from "../rule"

export const serverMatchesWeakTag: PolicyRule = {
  id: "server-matches-weak-tag",
  severity: "info",
  scope: "policy",
  title: "Server accepts weak tags in If-Match",
  explanation:
    'A write whose If-Match held only weak tags (W/"…") was accepted. RFC 9110 says If-Match uses strong ' +
    "comparison, under which a weak tag never matches; this server compares weakly. That is workable if " +
    "documented, but two versions that share a weak tag may then overwrite each other. Not reported for a " +
    'FHIR API, whose version-aware update sends W/"<versionId>" by its specification, nor for a SCIM ' +
    "API, whose specification hands out weak tags for If-Match (RFC 7644 §3.14).",
  fix: {
    client: "Prefer strong tags when the server offers them.",
    server:
      "Compare If-Match strongly, or document the weak comparison and make weak tags change on every write."
  },
  rfc: rfc9110("8.8.3.2", "Comparison"),
  check({ policy, observations }) {
    // Less FHIR's and SCIM's writes: a weak If-Match is those APIs' convention.
    const accepted = evidenceExcept(
      observations.get("accepts-weak-if-match"),
      observations.get("weak-if-match-by-convention")
    )
    // A server seen accepting a stale tag compares nothing: its "yes" to a weak tag says nothing
    // about weak comparison (precondition-not-enforced says what it does).
    if (accepted === undefined || observations.get("accepts-stale") !== undefined) return NO_FINDINGS
    return [
      {
        ruleId: serverMatchesWeakTag.id,
        severity: serverMatchesWeakTag.severity,
        message: `${policy.scope}: ${countedEvidence(accepted, "write")} with a weak If-Match accepted`,
        exchangeIds: [...accepted.exchangeIds]
      }
    ]
  }
}
