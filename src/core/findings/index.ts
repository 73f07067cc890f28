/**
 * The findings catalogue: every rule, registered once. A meta-test checks each file in rules/
 * is listed here, has fires/must-not-fire tests and a row in docs/findings.md.
 */
import type { Finding } from "../model"
import type { Rule, RuleContext } from "./rule"
import { conflictAs409 } from "./rules/conflict-as-409"
import { conflictAsServerError } from "./rules/conflict-as-server-error"
import { conflictOverridden } from "./rules/conflict-overridden"
import { currentTagRefused } from "./rules/current-tag-refused"
import { etagMalformed } from "./rules/etag-malformed"
import { etagNotExposed } from "./rules/etag-not-exposed"
import { headerAndBodyTagsDiffer } from "./rules/header-and-body-tags-differ"
import { ifMatchHeaderIgnored } from "./rules/if-match-header-ignored"
import { ifMatchStarCreated } from "./rules/if-match-star-created"
import { ifMatchStarOverwrites } from "./rules/if-match-star-overwrites"
import { ifMatchStarRejected } from "./rules/if-match-star-rejected"
import { ifNoneMatchStarIgnored } from "./rules/if-none-match-star-ignored"
import { lostUpdate } from "./rules/lost-update"
import { missingIfMatch } from "./rules/missing-if-match"
import { noTagOnWriteResponse } from "./rules/no-tag-on-write-response"
import { preconditionBlockedByCors } from "./rules/precondition-blocked-by-cors"
import { preconditionNotEnforced } from "./rules/precondition-not-enforced"
import { preconditionOptional } from "./rules/precondition-optional"
import { preconditionRequired } from "./rules/precondition-required"
import { serverMatchesWeakTag } from "./rules/server-matches-weak-tag"
import { staleTagRetried } from "./rules/stale-tag-retried"
import { tagChangedWithoutWrite } from "./rules/tag-changed-without-write"
import { tagUnchangedAfterWrite } from "./rules/tag-unchanged-after-write"
import { unknownTagSent } from "./rules/unknown-tag-sent"
import { weakTagInIfMatch } from "./rules/weak-tag-in-if-match"

export const allRules: readonly Rule[] = [
  missingIfMatch,
  etagNotExposed,
  preconditionBlockedByCors,
  lostUpdate,
  conflictOverridden,
  staleTagRetried,
  preconditionNotEnforced,
  preconditionOptional,
  ifMatchHeaderIgnored,
  weakTagInIfMatch,
  serverMatchesWeakTag,
  conflictAs409,
  conflictAsServerError,
  preconditionRequired,
  tagUnchangedAfterWrite,
  tagChangedWithoutWrite,
  currentTagRefused,
  noTagOnWriteResponse,
  ifMatchStarRejected,
  ifMatchStarOverwrites,
  ifMatchStarCreated,
  ifNoneMatchStarIgnored,
  headerAndBodyTagsDiffer,
  etagMalformed,
  unknownTagSent
]

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id)
}

/** Run every enabled rule of the context's scope (event or policy). */
export function runRules(context: RuleContext, disabledRules: readonly string[] = []): Finding[] {
  const findings: Finding[] = []
  for (const rule of allRules) {
    if (disabledRules.includes(rule.id)) continue
    if (rule.scope === "event" && context.scope === "event") findings.push(...rule.check(context))
    if (rule.scope === "policy" && context.scope === "policy") findings.push(...rule.check(context))
    if (rule.scope === "capture" && context.scope === "capture") findings.push(...rule.check(context))
  }
  return findings
}
