/**
 * HAR entries that carry our `_etagLens` extras (an exported file, or the panel's own saved session)
 * become the same exchanges again: origin, kind, notes, kept/skipped bodies and replay links
 * (choice and verdict). Replay links name the exchange ids the extras were written with; they are
 * mapped to the ids this engine gives, so a file imported into a non-empty panel links correctly.
 */
import type { HarEntry } from "../adapters/traffic-source"
import type { Engine, ExchangeIngest, IngestResult } from "../core/engine"
import { bodyExtras, ETAG_LENS_FIELD, type EtagLensEntryExtras } from "../core/export/export-har"
import { importHarEntries, readEtagLensExtras } from "../core/export/import-har"
import type { Exchange, ExchangeOrigin } from "../core/model"

export interface ExtrasIngester {
  /** One entry: with valid extras restored exactly, else ingested as `fallbackOrigin` traffic. */
  ingest(entry: unknown, fallbackOrigin: ExchangeOrigin): IngestResult
  /** The id this engine gave the exchange whose extras were written with `recordedId`. */
  idOf(recordedId: number): number | undefined
}

export function createExtrasIngester(engine: Engine | (Engine & ExchangeIngest)): ExtrasIngester {
  /** id written in the extras → id this engine gave the exchange. */
  const idMap = new Map<number, number>()
  return {
    ingest(entry, fallbackOrigin) {
      const extras = readEtagLensExtras(entry)
      if (!extras || !("ingestExchange" in engine)) return engine.ingestHarEntry(entry, fallbackOrigin)
      const [restored] = importHarEntries([entry], engine.options).exchanges
      // Unusable entry: the engine counts it as skipped, with the reason.
      if (!restored) return engine.ingestHarEntry(entry, fallbackOrigin)
      const { id: _id, replay, ...rest } = restored
      const linkedTo = replay ? idMap.get(replay.of) : undefined
      const exchange: Omit<Exchange, "id"> =
        replay && linkedTo === undefined
          ? { ...rest, notes: [...rest.notes, `replay of #${replay.of}, which was not imported`] }
          : { ...rest, ...(replay && linkedTo !== undefined ? { replay: { ...replay, of: linkedTo } } : {}) }
      const ingested = engine.ingestExchange(exchange)
      idMap.set(extras.id, ingested.id)
      return { exchange: ingested }
    },
    idOf: (recordedId) => idMap.get(recordedId)
  }
}

/** The recorded entry with what it became attached, so the saved session restores it exactly. */
export function withExtras(entry: HarEntry, exchange: Exchange): HarEntry {
  const requestBody = bodyExtras(exchange.requestBody)
  const responseBody = bodyExtras(exchange.responseBody)
  const extras: EtagLensEntryExtras = {
    format: 1,
    id: exchange.id,
    origin: exchange.origin,
    kind: exchange.kind,
    notes: exchange.notes,
    ...(exchange.replay ? { replay: exchange.replay } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(responseBody ? { responseBody } : {})
  }
  return { ...entry, [ETAG_LENS_FIELD]: extras } as HarEntry
}
