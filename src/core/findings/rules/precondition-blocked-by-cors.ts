/**
 * A cross-origin page tried to send If-Match (or another version header), and the API's CORS
 * preflight did not allow that header: the browser refused to send the write at all. Developers
 * who meet the resulting "Failed to fetch" often drop the header, and with it the protection.
 */
import { isSafeMethod, wireMethodOf } from "../../http/methods"
import type { Exchange, Finding } from "../../model"
import { crossOriginCaller } from "../../traffic/cross-origin"
import {
  isRequestRefusedBy,
  listedRefusal,
  preflightPassed,
  refusalByContrast,
  refusedAskingForVersion,
  type PreflightRefusal
} from "../../traffic/cors-preflight"
import { NO_FINDINGS, isSuccess, rfc9110, type CaptureRule } from "../rule"

/** A preflight and the request it stood for start within this time of each other. */
const SAME_ATTEMPT_MS = 10_000

export const preconditionBlockedByCors: CaptureRule = {
  id: "precondition-blocked-by-cors",
  severity: "warning",
  scope: "capture",
  repeat: "once-per-resource",
  title: "If-Match blocked by the API's CORS preflight",
  explanation:
    "The page calls the API from another origin and tried to send If-Match (or another header that " +
    "carries the version) with a write. Before such a write the browser asks the API in a CORS " +
    "preflight (OPTIONS) which request headers it accepts, and the answer's Access-Control-Allow-Headers " +
    "did not list this one: the browser refused to send the write at all, and the page saw a network " +
    "error. Dropping the header makes the write go through, unguarded.",
  fix: {
    client:
      "Keep sending If-Match: a write without it can overwrite someone else's change. The fix is on the " +
      "API's side; until then, report the failure instead of retrying without the precondition.",
    server:
      "List If-Match (and If-None-Match, If-Unmodified-Since, or the API's version header) in " +
      "Access-Control-Allow-Headers on the preflight's answer, and expose ETag in " +
      "Access-Control-Expose-Headers so the page can read the tag to send."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, earlier, resourceKey, versionHeaders }) {
    if (exchange.kind === "preflight") {
      // A live capture may deliver the refused write before its preflight: it may be among `earlier`.
      return refusalsWith(exchange, earlier, versionHeaders).map((refusal) =>
        blocked(
          refusal,
          closest(earlier, refusal.preflight, (write) => (stoppedBy(write, refusal) ? write : undefined)),
          resourceKey
        )
      )
    }
    if (exchange.kind !== "failed" || exchange.origin === "replay" || isSafeMethod(wireMethodOf(exchange)))
      return NO_FINDINGS
    // The refusing preflight sent closest in time to this write is the one that stood for it.
    const refusal = closest(earlier, exchange, (candidate) => {
      const found = refusalOf(candidate, earlier, versionHeaders)
      return found !== undefined && stoppedBy(exchange, found) ? found : undefined
    })
    return refusal === undefined ? NO_FINDINGS : [blocked(refusal, exchange, resourceKey)]
  }
}

/** How `preflight` refused a version header: its listed answer, or beside one of `others` that passed. */
function refusalOf(
  preflight: Exchange,
  others: readonly Exchange[],
  versionHeaders: readonly string[]
): PreflightRefusal | undefined {
  const listed = listedRefusal(preflight, versionHeaders)
  if (listed !== undefined || !refusedAskingForVersion(preflight, versionHeaders)) return listed
  for (const other of others) {
    const refusal = other === preflight ? undefined : refusalByContrast(preflight, other, versionHeaders)
    if (refusal !== undefined) return refusal
  }
  return undefined
}

/**
 * The refusals a preflight just recorded shows: its own, or, when it passed without the version
 * headers, those of the earlier preflights it tells apart as refused for them.
 */
function refusalsWith(
  preflight: Exchange,
  earlier: readonly Exchange[],
  versionHeaders: readonly string[]
): PreflightRefusal[] {
  const own = refusalOf(preflight, earlier, versionHeaders)
  if (own !== undefined) return [own]
  // Only a preflight that passed can tell another apart as refused.
  if (!preflightPassed(preflight)) return []
  const told: PreflightRefusal[] = []
  for (const other of earlier) {
    const refusal = refusalByContrast(other, preflight, versionHeaders)
    if (refusal !== undefined) told.push(refusal)
  }
  return told
}

/** What `pick` makes of the item of `list` closest in time to `to` among those it makes something of. */
function closest<T>(
  list: readonly Exchange[],
  to: Exchange,
  pick: (item: Exchange) => T | undefined
): T | undefined {
  let best: T | undefined
  let bestApart = Infinity
  for (const item of list) {
    const picked = pick(item)
    if (picked === undefined) continue
    const apart = msApart(item, to)
    if (best === undefined || apart < bestApart) {
      best = picked
      bestApart = apart
    }
  }
  return best
}

/** How far apart two exchanges started (NaN when a start time cannot be read). */
function msApart(one: Exchange, other: Exchange): number {
  return Math.abs(Date.parse(one.startedAt) - Date.parse(other.startedAt))
}

function stoppedBy(request: Exchange, refusal: PreflightRefusal): boolean {
  if (request.origin === "replay" || !isRequestRefusedBy(request, refusal)) return false
  const apart = msApart(request, refusal.preflight)
  // An unreadable start time proves nothing either way: the URL, method and header still match.
  return Number.isNaN(apart) || apart <= SAME_ATTEMPT_MS
}

function blocked(refusal: PreflightRefusal, stopped: Exchange | undefined, resourceKey: string): Finding {
  const { preflight, method, contrast } = refusal
  const caller = crossOriginCaller(preflight) ?? "another origin"
  const names = refusal.refused.join(", ")
  const asked = `#${preflight.id} preflight for a ${method} from ${caller} asked to send ${names}`
  let why: string
  if (contrast === undefined) {
    const allowed = refusal.allowed ? `only ${refusal.allowed}` : "no request header"
    why = `its answer allows ${allowed} (Access-Control-Allow-Headers)`
  } else {
    const answer = isSuccess(preflight.status)
      ? `${preflight.status} without Access-Control-Allow-Origin`
      : String(preflight.status)
    why = `it was refused (${answer}), while #${contrast.id}, for a ${method} without it, passed`
  }
  const ids = [preflight.id]
  if (contrast !== undefined) ids.push(contrast.id)
  if (stopped !== undefined) ids.push(stopped.id)
  return {
    ruleId: preconditionBlockedByCors.id,
    severity: preconditionBlockedByCors.severity,
    message: `${asked}; ${why}, so the browser refuses to send the ${method}`,
    resourceKey,
    exchangeIds: ids.sort((a, b) => a - b),
    corsRefusedHeaders: refusal.refused,
    ...(contrast !== undefined && { contextExchangeIds: [contrast.id] })
  }
}
