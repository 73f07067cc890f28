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
  refusalByContrast,
  type PreflightRefusal
} from "../../traffic/cors-preflight"
import { NO_FINDINGS, rfc9110, type CaptureRule } from "../rule"

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
      const refusal =
        listedRefusal(exchange, versionHeaders) ?? refusalBesideEarlier(exchange, earlier, versionHeaders)
      if (refusal === undefined) return NO_FINDINGS
      // A live capture may deliver the refused write before its preflight.
      let stopped: Exchange | undefined
      for (let position = earlier.length - 1; position >= 0 && stopped === undefined; position--)
        if (stoppedBy(earlier[position], refusal)) stopped = earlier[position]
      return [blocked(refusal, stopped, resourceKey)]
    }
    if (exchange.kind !== "failed" || exchange.origin === "replay" || isSafeMethod(wireMethodOf(exchange)))
      return NO_FINDINGS
    for (let position = earlier.length - 1; position >= 0; position--) {
      const candidate = earlier[position]
      const refusal =
        listedRefusal(candidate, versionHeaders) ?? refusalBesideEarlier(candidate, earlier, versionHeaders)
      if (refusal !== undefined && stoppedBy(exchange, refusal))
        return [blocked(refusal, exchange, resourceKey)]
    }
    return NO_FINDINGS
  }
}

/** A refusal of the whole preflight that `preflight` is part of, told by another one in `others`. */
function refusalBesideEarlier(
  preflight: Exchange,
  others: readonly Exchange[],
  versionHeaders: readonly string[]
): PreflightRefusal | undefined {
  for (let position = others.length - 1; position >= 0; position--) {
    const other = others[position]
    if (other === preflight) continue
    const refusal =
      refusalByContrast(preflight, other, versionHeaders) ??
      refusalByContrast(other, preflight, versionHeaders)
    if (refusal !== undefined) return refusal
  }
  return undefined
}

function stoppedBy(request: Exchange, refusal: PreflightRefusal): boolean {
  if (request.origin === "replay" || !isRequestRefusedBy(request, refusal)) return false
  const apart = Math.abs(Date.parse(request.startedAt) - Date.parse(refusal.preflight.startedAt))
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
    const answer =
      preflight.status >= 200 && preflight.status <= 299
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
    ...(contrast !== undefined && { contextExchangeIds: [contrast.id] })
  }
}
