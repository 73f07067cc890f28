/**
 * Importing a HAR: each entry normalized as any capture is, then what our own export put under
 * `_etagLens` (origin, kind, replay link, notes, skipped-body reasons) restored, so an exported
 * session comes back identical. Entries from other tools have no `_etagLens` and import as "import".
 * Ids are 1..n over the usable entries, in file order: the ids the export wrote.
 */
import type {
  BodyInfo,
  EngineOptions,
  Exchange,
  ExchangeKind,
  ExchangeOrigin,
  ReplayVerdict,
  SkippedEntry
} from "../model"
import { DEFAULT_ENGINE_OPTIONS } from "../model"
import { normalizeHarEntry } from "../traffic/normalize-har-entry"
import { ETAG_LENS_FIELD, type BodyExtras, type EtagLensEntryExtras } from "./export-har"
import { isRecord } from "../traffic/json-body"

const KINDS: ReadonlySet<string> = new Set<ExchangeKind>([
  "api",
  "rpc",
  "document",
  "static",
  "preflight",
  "failed",
  "cached",
  "not-modified"
])
const ORIGINS: ReadonlySet<string> = new Set<ExchangeOrigin>(["live", "backfill", "import", "replay"])
const VERDICTS: ReadonlySet<string> = new Set<ReplayVerdict>([
  "conflict-detected",
  "current-tag-refused",
  "precondition-required",
  "lost-update",
  "accepted",
  "resource-gone",
  "not-modified",
  "inconclusive"
])

function readBodyExtras(value: unknown): BodyExtras | undefined {
  if (!isRecord(value) || typeof value.size !== "number" || typeof value.hasText !== "boolean")
    return undefined
  return {
    size: value.size,
    hasText: value.hasText,
    ...(typeof value.skipped === "string" ? { skipped: value.skipped } : {}),
    ...(typeof value.mimeType === "string" ? { mimeType: value.mimeType } : {})
  }
}

function readReplay(value: unknown): Exchange["replay"] | undefined {
  if (!isRecord(value) || typeof value.of !== "number" || typeof value.choice !== "string") return undefined
  // An unknown verdict (an edited file) is dropped rather than trusted.
  const verdict =
    typeof value.verdict === "string" && VERDICTS.has(value.verdict)
      ? (value.verdict as ReplayVerdict)
      : undefined
  return { of: value.of, choice: value.choice, ...(verdict !== undefined ? { verdict } : {}) }
}

/** Our extras from an entry, validated; undefined for entries other tools wrote (or that were edited badly). */
export function readEtagLensExtras(entry: unknown): EtagLensEntryExtras | undefined {
  if (!isRecord(entry)) return undefined
  const extras = entry[ETAG_LENS_FIELD]
  if (!isRecord(extras) || extras.format !== 1) return undefined
  const { id, origin, kind, notes } = extras
  if (typeof id !== "number" || typeof origin !== "string" || !ORIGINS.has(origin)) return undefined
  if (typeof kind !== "string" || !KINDS.has(kind)) return undefined
  if (!Array.isArray(notes) || !notes.every((note) => typeof note === "string")) return undefined
  const replay = readReplay(extras.replay)
  const requestBody = readBodyExtras(extras.requestBody)
  const responseBody = readBodyExtras(extras.responseBody)
  return {
    format: 1,
    id,
    origin: origin as ExchangeOrigin,
    kind: kind as ExchangeKind,
    notes,
    ...(replay ? { replay } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(responseBody ? { responseBody } : {})
  }
}

function restoreBody(read: BodyInfo | undefined, extras: BodyExtras | undefined): BodyInfo | undefined {
  if (extras === undefined) return undefined
  const mimeType = extras.mimeType !== undefined ? { mimeType: extras.mimeType } : {}
  // Kept when exported, but read again here it was skipped (over this panel's body limit): skipped
  // as in any HAR. An empty text would stand for content, and compare equal to another such body.
  if (extras.hasText && read?.skipped !== undefined)
    return { ...mimeType, size: extras.size, skipped: read.skipped }
  // Kept, yet nothing read: the text was empty (a HAR reader reads "" as no body).
  const text = extras.hasText ? (read?.text ?? "") : undefined
  return {
    ...mimeType,
    size: extras.size,
    ...(text !== undefined ? { text } : {}),
    ...(extras.skipped !== undefined ? { skipped: extras.skipped } : {})
  }
}

/** A note for a body this reading skipped that the export had kept, as normalization words it. */
function newlySkipped(side: "request" | "response", restored: BodyInfo | undefined, extras?: BodyExtras) {
  return extras?.hasText && restored?.skipped !== undefined
    ? [`${side} body skipped: ${restored.skipped}`]
    : []
}

/** Our export's extras applied over a freshly normalized exchange. */
export function restoreExchange(normalized: Exchange, extras: EtagLensEntryExtras): Exchange {
  const { requestBody: _request, responseBody: _response, replay: _replay, ...rest } = normalized
  const requestBody = restoreBody(normalized.requestBody, extras.requestBody)
  const responseBody = restoreBody(normalized.responseBody, extras.responseBody)
  return {
    ...rest,
    ...(requestBody ? { requestBody } : {}),
    ...(responseBody ? { responseBody } : {}),
    kind: extras.kind,
    origin: extras.origin,
    ...(extras.replay ? { replay: extras.replay } : {}),
    notes: [
      ...extras.notes,
      ...newlySkipped("response", responseBody, extras.responseBody),
      ...newlySkipped("request", requestBody, extras.requestBody)
    ]
  }
}

export interface ImportedHar {
  readonly exchanges: readonly Exchange[]
  readonly skipped: readonly SkippedEntry[]
}

/** Import a HAR's `log.entries` (already read with the HAR reader) into exchanges. Never throws. */
export function importHarEntries(
  entries: readonly unknown[],
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS
): ImportedHar {
  const exchanges: Exchange[] = []
  const skipped: SkippedEntry[] = []
  entries.forEach((entry, index) => {
    const extras = readEtagLensExtras(entry)
    const result = normalizeHarEntry(entry, { id: exchanges.length + 1, index, origin: "import", options })
    if ("skipped" in result) skipped.push(result.skipped)
    else exchanges.push(extras ? restoreExchange(result.exchange, extras) : result.exchange)
  })
  return { exchanges, skipped }
}
