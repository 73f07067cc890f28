/**
 * "Show the fix" step 1 (halchemy's refresh): GET the resource's current version, with the recorded
 * request's sendable headers minus the write's own (If-Match, Content-Type, a version header) and
 * any query version.
 */
import type { Exchange } from "../model"
import { splitSendableHeaders, withoutHeader } from "./headers"
import { ReplayPlanError, versionPlaces, type PlanReplayOptions } from "./plan-replay"
import type { ReplayPlan } from "./types"
import { originOfUrl, pathAndQuery, withoutQueryParam } from "./url-text"

const WRITE_ONLY_HEADERS = ["If-Match", "If-None-Match", "If-Unmodified-Since", "Content-Type"]

export function planRefresh(
  exchange: Exchange,
  options: Pick<PlanReplayOptions, "queryVersionParams" | "versionHeaders"> = {}
): ReplayPlan {
  const { queryVersionParams, versionHeaders } = versionPlaces(options)
  const origin = originOfUrl(exchange.url)
  if (origin === undefined)
    throw new ReplayPlanError(`Cannot refresh: the recorded URL is not absolute (${exchange.url}).`)
  const { sendable, omitted } = splitSendableHeaders(exchange.requestHeaders)
  const writeOnly = [...WRITE_ONLY_HEADERS, ...versionHeaders]
  const headers = writeOnly.reduce((list, name) => withoutHeader(list, name), sendable)
  const url = queryVersionParams.reduce((current, param) => withoutQueryParam(current, param), exchange.url)
  return {
    of: exchange.id,
    choice: { kind: "none" },
    method: "GET",
    url,
    origin,
    headers,
    omittedHeaders: omitted,
    precondition: { carriers: [], state: "none", weak: false },
    summary: `GET ${pathAndQuery(url)} to read the current version`,
    warnings: []
  }
}
