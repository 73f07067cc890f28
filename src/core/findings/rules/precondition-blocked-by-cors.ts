/**
 * A cross-origin page tried to send If-Match (or another version header), and the API's CORS
 * preflight did not allow that header: the browser refused to send the write at all. Developers
 * who meet the resulting "Failed to fetch" often drop the header, and with it the protection.
 */
import { isSafeMethod, wireMethodOf } from "../../http/methods"
import type { Exchange, Finding } from "../../model"
import { crossOriginCaller } from "../../traffic/cross-origin"
import { isRequestRefusedBy, preflightRefusal, type PreflightRefusal } from "../../traffic/cors-preflight"
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
      const refusal = preflightRefusal(exchange, versionHeaders)
      if (refusal === undefined) return NO_FINDINGS
      // A live capture may deliver the refused write before its preflight.
      for (let position = earlier.length - 1; position >= 0; position--) {
        const request = earlier[position]
        if (stoppedBy(request, exchange, refusal)) return [blocked(exchange, refusal, request, resourceKey)]
      }
      return [blocked(exchange, refusal, undefined, resourceKey)]
    }
    if (exchange.kind !== "failed" || exchange.origin === "replay" || isSafeMethod(wireMethodOf(exchange)))
      return NO_FINDINGS
    for (let position = earlier.length - 1; position >= 0; position--) {
      const preflight = earlier[position]
      const refusal = preflightRefusal(preflight, versionHeaders)
      if (refusal !== undefined && stoppedBy(exchange, preflight, refusal))
        return [blocked(preflight, refusal, exchange, resourceKey)]
    }
    return NO_FINDINGS
  }
}

function stoppedBy(request: Exchange, preflight: Exchange, refusal: PreflightRefusal): boolean {
  if (request.origin === "replay" || !isRequestRefusedBy(request, refusal)) return false
  const apart = Math.abs(Date.parse(request.startedAt) - Date.parse(preflight.startedAt))
  // An unreadable start time proves nothing either way: the URL, method and header still match.
  return Number.isNaN(apart) || apart <= SAME_ATTEMPT_MS
}

function blocked(
  preflight: Exchange,
  refusal: PreflightRefusal,
  stopped: Exchange | undefined,
  resourceKey: string
): Finding {
  const caller = crossOriginCaller(preflight) ?? "another origin"
  const names = refusal.refused.join(", ")
  const allowed = refusal.allowed === "" ? "no request header" : `only ${refusal.allowed}`
  return {
    ruleId: preconditionBlockedByCors.id,
    severity: preconditionBlockedByCors.severity,
    message:
      `#${preflight.id} preflight for a ${refusal.method} from ${caller} asked to send ${names}; ` +
      `its answer allows ${allowed} (Access-Control-Allow-Headers), so the browser refuses to send the ${refusal.method}`,
    resourceKey,
    exchangeIds: stopped === undefined ? [preflight.id] : [preflight.id, stopped.id].sort((a, b) => a - b)
  }
}
