/**
 * A replay, as a HAR entry the engine ingests with origin "replay", and the marker that lets the
 * traffic path recognise (and skip) the live copy DevTools also records of the same request.
 */
import type { ReplayPlan, ReplayResponse } from "./types"
import { isReplayFailure } from "./types"
import { isRecord } from "../traffic/json-body"
import { headerValue } from "./headers"
import { originOfUrl } from "./url-text"

/** Request header the replayer adds; its value is the replay's random id. */
export const REPLAY_MARKER_HEADER = "X-ETag-Lens-Replay"

/**
 * The script name the replayer gives the code it runs in the page (`//# sourceURL=`). Chromium's
 * HAR entries name the script that started a fetch in `_initiator.stack`: a cross-origin replay,
 * which carries no marker header, is still recognised by it.
 */
export const REPLAY_SCRIPT_URL = "etag-lens-replay.js"

/**
 * Whether the replayer adds the marker header: only on a request to the inspected page's own origin
 * (elsewhere the server's CORS preflight would have to allow it). True while the page is not known.
 */
export function carriesMarker(plan: Pick<ReplayPlan, "origin">, pageUrl: string | undefined): boolean {
  return pageUrl === undefined || originOfUrl(pageUrl) === plan.origin
}

/** True for a captured HAR entry that is the live echo of one of our own replays. */
export function isReplayEcho(entry: unknown): boolean {
  if (entry === null || typeof entry !== "object") return false
  return hasMarkerHeader(entry) || startedByReplayScript(entry)
}

function hasMarkerHeader(entry: object): boolean {
  const request = (entry as { request?: { headers?: unknown } }).request
  if (!request || !Array.isArray(request.headers)) return false
  const marker = REPLAY_MARKER_HEADER.toLowerCase()
  return request.headers.some(
    (header: unknown) =>
      header !== null &&
      typeof header === "object" &&
      typeof (header as { name?: unknown }).name === "string" &&
      (header as { name: string }).name.toLowerCase() === marker
  )
}

/** Async stacks nest as `parent`; a bound keeps a malformed (cyclic, deep) capture cheap. */
const MAX_STACK_SEGMENTS = 32

/** `_initiator.stack` (Chrome DevTools protocol `StackTrace`) names the replay script in a frame. */
function startedByReplayScript(entry: object): boolean {
  const initiator = (entry as { _initiator?: unknown })._initiator
  let stack = isRecord(initiator) ? initiator.stack : undefined
  for (let segment = 0; segment < MAX_STACK_SEGMENTS && isRecord(stack); segment++) {
    const frames = stack.callFrames
    if (Array.isArray(frames) && frames.some((frame) => isRecord(frame) && frame.url === REPLAY_SCRIPT_URL))
      return true
    stack = stack.parent
  }
  return false
}

export interface ReplayTiming {
  /** ISO 8601 start time. */
  readonly startedAt: string
  readonly durationMs: number
}

/** HAR 1.2 entry for a replay: what was sent (minus the marker) and what came back. */
export function toReplayHarEntry(plan: ReplayPlan, response: ReplayResponse, timing: ReplayTiming) {
  const requestMime = headerValue(plan.headers, "Content-Type") ?? "application/json"
  const answer = isReplayFailure(response)
    ? { status: 0, statusText: "", headers: [], bodyText: "" }
    : response
  const responseMime = headerValue(answer.headers, "Content-Type") ?? ""
  return {
    startedDateTime: timing.startedAt,
    time: timing.durationMs,
    request: {
      method: plan.method,
      url: plan.url,
      httpVersion: "HTTP/1.1",
      headers: plan.headers.map(({ name, value }) => ({ name, value })),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: plan.body === undefined ? 0 : plan.body.length,
      ...(plan.body === undefined ? {} : { postData: { mimeType: requestMime, text: plan.body } })
    },
    response: {
      status: answer.status,
      statusText: answer.statusText,
      httpVersion: "HTTP/1.1",
      headers: answer.headers.map(({ name, value }) => ({ name, value })),
      cookies: [],
      content: { size: answer.bodyText.length, mimeType: responseMime, text: answer.bodyText },
      redirectURL: "",
      headersSize: -1,
      bodySize: answer.bodyText.length
    },
    cache: {},
    timings: { send: 0, wait: timing.durationMs, receive: 0 },
    _resourceType: "fetch",
    ...(isReplayFailure(response) ? { _error: response.error } : {})
  }
}
