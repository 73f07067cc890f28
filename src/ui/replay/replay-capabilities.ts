/** What the replay view needs from outside: injected by the composition root, never chrome/browser. */
import type { Exchange } from "../../core/model"
import type { ReplayPermission, ReplayPlan, ReplayResponse } from "../../core/replay"
import type { CopyText } from "../copy-text"

export interface ReplayCapabilities {
  /** The Replayer port: sends from the inspected page; refuses unconfirmed or cross-origin plans. */
  send(plan: ReplayPlan, permission: ReplayPermission): Promise<ReplayResponse>
  /** Adds a replay to the engine as origin "replay"; returns its exchange id. */
  record(entry: unknown, replay: NonNullable<Exchange["replay"]>): number | undefined
  /** Milliseconds since the epoch. */
  now(): number
  /** Puts text on the clipboard (the snippet is also shown, for when this is unavailable). */
  readonly copyText?: CopyText
  /** Query parameters that carry a version (CouchDB `?rev=`). */
  readonly queryVersionParams?: readonly string[]
  /** Headers that carry a version (`X-Contentful-Version`). */
  readonly versionHeaders?: readonly string[]
  /** Body fields sent as the version the write makes (Confluence's `version.number`). */
  readonly nextVersionFields?: readonly string[]
  /** The inspected page's URL, when known: the marker header goes only to its own origin. */
  readonly pageUrl?: string
}
