/**
 * Replay safety (issue #9): never without the user's explicit confirmation, never to another origin
 * than the one recorded. Checked by every Replayer before anything is sent.
 */
import type { ReplayPlan } from "./types"
import { asBrowserReadsUrl } from "../traffic/uri"
import { originOfUrl } from "./url-text"

export type ReplayRefusal = "not-confirmed" | "cross-origin" | "misleading-url"

export class ReplayRefusedError extends Error {
  override readonly name = "ReplayRefusedError"
  constructor(
    readonly refusal: ReplayRefusal,
    message: string
  ) {
    super(message)
  }
}

export interface ReplayPermission {
  /** Set only by the confirmation dialog. */
  readonly confirmed: boolean
  /** URL of the recorded exchange, from the capture (not from the plan). */
  readonly recordedUrl: string
}

export function assertReplayAllowed(plan: ReplayPlan, permission: ReplayPermission): void {
  if (permission.confirmed !== true) {
    throw new ReplayRefusedError(
      "not-confirmed",
      "Replay refused: it needs the user's explicit confirmation."
    )
  }
  // A URL the browser rewrites before sending (`https://a.example\\@b.example/` goes to a.example)
  // reads as another origin than it goes to: the confirmation would name the wrong one. Only an
  // imported file can hold one; DevTools records URLs as sent.
  if (asBrowserReadsUrl(plan.url) !== plan.url) {
    throw new ReplayRefusedError(
      "misleading-url",
      `Replay refused: ${visibleControls(plan.url)} is not written as a browser reads it (a backslash ` +
        `in an http(s) URL is a "/", tabs and newlines are dropped): it would go to ` +
        `${originOfUrl(plan.url) ?? "an origin that cannot be told"}.`
    )
  }
  const recorded = originOfUrl(permission.recordedUrl)
  const target = originOfUrl(plan.url)
  if (recorded === undefined || target === undefined || recorded !== target || plan.origin !== recorded) {
    throw new ReplayRefusedError(
      "cross-origin",
      `Replay refused: ${plan.url} is not on the recorded origin ${recorded ?? permission.recordedUrl}.`
    )
  }
}

/** Tabs, newlines and other control characters percent-encoded, so the message shows them. */
function visibleControls(url: string): string {
  return Array.from(url, (char) => {
    const code = char.charCodeAt(0)
    return code < 0x20 || code === 0x7f ? `%${code.toString(16).toUpperCase().padStart(2, "0")}` : char
  }).join("")
}
