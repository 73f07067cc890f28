/**
 * HL7 FHIR's RESTful API: its version-aware update sends the version read back as
 * `If-Match: W/"<versionId>"`, a weak tag, and its servers compare the version id (FHIR R4
 * http.html#concurrency). RFC 9110's If-Match compares strongly (§13.1.1), under which that tag never
 * matches; on a FHIR API it is the convention, not a client's mistake.
 */
import { headerValue, mediaTypeOf } from "../http/headers"
import type { Exchange } from "../model"

/** FHIR's media types (R4: `application/fhir+json`; DSTU2's `application/json+fhir`). */
const FHIR_MEDIA_TYPES: ReadonlySet<string> = new Set([
  "application/fhir+json",
  "application/fhir+xml",
  "application/json+fhir",
  "application/xml+fhir"
])

/** The answer, or else the request, is FHIR content by its `Content-Type`. */
export function isFhirExchange(exchange: Exchange): boolean {
  const answered = mediaTypeOf(headerValue(exchange.responseHeaders, "content-type"))
  if (answered !== undefined && FHIR_MEDIA_TYPES.has(answered)) return true
  const sent = mediaTypeOf(headerValue(exchange.requestHeaders, "content-type"))
  return sent !== undefined && FHIR_MEDIA_TYPES.has(sent)
}
