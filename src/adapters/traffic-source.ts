/**
 * Port: where the panel's traffic comes from. A HAR entry per finished request,
 * its response body (when textual and small enough) already placed in
 * `response.content.text` / `encoding`, so the core can read it like a HAR file.
 */
import type { Entry } from "har-format"

/** A HAR entry as plain JSON (no methods), safe to keep, clone and store. */
export type HarEntry = Entry

export interface TrafficSource {
  /** Live traffic: called once per finished request. Returns an unsubscribe function. */
  onEntry(listener: (entry: HarEntry) => void): () => void
  /**
   * What the browser recorded before we subscribed (DevTools `getHAR`).
   * Requests made before DevTools was opened may be missing: the UI says so and offers a reload.
   */
  backfill(): Promise<HarEntry[]>
  /** The inspected page navigated to `url`. Returns an unsubscribe function. */
  onNavigated(listener: (url: string) => void): () => void
  /** New body limits (settings changed), used from the next request on; sources that fetch no bodies omit it. */
  setBodyLimits?(limits: BodyLimits): void
}

export interface BodyLimits {
  /** Largest body kept as text, in bytes; larger ones are dropped and the entry says why. */
  readonly maxBodyBytes: number
}

/** `multipart/mixed`: OData batch answers, text messages whose operations the engine reads. */
const TEXTUAL_MIME = /json|text|xml|javascript|x-www-form-urlencoded|graphql|multipart\/mixed/i

/** Bodies worth fetching: textual ones, or ones whose type the server did not say. */
export function isTextualMime(mimeType: string | undefined): boolean {
  return !mimeType || TEXTUAL_MIME.test(mimeType)
}

/**
 * getHAR() lists a request still waiting for its answer with status 0 (Chrome: no `_error` either,
 * which a failed request has). Its finished form, with its status, comes later.
 */
export function isInFlight(entry: HarEntry): boolean {
  if (entry.response?.status > 0) return false
  const response = entry.response as { _error?: unknown } | undefined
  const error = response?._error ?? (entry as { _error?: unknown })._error
  return typeof error !== "string" || error === ""
}

/** Bytes of a string as UTF-8, counted without allocating a buffer. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/**
 * Copy of `entry` as plain JSON with the fetched body put into `response.content`.
 * A body over the limit is left out and a `comment` says why (the exchange is kept).
 */
export function withResponseBody(
  entry: HarEntry,
  body: { text: string; encoding?: string } | undefined,
  limits: BodyLimits
): HarEntry {
  const plain = JSON.parse(JSON.stringify(entry)) as HarEntry
  if (!body) return plain
  const content = { ...plain.response.content }
  const size = body.encoding === "base64" ? Math.floor((body.text.length * 3) / 4) : utf8Length(body.text)
  if (size > limits.maxBodyBytes) {
    content.comment = `body too large (${size} bytes > ${limits.maxBodyBytes} byte limit)`
    delete content.text
  } else {
    content.text = body.text
    if (body.encoding) content.encoding = body.encoding
    else delete content.encoding
  }
  if (!(content.size > 0)) content.size = size
  plain.response = { ...plain.response, content }
  return plain
}
