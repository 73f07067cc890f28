/**
 * SCIM 2.0 (RFC 7643, RFC 7644), the provisioning API identity providers call (Okta, Microsoft
 * Entra ID). Its versions are weak entity tags by its specification: "service providers MAY
 * support weak ETags" (RFC 7644 §3.14), which clients send back in If-Match as they came (its
 * examples: `If-Match: W/"e180ee84f0671b1"`). Every resource repeats its tag as `meta.version`,
 * which "MUST be the same as the ETag" (RFC 7643 §3.1), and a list answer (a ListResponse, RFC 7644
 * §3.4.2) gives each of its `Resources` a `meta.version` and a `meta.location`: the only tags a
 * client that writes what it listed has seen.
 */
import { headerValue } from "../http/headers"
import type { EngineOptions, Exchange } from "../model"

/** SCIM's media type (RFC 7644 §3.1, §8.1). */
export const SCIM_MEDIA_TYPE = "application/scim+json"

/** Where a SCIM resource repeats its ETag (RFC 7643 §3.1). */
export const SCIM_VERSION_FIELD = "meta.version"

/** `application/scim+json`, parameters and case aside; no copy of the text is made (every answer is asked). */
const SCIM_CONTENT_TYPE = /^\s*application\/scim\+json\s*(?:;|$)/i

export function isScimMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && SCIM_CONTENT_TYPE.test(contentType)
}

/**
 * SCIM content: the answer's or the request's `Content-Type` says so, or (a server that answers
 * `application/json`) a body names a SCIM schema (`"urn:ietf:params:scim:…"`, RFC 7643 §3). Asked
 * of weak If-Match writes only: the body texts are searched, not parsed.
 */
export function isScimExchange(exchange: Exchange): boolean {
  return (
    isScimMediaType(headerValue(exchange.responseHeaders, "content-type")) ||
    isScimMediaType(headerValue(exchange.requestHeaders, "content-type")) ||
    namesScimSchema(exchange.requestBody?.text) ||
    namesScimSchema(exchange.responseBody?.text)
  )
}

function namesScimSchema(text: string | undefined): boolean {
  return text !== undefined && text.includes('"urn:ietf:params:scim:')
}

type TagFieldOptions = Pick<EngineOptions, "bodyTagFields">

/** One derived option object per option object: the body pre-check caches its needles per field list. */
const withVersionField = new WeakMap<object, object>()

/**
 * The options a SCIM answer's tags are read with: the configured body fields and `meta.version`
 * last, so a field the user named still wins.
 */
export function scimTagOptions<T extends TagFieldOptions>(options: T): T {
  if (options.bodyTagFields.includes(SCIM_VERSION_FIELD)) return options
  let derived = withVersionField.get(options) as T | undefined
  if (derived === undefined) {
    derived = { ...options, bodyTagFields: [...options.bodyTagFields, SCIM_VERSION_FIELD] }
    withVersionField.set(options, derived)
  }
  return derived
}
