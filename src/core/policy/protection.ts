/**
 * The question users bring to ETag Lens, answered per server from what the traffic showed: does
 * this API protect its clients from lost updates? A server protects them when it refuses a write
 * based on an older version (412, RFC 9110 §13.1.1; or 409 where a body version is checked) and a
 * write that names no version (428, RFC 6585 §3). Only evidence counts: what was not seen is said.
 */
import type { PolicyTrait, ServerPolicy } from "../model"

export type ProtectionLevel =
  | "protected" // stale writes refused, and writes must name a version
  | "partial" // stale writes refused, but a write that names no version passes (it may have lost an update)
  | "unprotected" // a stale write was accepted: a lost update
  | "unusable" // even a current tag is refused (weak tags, tags it does not match)
  | "unknown" // no stale write seen yet

/** How every view marks a level. */
export const PROTECTION_MARK: Readonly<Record<ProtectionLevel, string>> = {
  protected: "✔",
  partial: "◐",
  unprotected: "✖",
  unusable: "⚠",
  unknown: "?"
}

export interface Protection {
  readonly level: ProtectionLevel
  /** One plain sentence. */
  readonly text: string
  /** A replay of a write with an older tag would settle what the traffic has not shown. */
  readonly replayWouldTell: boolean
}

/** Traits that show the server refusing a write based on an older version. */
const REFUSES_STALE: readonly PolicyTrait[] = ["enforces-412", "enforces-409", "ignores-if-match-header"]
const REQUIRES_VERSION: readonly PolicyTrait[] = ["requires-428", "requires-400"]

/** What a replay with an older tag would settle: offered where the traffic has not shown it. */
const TRY_A_REPLAY =
  "Check protection in the panel's Replay tab, or replay a write with an older tag, to find out"

const LOST_UNGUARDED =
  "one such write overwrote another user's change that its client had not read (a lost update)."

const UNKNOWN_TAG_ACCEPTED =
  "write naming a tag never seen in the capture was accepted while another was current: unless its client had that tag from elsewhere, the server does not compare tags."

const MADE_UP_TAG = "Replay a write with an older tag, or with a made-up one, to find out."

const FAILS_ON_STALE =
  "A write based on an older version failed with 500, not 412: clients cannot tell that conflict from an outage."

export function protectionOf(policy: ServerPolicy): Protection {
  const has = (traits: readonly PolicyTrait[]) => policy.traits.some(({ trait }) => traits.includes(trait))
  if (has(["accepts-stale"]))
    return {
      level: "unprotected",
      text: "Lost updates happen: it accepted a write based on an older version.",
      replayWouldTell: false
    }
  const refusesStale = has(REFUSES_STALE)
  // Weak tags alone prove nothing (Express tags every answer weakly and checks nothing); weak tags
  // and 412s do: a 412 answers a conditional header (§13.1), and If-Match's strong comparison never
  // matches a weak tag (§13.1.1). A 409 does not: it may refuse a missing tag or a body version
  // (Rails' lock_version) with no If-Match compared. Nor when a body version decides (CouchDB's
  // `_rev`): clients send that, and the header's weak tag does not matter; or the server was seen
  // accepting a weak If-Match (Azure Tables compares weakly).
  const weakTagsRefused =
    has(["weak-tags"]) && has(["enforces-412"]) && !has(["body-version"]) && !has(["accepts-weak-if-match"])
  if (has(["refuses-current-tag"]) || weakTagsRefused)
    return {
      level: "unusable",
      text: "Writes with If-Match fail even with the current tag (weak tags, or tags it does not match), so clients cannot write safely.",
      replayWouldTell: false
    }
  // A write that named no version replaced another user's change: the loss is proven, not only possible.
  const lostUnguarded = has(["accepts-blind-overwrite"])
  const acceptsUnguarded = lostUnguarded || has(["accepts-without-precondition"])
  // Not proven (the tag may come from outside the capture), but "protected" would mislead. Where
  // writes naming no version pass, the verdicts below say more.
  if (has(["accepts-unknown-tag"]) && !acceptsUnguarded)
    return {
      level: refusesStale ? "partial" : "unknown",
      text: `${refusesStale ? "Stale versions are refused, but a" : "A"} ${UNKNOWN_TAG_ACCEPTED} ${MADE_UP_TAG}`,
      replayWouldTell: true
    }
  if (refusesStale && acceptsUnguarded)
    return {
      level: "partial",
      text: lostUnguarded
        ? `Stale versions are refused, but a write that names none is accepted: ${LOST_UNGUARDED}`
        : "Stale versions are refused, but a write that names none is accepted: a client that forgets If-Match overwrites other people's changes.",
      replayWouldTell: false
    }
  // A 409 to a write without a version (Nox) also counts as requiring one.
  if (refusesStale)
    return {
      level: "protected",
      text: "Protected: stale versions are refused, and no write without a version passed.",
      replayWouldTell: false
    }
  // A 500 to a stale write was probably a refusal, but it says nothing a client can act on.
  const failsOnStale = has(["fails-on-stale"])
  if (acceptsUnguarded) {
    const accepted = lostUnguarded
      ? `Writes that name no version are accepted: ${LOST_UNGUARDED}`
      : "Writes that name no version are accepted."
    return failsOnStale
      ? { level: "partial", text: `${accepted} ${FAILS_ON_STALE}`, replayWouldTell: false }
      : {
          level: "partial",
          text: lostUnguarded
            ? `${accepted} No stale write seen yet: ${TRY_A_REPLAY}.`
            : `Writes that name no version are accepted; no stale one seen yet: ${TRY_A_REPLAY}.`,
          replayWouldTell: true
        }
  }
  if (failsOnStale) return { level: "unknown", text: FAILS_ON_STALE, replayWouldTell: false }
  if (has(REQUIRES_VERSION))
    return {
      level: "unknown",
      text: `Writes must name a version (428); no stale one seen yet: ${TRY_A_REPLAY}.`,
      replayWouldTell: true
    }
  return {
    level: "unknown",
    text: `No stale or unguarded write seen yet: ${TRY_A_REPLAY}.`,
    replayWouldTell: true
  }
}
