/** What each learned policy trait means, in plain words (the Servers view shows it beside the id). */
import type { PolicyTrait } from "../model"

export const TRAIT_MEANING: Readonly<Record<PolicyTrait, string>> = {
  "enforces-412": "refused a write whose If-Match (or date) did not match with 412",
  "enforces-409": "refused a stale or missing tag with 409 Conflict",
  "requires-428": "refused a write without a precondition with 428",
  "requires-400":
    "refused a write without a precondition with a 400 that says so (or a silent 400 to a DELETE)",
  "accepts-without-precondition": "accepted a write that named no version",
  "accepts-stale": "accepted a write based on an older version",
  "accepts-blind-overwrite":
    "accepted a write that named no version over another user's change its client had not read: a lost update",
  "ignores-if-match-header": "accepted a mismatched If-Match because the body version matched",
  "body-version": "writes carry their version in the body, the query or a version header, not If-Match",
  "weak-tags":
    "hands out weak tags (W/), which If-Match's strong comparison never matches (FHIR servers compare their version ids)",
  "accepts-weak-if-match":
    "accepted a write whose If-Match held only weak tags: it compares weakly (as FHIR servers do, comparing the version id)",
  "unstable-tags": "showed the same content under two tags with nothing written in between",
  "tags-per-user":
    "showed one version under a tag of each user's own (its answers vary by Authorization or session cookie)",
  "refuses-current-tag": "refused with 412 an If-Match holding the very tag it showed as current",
  "fails-on-stale":
    "answered a write based on an older version with 500, not 412: a conflict looks like an outage",
  "accepts-unknown-tag":
    "accepted a write whose If-Match named only tags never seen, while the capture showed the current one: unless the client had that tag from outside the capture, it does not compare tags"
}
