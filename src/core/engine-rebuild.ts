/**
 * Rebuilding after `reconfigure`: retained exchanges are read again under the new options
 * (body tag fields, query version and identity parameters) from the HAR entry they came from,
 * as far as the exchange kept it (headers, bodies up to the size limit).
 */
import type { EngineOptions, Exchange } from "./model"
import { normalizeHarEntry } from "./traffic/normalize-har-entry"

/** Re-read an exchange under new options (tag fields, identity params), keeping id, kind and origin. */
export function renormalized(exchange: Exchange, options: EngineOptions): Exchange {
  const result = normalizeHarEntry(exchangeAsHarEntry(exchange), {
    id: exchange.id,
    index: exchange.id,
    origin: exchange.origin,
    options,
    ...(exchange.replay && { replay: exchange.replay })
  })
  if (!("exchange" in result)) return exchange
  return { ...result.exchange, kind: exchange.kind, notes: exchange.notes }
}

/** The HAR 1.2 entry an exchange came from, as far as the exchange kept it. */
function exchangeAsHarEntry(exchange: Exchange): unknown {
  const body = (info: Exchange["requestBody"]) =>
    info?.text === undefined ? undefined : { mimeType: info.mimeType ?? "", text: info.text }
  return {
    startedDateTime: exchange.startedAt,
    time: 0,
    _resourceType: exchange.resourceType,
    request: {
      method: exchange.method,
      url: exchange.url,
      httpVersion: "HTTP/1.1",
      headers: exchange.requestHeaders,
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: -1,
      ...(body(exchange.requestBody) && { postData: body(exchange.requestBody) })
    },
    response: {
      status: exchange.status,
      statusText: exchange.statusText,
      httpVersion: "HTTP/1.1",
      headers: exchange.responseHeaders,
      cookies: [],
      content: {
        size: exchange.responseBody?.size ?? -1,
        mimeType: exchange.responseBody?.mimeType ?? "",
        ...(exchange.responseBody?.text !== undefined && { text: exchange.responseBody.text })
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 }
  }
}
