/**
 * CORS for the lab API, so a page on another loopback origin (`http://localhost:PORT` calling
 * `http://127.0.0.1:PORT`) can use it as a cross-origin API, the way many real front ends do.
 * Only loopback origins are allowed (the lab is a local teaching server), and same-origin
 * requests get no CORS headers at all, so their answers stay as the recorded fixtures show them.
 */
import type { MiddlewareHandler } from "hono"
import { cors } from "hono/cors"

const LOOPBACK_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/

/** The conditional headers a client sends with a write (RFC 9110 §13.1), and contentful's
 * X-Contentful-Version, its version header for writes instead of If-Match. */
const CONDITIONAL_HEADERS = ["If-Match", "If-None-Match", "If-Unmodified-Since", "X-Contentful-Version"]

/**
 * The headers a POST names the method it stands for in (routes.ts), as clients behind proxies that
 * pass only GET and POST send: without them in a preflight's answer the browser refuses every such
 * write from another origin (the scenario page's `&override=1` with `&api=`).
 */
const METHOD_OVERRIDE_HEADERS = ["X-HTTP-Method-Override", "X-HTTP-Method"]

/**
 * `Authorization`, for a page that sends a bearer token (the demo's users, and `per-user`, whose
 * tags depend on it). The Fetch standard's CORS-preflight fetch wants it named: it is not a
 * CORS-safelisted request header, and a `*` in Access-Control-Allow-Headers never covers it.
 */
const CREDENTIAL_HEADERS = ["Authorization"]

/** CORS answers exposing `exposeHeaders` to the loopback page that asked, allowing `allowHeaders`. */
function corsExposing(exposeHeaders: string[], allowHeaders = CONDITIONAL_HEADERS): MiddlewareHandler {
  return cors({
    origin: (origin) => origin,
    credentials: true,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["Content-Type", ...CREDENTIAL_HEADERS, ...allowHeaders, ...METHOD_OVERRIDE_HEADERS],
    exposeHeaders,
    maxAge: 600
  })
}

/**
 * `?cors=hide-etag` on an API URL answers as an API that forgot to expose `ETag` (a common CORS
 * setup): the page's script then cannot read the tag it must send back in If-Match.
 * `?cors=block-if-match` answers as one whose preflight forgot to allow `If-Match`: the browser
 * then refuses to send any write that carries it. `?cors=refuse-if-match` refuses such a preflight
 * whole, 403, as Spring's CORS support, Azure Storage and S3 answer a header they do not allow.
 */
const HIDE_ETAG_QUERY = "hide-etag"
const BLOCK_IF_MATCH_QUERY = "block-if-match"
const REFUSE_IF_MATCH_QUERY = "refuse-if-match"

export function loopbackCors(): MiddlewareHandler {
  // Without ETag here a cross-origin script cannot read the tag it must send back in If-Match.
  const exposed = ["ETag", "Location", "X-Lab-Version", "X-Served-By"]
  const exposingTags = corsExposing(exposed)
  const hidingTags = corsExposing(exposed.filter((name) => name !== "ETag"))
  const blockingIfMatch = corsExposing(
    exposed,
    CONDITIONAL_HEADERS.filter((name) => name !== "If-Match")
  )
  return async (c, next) => {
    const origin = c.req.header("Origin")
    const crossLoopback =
      origin !== undefined && origin !== new URL(c.req.url).origin && LOOPBACK_ORIGIN.test(origin)
    if (!crossLoopback) return next()
    const mode = c.req.query("cors")
    const asked = c.req.header("Access-Control-Request-Headers") ?? ""
    if (
      mode === REFUSE_IF_MATCH_QUERY &&
      c.req.method === "OPTIONS" &&
      /(?:^|,)\s*if-match\s*(?:,|$)/i.test(asked)
    )
      return c.text("Invalid CORS request", 403)
    const answer =
      mode === HIDE_ETAG_QUERY ? hidingTags : mode === BLOCK_IF_MATCH_QUERY ? blockingIfMatch : exposingTags
    return answer(c, next)
  }
}
