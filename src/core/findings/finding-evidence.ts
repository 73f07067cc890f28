/**
 * Which of a finding's exchanges it is about, and which are there for context
 * (`Finding.contextExchangeIds`): the panel marks the first kind as at fault, the second as evidence.
 */
import type { Finding } from "../model"

/** The finding names this exchange only to show the circumstances (e.g. the write a lost update overwrote). */
export function isContextEvidence(finding: Finding, exchangeId: number): boolean {
  return finding.contextExchangeIds?.includes(exchangeId) ?? false
}

/** The exchange the finding is about: its latest evidence that is not context. */
export function subjectExchangeId(finding: Finding): number | undefined {
  for (let position = finding.exchangeIds.length - 1; position >= 0; position--) {
    const id = finding.exchangeIds[position]
    if (!isContextEvidence(finding, id)) return id
  }
  return finding.exchangeIds[finding.exchangeIds.length - 1]
}
