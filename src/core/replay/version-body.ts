/**
 * The body of one version, for the "Show the fix" three-way view: what a read of it returned,
 * else what the write that produced it answered or sent.
 */
import type { Exchange, Version } from "../model"

export function bodyOfVersion(version: Version, exchanges: readonly Exchange[]): string | undefined {
  const byId = new Map(exchanges.map((exchange) => [exchange.id, exchange]))
  for (const id of [...version.seenBy, version.introducedBy]) {
    const text = byId.get(id)?.responseBody?.text
    if (text !== undefined && text !== "") return text
  }
  return byId.get(version.introducedBy)?.requestBody?.text
}
