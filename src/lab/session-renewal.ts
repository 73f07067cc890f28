/**
 * `?session=renew` on an API URL answers as an app that gives its session a new id at every accepted
 * write, as apps calling PHP's `session_regenerate_id()` on sensitive actions do: a 2xx answer to an
 * unsafe request that carried a `PHPSESSID` cookie sets that cookie to a new value (RFC 6265 §4.1),
 * which the browser sends from then on. The lab keeps no session data: only the id changes, so a
 * teacher (or the e2e tests) can show that ETag Lens still reads one browser as one user.
 */
import { randomBytes } from "node:crypto"

import type { MiddlewareHandler } from "hono"

import { isSafeMethod } from "../core/http/methods"

const RENEW_QUERY = "renew"
const SESSION_COOKIE = /(?:^|;)\s*PHPSESSID=[^;]/

export function renewingSessions(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    if (c.req.query("session") !== RENEW_QUERY || isSafeMethod(c.req.method)) return
    if (c.res.status < 200 || c.res.status > 299) return
    if (!SESSION_COOKIE.test(c.req.header("Cookie") ?? "")) return
    // PHP's default cookie: the new id, `path=/`, no HttpOnly (session.cookie_httponly is off).
    c.res.headers.append("Set-Cookie", `PHPSESSID=${randomBytes(13).toString("hex")}; path=/`)
  }
}
