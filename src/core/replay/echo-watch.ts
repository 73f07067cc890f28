/**
 * Replays that may still come back as live traffic. DevTools records the request a replay makes in
 * the page like any other; a same-origin replay carries the marker header and Chromium names the
 * replay script in `_initiator`, but Firefox's HAR entries of a cross-origin replay carry neither.
 * So each replay is announced before it is sent, and the first live entry with the same method, URL,
 * `If-Match` and body within the window is its echo. The window is kept narrow so that the page's own
 * identical request is not taken for an echo: the entry must have started after the announcement,
 * and once the replay's answer is back, its echo is awaited only a little longer.
 */
import { isRecord } from "../traffic/json-body"
import type { ReplayPlan } from "./types"
import { headerValue } from "./headers"

/** Longer than a replay may take (the page replayer gives up after 15 s), with room for a slow batch. */
export const ECHO_WINDOW_MS = 60_000

/** After the replay's answer came back, DevTools reports its entry within moments; wait this long. */
export const ECHO_AFTER_ANSWER_MS = 10_000

/** An entry's `startedDateTime` may read a little earlier than the panel's clock at the announcement. */
const CLOCK_SLACK_MS = 1_000

/** At most this many replays are awaited at once (a race sends two; older ones are dropped first). */
const MAX_AWAITED = 32

type EchoPlan = Pick<ReplayPlan, "method" | "url" | "headers" | "body">

interface AwaitedEcho {
  readonly method: string
  readonly url: string
  readonly ifMatch: string | undefined
  readonly body: string | undefined
  /** When it was announced: an entry that started before cannot be its echo. */
  readonly since: number
  until: number
}

/** One announced replay: tell the watch when its answer is back. */
export interface AwaitedReplay {
  answered(now: number): void
}

export interface EchoWatch {
  /** A replay of this plan is about to be sent at `now` (milliseconds since the epoch). */
  expect(plan: EchoPlan, now: number): AwaitedReplay
  /** True, once, for the live entry that is an awaited replay's echo. */
  claims(entry: unknown, now: number): boolean
}

export function createEchoWatch(): EchoWatch {
  let awaited: AwaitedEcho[] = []
  return {
    expect(plan, now) {
      const echo: AwaitedEcho = {
        method: plan.method.toUpperCase(),
        url: plan.url,
        ifMatch: headerValue(plan.headers, "If-Match"),
        body: plan.body === "" ? undefined : plan.body,
        since: now,
        until: now + ECHO_WINDOW_MS
      }
      awaited.push(echo)
      if (awaited.length > MAX_AWAITED) awaited = awaited.slice(-MAX_AWAITED)
      return {
        answered(at) {
          echo.until = Math.min(echo.until, at + ECHO_AFTER_ANSWER_MS)
        }
      }
    },
    claims(entry, now) {
      if (awaited.length === 0) return false
      awaited = awaited.filter((echo) => echo.until >= now)
      const request = isRecord(entry) && isRecord(entry.request) ? entry.request : undefined
      if (request === undefined) return false
      const started = isRecord(entry) ? startTimeOf(entry.startedDateTime) : undefined
      const at = awaited.findIndex(
        (echo) => (started === undefined || started >= echo.since - CLOCK_SLACK_MS) && isEchoOf(echo, request)
      )
      if (at === -1) return false
      awaited.splice(at, 1)
      return true
    }
  }
}

/**
 * `send`, announcing each replay to the watch before it goes out and telling it when the answer is
 * back (or the send failed), so the echo is awaited only as long as it can still come.
 */
export function announcingReplays<Plan extends EchoPlan, Rest extends unknown[], Answer>(
  watch: EchoWatch,
  send: (plan: Plan, ...rest: Rest) => Promise<Answer>,
  now: () => number
): (plan: Plan, ...rest: Rest) => Promise<Answer> {
  return async (plan, ...rest) => {
    const awaited = watch.expect(plan, now())
    try {
      return await send(plan, ...rest)
    } finally {
      awaited.answered(now())
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

/** Milliseconds since the epoch of a HAR `startedDateTime` (ISO 8601), or undefined when unreadable. */
function startTimeOf(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined
  const time = Date.parse(value)
  return Number.isFinite(time) ? time : undefined
}

function isHeader(value: unknown): value is { name: string; value: string } {
  return isRecord(value) && typeof value.name === "string" && typeof value.value === "string"
}
