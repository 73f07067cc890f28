/**
 * `--fail-on error|warning|info|none|<rule-id>[,…]`: which findings make the run exit 1.
 * A severity means "that severity or worse"; a rule id means any finding of that rule; `none`, only
 * alone, means nothing fails.
 */
import type { Finding, Severity } from "../core/model"

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 }

export type FindingPredicate = (finding: Pick<Finding, "ruleId" | "severity">) => boolean

function isSeverity(text: string): text is Severity {
  return text === "error" || text === "warning" || text === "info"
}

/**
 * Builds the predicate; throws naming the item when it is neither a severity nor a known rule id,
 * or when `none` comes with anything else.
 */
export function parseFailOn(
  items: readonly string[],
  knownRuleIds: ReadonlySet<string>,
  option = "--fail-on"
): FindingPredicate {
  // `none` with a threshold is a contradiction: say so rather than pick one of its two meanings.
  const others = [...new Set(items.filter((item) => item !== "none"))]
  if (others.length > 0 && items.includes("none"))
    throw new Error(
      `${option}: 'none' never fails, so it cannot be combined with ${others.join(", ")} (give 'none' alone, or leave it out)`
    )
  let minimumRank = Number.POSITIVE_INFINITY
  const ruleIds = new Set<string>()
  for (const item of items) {
    if (item === "none") continue
    if (isSeverity(item)) minimumRank = Math.min(minimumRank, SEVERITY_RANK[item])
    else if (knownRuleIds.has(item)) ruleIds.add(item)
    else throw new Error(`${option}: '${item}' is neither error|warning|info|none nor a known rule id`)
  }
  return (finding) => SEVERITY_RANK[finding.severity] >= minimumRank || ruleIds.has(finding.ruleId)
}
