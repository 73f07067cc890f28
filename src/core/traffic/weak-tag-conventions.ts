/**
 * APIs whose specification puts a weak tag in If-Match: FHIR's version-aware update sends
 * `W/"<versionId>"` (FHIR R4 http.html#concurrency), SCIM sends back the weak ETags it hands out
 * (RFC 7644 §3.14). RFC 9110's If-Match compares strongly (§13.1.1), under which such a tag never
 * matches; on these APIs it is the convention, and their servers compare the version it names.
 */
import type { Exchange } from "../model"
import { isFhirExchange } from "./fhir"
import { isScimExchange } from "./scim"

/** Whether a weak If-Match on this exchange follows its API's convention (FHIR or SCIM content). */
export function sendsWeakIfMatchByConvention(exchange: Exchange): boolean {
  return isFhirExchange(exchange) || isScimExchange(exchange)
}
