/** The server accepted writes whose precondition named an older version. */
import { NO_FINDINGS, countedEvidence, rfc9110, type PolicyRule } from "../rule"

export const preconditionNotEnforced: PolicyRule = {
  id: "precondition-not-enforced",
  severity: "error",
  scope: "policy",
  title: "Server does not enforce preconditions",
  explanation:
    "Writes that carried an out-of-date tag (or If-Unmodified-Since date) were accepted. The server does " +
    "not check preconditions (or checks the wrong thing), so sending If-Match protects nobody from lost " +
    "updates on this API.",
  fix: {
    client: "Until the server is fixed, re-read immediately before writing and warn users about overwrites.",
    server:
      "Evaluate If-Match before applying a write: if it does not strongly match the current tag, answer " +
      "412 Precondition Failed and change nothing. Without If-Match, evaluate If-Unmodified-Since " +
      "against the resource's last modification date the same way (§13.2.2)."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ policy, observations }) {
    const accepted = observations.get("accepts-stale")
    if (accepted === undefined) return NO_FINDINGS
    return [
      {
        ruleId: preconditionNotEnforced.id,
        severity: preconditionNotEnforced.severity,
        message: `${policy.scope}: ${countedEvidence(accepted, "stale write")} accepted`,
        exchangeIds: [...accepted.exchangeIds]
      }
    ]
  }
}
