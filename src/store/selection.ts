/** Linked selection: an exchange, a resource or a finding, and the matching others. */
import type { EngineSnapshot } from "../core/engine"
import { isContextEvidence, subjectExchangeId } from "../core/findings/finding-evidence"
import type { Finding } from "../core/model"
import type { Selection } from "./panel-state"
import { findingKey, lineageByExchange } from "./selectors"

function findingOf(snapshot: EngineSnapshot, key: string | undefined): Finding | undefined {
  return key === undefined ? undefined : snapshot.findings.find((finding) => findingKey(finding) === key)
}

export function linkedSelection(snapshot: EngineSnapshot, chosen: Selection): Selection {
  if (chosen.findingKey !== undefined) {
    const finding = findingOf(snapshot, chosen.findingKey)
    if (!finding) return {}
    const exchangeId = subjectExchangeId(finding)
    const resourceKey =
      finding.resourceKey ??
      (exchangeId === undefined ? undefined : lineageByExchange(snapshot).get(exchangeId)?.key)
    return { findingKey: chosen.findingKey, exchangeId, resourceKey }
  }
  if (chosen.exchangeId !== undefined) {
    const exchangeId = chosen.exchangeId
    // Prefer a finding about this exchange to one that names it for context.
    const finding =
      snapshot.findings.find(
        (candidate) => candidate.exchangeIds.includes(exchangeId) && !isContextEvidence(candidate, exchangeId)
      ) ?? snapshot.findings.find((candidate) => candidate.exchangeIds.includes(exchangeId))
    return {
      exchangeId,
      resourceKey: lineageByExchange(snapshot).get(exchangeId)?.key,
      findingKey: finding && findingKey(finding)
    }
  }
  if (chosen.resourceKey !== undefined) {
    const resource = snapshot.resources.find((candidate) => candidate.key === chosen.resourceKey)
    if (!resource) return {}
    const lastEvent = resource.events[resource.events.length - 1]
    const finding = snapshot.findings.find((candidate) => candidate.resourceKey === resource.key)
    return {
      resourceKey: resource.key,
      exchangeId: lastEvent?.exchangeId,
      findingKey: finding && findingKey(finding)
    }
  }
  return {}
}

/**
 * The selection once the capture was read again (a settings change): resource keys and findings may
 * have changed, so what still exists is linked anew, the exchange first; a finding chosen that still
 * names that exchange stays chosen.
 */
export function relinkedSelection(snapshot: EngineSnapshot, selection: Selection): Selection {
  const { exchangeId, findingKey, resourceKey } = selection
  if (exchangeId !== undefined && snapshot.exchanges.some((exchange) => exchange.id === exchangeId)) {
    const linked = linkedSelection(snapshot, { exchangeId })
    const kept = findingOf(snapshot, findingKey)?.exchangeIds.includes(exchangeId) === true
    return kept ? { ...linked, findingKey } : linked
  }
  if (findingOf(snapshot, findingKey)) return linkedSelection(snapshot, { findingKey })
  return resourceKey === undefined ? {} : linkedSelection(snapshot, { resourceKey })
}
