/**
 * Replays that may still come back as live traffic. DevTools records the request a replay makes in
 * the page like any other; a same-origin replay carries the marker header and Chromium names the
 * replay script in `_initiator`, but Firefox's HAR entries of a cross-origin replay carry neither.
 * So each replay is announced before it is sent, and the first live entry with the same method, URL,
 * `If-Match` and body within the window is its echo.
 */
import { isRecord } from "../traffic/json-body"
import type { ReplayPlan } from "./types"
import { headerValue } from "./headers"

/** Longer than a replay may take (the page replayer gives up after 15 s), with room for a slow batch. */
export const ECHO_WINDOW_MS = 60_000

/** At most this many replays are awaited at once (a race sends two; older ones are dropped first). */
const MAX_AWAITED = 32

type EchoPlan = Pick<ReplayPlan, "method" | "url" | "headers" | "body">

interface AwaitedEcho {
  readonly method: string
  readonly url: string
  readonly ifMatch: string | undefined
  readonly body: string | undefined
  readonly until: number
}

export interface EchoWatch {
  /** A replay of this plan is about to be sent at `now` (milliseconds). */
  expect(plan: EchoPlan, now: number): void
  /** True, once, for the live entry that is an awaited replay's echo. */
  claims(entry: unknown, now: number): boolean
}

export function createEchoWatch(): EchoWatch {
  let awaited: AwaitedEcho[] = []
  return {
    expect(plan, now) {
      awaited.push({
        method: plan.method.toUpperCase(),
        url: plan.url,
        ifMatch: headerValue(plan.headers, "If-Match"),
        body: plan.body === "" ? undefined : plan.body,
        until: now + ECHO_WINDOW_MS
      })
      if (awaited.length > MAX_AWAITED) awaited = awaited.slice(-MAX_AWAITED)
    },
    claims(entry, now) {
      if (awaited.length === 0) return false
      awaited = awaited.filter((echo) => echo.until >= now)
      const request = isRecord(entry) && isRecord(entry.request) ? entry.request : undefined
      if (request === undefined) return false
      const at = awaited.findIndex((echo) => isEchoOf(echo, request))
      if (at === -1) return false
      awaited.splice(at, 1)
      return true
    }
  }
}

function isEchoOf(echo: AwaitedEcho, request: Readonly<Record<string, unknown>>): boolean {
  if (typeof request.method !== "string" || request.method.toUpperCase() !== echo.method) return false
  if (request.url !== echo.url) return false
  const headers = Array.isArray(request.headers) ? request.headers.filter(isHeader) : []
  if (headerValue(headers, "If-Match") !== echo.ifMatch) return false
  const postData = isRecord(request.postData) ? request.postData : undefined
  const body = typeof postData?.text === "string" && postData.text !== "" ? postData.text : undefined
  return body === echo.body
}

function isHeader(value: unknown): value is { name: string; value: string } {
  return isRecord(value) && typeof value.name === "string" && typeof value.value === "string"
}
