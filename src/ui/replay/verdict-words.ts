/** The verdict, big and plain (DESIGN.md "Replay outcomes"). */
import type { ReplayVerdict } from "../../core/model"
import type { ProtectionLevel } from "../../core/policy/protection"
import type { RaceVerdict } from "../../core/replay"

/** How a verdict reads: a mark, its words, and the colour they take. */
export interface VerdictWords {
  readonly mark: string
  readonly text: string
  readonly tone: "good" | "bad" | "neutral"
}

export const VERDICT_WORDS: Readonly<Record<ReplayVerdict, VerdictWords>> = {
  "conflict-detected": { mark: "✔", text: "Conflict detected", tone: "good" },
  "current-tag-refused": { mark: "⚠", text: "Refused a current tag", tone: "neutral" },
  "precondition-required": { mark: "✔", text: "Precondition required", tone: "good" },
  "lost-update": { mark: "✖", text: "LOST UPDATE", tone: "bad" },
  accepted: { mark: "✔", text: "Accepted (new version)", tone: "neutral" },
  "resource-gone": { mark: "∅", text: "Resource gone", tone: "neutral" },
  "not-modified": { mark: "=", text: "Not modified", tone: "neutral" },
  inconclusive: { mark: "?", text: "Could not tell", tone: "neutral" }
}

export const RACE_WORDS: Readonly<Record<RaceVerdict, VerdictWords>> = {
  protected: { mark: "✔", text: "Protected: the second writer was refused", tone: "good" },
  "lost-update": { mark: "✖", text: "LOST UPDATE: both writers succeeded", tone: "bad" },
  inconclusive: { mark: "?", text: "Could not tell", tone: "neutral" }
}

/** "Check protection"'s answer, coloured as the verdicts are. */
export const PROTECTION_TONE: Readonly<Record<ProtectionLevel, "good" | "bad" | "neutral">> = {
  protected: "good",
  partial: "neutral",
  unprotected: "bad",
  unusable: "bad",
  unknown: "neutral"
}
