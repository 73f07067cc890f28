/** Human words for a replay plan's precondition, used in the plan summary and the confirmation. */
import { goneWords } from "../lineage/shown-gone"
import type { ReplayPrecondition, VersionCarrier } from "./types"

/** Where a version travels, in words: `If-Match`, `body _rev`, `query ?rev=`. */
export function carrierName(carrier: VersionCarrier): string {
  if (carrier.kind === "if-match") return "If-Match"
  if (carrier.kind === "if-unmodified-since") return "If-Unmodified-Since"
  if (carrier.kind === "body-field") return `body ${carrier.field}`
  if (carrier.kind === "version-header") return carrier.name
  return `query ?${carrier.param}=`
}

function stateWords(precondition: ReplayPrecondition): string {
  const current = precondition.currentVersionIndex
  switch (precondition.state) {
    case "stale":
      return precondition.goneSince === undefined
        ? `stale: current is v${current}`
        : `stale: ${goneWords(precondition.goneSince)} since`
    case "current":
      return "current"
    case "unknown":
      return precondition.carriers.some((carrier) => carrier.kind === "if-unmodified-since")
        ? "a date before any version this capture showed"
        : "a tag this capture never showed"
    case "any":
      return "matches any existing version"
    case "none":
      return "no precondition"
  }
}

/** `with If-Match v1 "n1-v1" (stale: current is v3)`, `without any precondition`, … */
export function describePrecondition(precondition: ReplayPrecondition): string {
  if (precondition.state === "none" || precondition.sent === undefined) return "without any precondition"
  const where = precondition.carriers.map(carrierName).join(" and ")
  const version = precondition.versionIndex !== undefined ? `v${precondition.versionIndex} ` : ""
  const weak = precondition.weak && precondition.state !== "unknown" ? "weak form, " : ""
  return `with ${where} ${version}${precondition.sent} (${weak}${stateWords(precondition)})`
}
