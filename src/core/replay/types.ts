/**
 * Replay vocabulary (DESIGN.md "Replay outcomes"): a plan the user confirms, the page's answer,
 * and the verdict. Plain data, JSON-safe, shared by core, adapters, store and UI.
 */
import type { HeaderList, PreconditionState, ReplayChoice, ReplayVerdict } from "../model"

/** A recorded request header we cannot send from page script, and why. */
export interface OmittedHeader {
  readonly name: string
  readonly value: string
  readonly reason: string
}

/** Where the chosen version travels in the replayed request. */
export type VersionCarrier =
  | { readonly kind: "if-match" }
  /** `next`: the field carries the version the write makes, the chosen one plus one (Confluence). */
  | { readonly kind: "body-field"; readonly field: string; readonly next?: boolean }
  | { readonly kind: "query-param"; readonly param: string }
  /** A header other than If-Match that the API reads the version from (`X-Contentful-Version`). */
  | { readonly kind: "version-header"; readonly name: string }
  /** A server without tags: the version's Last-Modified date, RFC 9110 §13.1.4. */
  | { readonly kind: "if-unmodified-since" }

export interface ReplayPrecondition {
  /** Every place the chosen version was written to (empty for "none"). */
  readonly carriers: readonly VersionCarrier[]
  /** The text sent (`"n1-v1"`, `*`, `W/"n1-v1"`), absent when nothing is sent. */
  readonly sent?: string
  /** How the sent tag relates to the lineage as it is now. */
  readonly state: PreconditionState
  /** True when a weak tag goes into If-Match (never matches: RFC 9110 §13.1.1 uses strong comparison). */
  readonly weak: boolean
  /** Version (1-based) the sent tag names, when known. */
  readonly versionIndex?: number
  /** Latest version the lineage shows now. */
  readonly currentVersionIndex?: number
  /**
   * The exchange that showed the resource gone after its latest version (an enacted DELETE, a read
   * answered 404 or 410): every version is then stale, none current (RFC 9110 §13.1.1).
   */
  readonly goneSince?: GoneSince
}

/** The event that showed a resource gone, as a plan states it. */
export interface GoneSince {
  readonly exchangeId: number
  readonly method: string
  readonly status: number
}

/** Everything the replayer sends, shown to the user before they confirm. */
export interface ReplayPlan {
  /** Recorded exchange this replays. */
  readonly of: number
  readonly choice: ReplayChoice
  readonly method: string
  readonly url: string
  /** Origin of the recorded URL: the only origin a replay may go to. */
  readonly origin: string
  readonly headers: HeaderList
  readonly omittedHeaders: readonly OmittedHeader[]
  readonly body?: string
  readonly precondition: ReplayPrecondition
  /** One line: `PUT /api/strict/notes/1 with If-Match v1 "n1-v1" (stale: current is v3)`. */
  readonly summary: string
  /** Things the user should know before sending (e.g. a body the capture did not keep). */
  readonly warnings: readonly string[]
}

/** What the page's `fetch` gave back. */
export interface ReplayHttpResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: HeaderList
  readonly bodyText: string
  /** Set when the body was cut to the replayer's limit. */
  readonly bodyTruncated?: boolean
}

/** The request could not complete (network error, CORS, CSP, timeout): the error name and message. */
export interface ReplayFailure {
  readonly error: string
}

export type ReplayResponse = ReplayHttpResponse | ReplayFailure

export function isReplayFailure(response: ReplayResponse): response is ReplayFailure {
  return "error" in response
}

export interface ReplayOutcome {
  readonly verdict: ReplayVerdict
  /** Plain words: what the server did and what it means. */
  readonly explanation: string
  /** Tag the answer revealed (header, or the API's body field), raw text. */
  readonly newTag?: string
}
