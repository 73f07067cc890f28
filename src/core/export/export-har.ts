/**
 * Our exchanges back to a HAR 1.2 log, secrets redacted unless the user opts in.
 * What HAR cannot say (origin, kind, replay link, notes, why a body was skipped) travels
 * in each entry's `_etagLens` field, so importing the file restores the same exchanges
 * (import-har.ts). Ids are renumbered 1..n in export order, and replay links with them.
 */
import type { Har, HarEntry as Entry, HarNameValue as QueryString } from "./har-types"

import { wireMethodOf } from "../http/methods"
import type { BodyInfo, Exchange } from "../model"
import { redactHarEntry, redactUrlsInText } from "./redact"

export const ETAG_LENS_FIELD = "_etagLens"

/** Everything an entry needs to become the same exchange again. */
export interface EtagLensEntryExtras {
  readonly format: 1
  /** Id in the exported file (1..n); importing assigns the same ids in the same order. */
  readonly id: number
  readonly origin: Exchange["origin"]
  readonly kind: Exchange["kind"]
  readonly replay?: Exchange["replay"]
  readonly notes: readonly string[]
  readonly requestBody?: BodyExtras
  readonly responseBody?: BodyExtras
}

/** A body's size and skip reason, which HAR's `content` cannot carry faithfully. */
export interface BodyExtras {
  readonly size: number
  readonly skipped?: string
  readonly hasText: boolean
  readonly mimeType?: string
}

export interface ExportHarOptions {
  readonly includeSecrets?: boolean
  readonly creator?: { readonly name: string; readonly version: string }
}

const DEFAULT_CREATOR = { name: "ETag Lens", version: "0.1.0" }

/** `a=1&b=%20` of a URL as HAR `queryString` (names and values decoded when they can be). */
function queryStringOf(url: string): QueryString[] {
  const queryAt = url.indexOf("?")
  if (queryAt < 0) return []
  const hashAt = url.indexOf("#", queryAt)
  const query = url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt)
  if (query === "") return []
  return query.split("&").map((pair) => {
    const equals = pair.indexOf("=")
    const name = equals < 0 ? pair : pair.slice(0, equals)
    const value = equals < 0 ? "" : pair.slice(equals + 1)
    return { name: decodeLeniently(name), value: decodeLeniently(value) }
  })
}

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "))
  } catch {
    return text
  }
}

/** What an export keeps about a body besides its text (size, skip reason, type). */
export function bodyExtras(body: BodyInfo | undefined): BodyExtras | undefined {
  if (body === undefined) return undefined
  return {
    size: body.size,
    hasText: body.text !== undefined,
    ...(body.skipped !== undefined ? { skipped: body.skipped } : {}),
    ...(body.mimeType !== undefined ? { mimeType: body.mimeType } : {})
  }
}

function extrasOf(
  exchange: Exchange,
  newIdOf: ReadonlyMap<number, number>,
  includeSecrets: boolean
): EtagLensEntryExtras {
  const replayOf = exchange.replay ? newIdOf.get(exchange.replay.of) : undefined
  const notes =
    exchange.replay && replayOf === undefined
      ? [...exchange.notes, `replay of #${exchange.replay.of}, which is not in this export`]
      : exchange.notes
  const requestBody = bodyExtras(exchange.requestBody)
  const responseBody = bodyExtras(exchange.responseBody)
  return {
    format: 1,
    id: newIdOf.get(exchange.id) ?? 0,
    origin: exchange.origin,
    kind: exchange.kind,
    ...(exchange.replay && replayOf !== undefined ? { replay: { ...exchange.replay, of: replayOf } } : {}),
    // Notes quote URLs ("redirect to …"): they get the same redaction as the entry.
    notes: notes.map((note) => redactUrlsInText(note, { includeSecrets })),
    ...(requestBody ? { requestBody } : {}),
    ...(responseBody ? { responseBody } : {})
  }
}

/** One exchange as a HAR entry, not yet redacted. */
export function exchangeToEntry(exchange: Exchange, extras: EtagLensEntryExtras): Entry {
  const { requestBody, responseBody } = exchange
  return {
    startedDateTime: exchange.startedAt,
    time: 0,
    request: {
      method: wireMethodOf(exchange),
      url: exchange.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: exchange.requestHeaders.map((header) => ({ name: header.name, value: header.value })),
      queryString: queryStringOf(exchange.url),
      ...(requestBody?.text !== undefined
        ? { postData: { mimeType: requestBody.mimeType ?? "", text: requestBody.text } }
        : {}),
      headersSize: -1,
      bodySize: requestBody?.size ?? 0
    },
    response: {
      status: exchange.status,
      statusText: exchange.statusText,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: exchange.responseHeaders.map((header) => ({ name: header.name, value: header.value })),
      content: {
        size: Math.max(responseBody?.size ?? 0, 0),
        mimeType: responseBody?.mimeType ?? "",
        ...(responseBody?.text !== undefined ? { text: responseBody.text } : {})
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    ...(exchange.resourceType !== undefined ? { _resourceType: exchange.resourceType } : {}),
    [ETAG_LENS_FIELD]: extras
  }
}

/** A HAR 1.2 log of the exchanges, in the order given. */
export function exportHar(exchanges: readonly Exchange[], options: ExportHarOptions = {}): Har {
  const newIdOf = new Map(exchanges.map((exchange, index) => [exchange.id, index + 1]))
  const entries = exchanges.map((exchange) =>
    redactHarEntry(exchangeToEntry(exchange, extrasOf(exchange, newIdOf, options.includeSecrets ?? false)), {
      includeSecrets: options.includeSecrets
    })
  )
  return {
    log: {
      version: "1.2",
      creator: { ...(options.creator ?? DEFAULT_CREATOR) },
      entries,
      ...(options.includeSecrets ? {} : { comment: "Secrets redacted by ETag Lens (see docs/export.md)." })
    }
  }
}
