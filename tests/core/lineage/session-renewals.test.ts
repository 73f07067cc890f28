import { describe, expect, it } from "vitest"
import fc from "fast-check"

import { createEngine } from "../../../src/core/engine"
import { createSessionRenewals, senderKeyOf, sessionSetBy } from "../../../src/core/lineage/session-renewals"
import { exchange, write } from "../../builders/exchange"

const AT = "2026-01-01T12:00:00.000Z"

describe("sessionSetBy", () => {
  it("reads a known session-id cookie that a Set-Cookie line sets, prefix and attributes or not", () => {
    expect(sessionSetBy("PHPSESSID=s2; path=/; HttpOnly", AT)?.key).toBe("session PHPSESSID=s2")
    expect(sessionSetBy("__Host-SESSION=abc; Secure; Path=/", AT)?.key).toBe("session __Host-SESSION=abc")
    expect(sessionSetBy("JSESSIONID=x; Max-Age=1800", AT)?.key).toBe("session JSESSIONID=x")
    expect(sessionSetBy("sessionid=y; expires=Fri, 01 Jan 2027 12:00:00 GMT", AT)?.key).toBe(
      "session sessionid=y"
    )
  })

  it("not a cookie that clears the session, nor another cookie", () => {
    expect(sessionSetBy("PHPSESSID=; path=/", AT)).toBeUndefined()
    expect(sessionSetBy("PHPSESSID=deleted; Max-Age=0; path=/", AT)).toBeUndefined()
    expect(sessionSetBy("PHPSESSID=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT", AT)).toBeUndefined()
    expect(sessionSetBy("sessionid=y; expires=Thu, 01 Jan 2026 11:59:59 GMT", AT)).toBeUndefined()
    expect(sessionSetBy("theme=dark; path=/", AT)).toBeUndefined()
    expect(sessionSetBy("session=signed-cookie-store", AT)).toBeUndefined()
    expect(sessionSetBy("garbage", AT)).toBeUndefined()
  })

  it("never throws, whatever the line", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (line, at) => void sessionSetBy(line, at)))
  })
})

/** A request of session `id` whose answer sets `setCookie`. */
function answered(
  id: string | undefined,
  setCookie: string | undefined,
  url = "http://127.0.0.1:8787/api/notes/1"
) {
  return exchange({
    url,
    request: { Cookie: id === undefined ? undefined : `theme=dark; PHPSESSID=${id}` },
    response: { "Set-Cookie": setCookie }
  })
}

function senderKeys(exchanges: ReturnType<typeof answered>[]): (string | undefined)[] {
  const renewals = createSessionRenewals()
  for (const each of exchanges) renewals.note(each)
  return exchanges.map((each) => senderKeyOf(each, renewals.renewed))
}

describe("createSessionRenewals", () => {
  it("a chain of renewals is the first session's user", () => {
    expect(
      senderKeys([
        answered("s1", "PHPSESSID=s2; path=/"),
        answered("s2", "PHPSESSID=s3; path=/"),
        answered("s3", undefined),
        answered("bob", undefined)
      ])
    ).toEqual([
      "session PHPSESSID=s1",
      "session PHPSESSID=s1",
      "session PHPSESSID=s1",
      "session PHPSESSID=bob"
    ])
  })

  it("not a renewal at a login, logout or token path, where the user may change", () => {
    for (const path of [
      "/login",
      "/accounts/logout/",
      "/users/sign_in",
      "/wp-login.php",
      "/api/auth/refresh",
      "/oauth2/token",
      "/j_spring_security_check",
      "/session"
    ]) {
      const keys = senderKeys([
        answered("alice", "PHPSESSID=bob", `http://127.0.0.1:8787${path}?next=/`),
        answered("bob", undefined)
      ])
      expect(keys[1], path).toBe("session PHPSESSID=bob")
    }
    // A path that only looks alike is an ordinary request.
    const authors = senderKeys([
      answered("s1", "PHPSESSID=s2", "http://127.0.0.1:8787/api/authors/7"),
      answered("s2", undefined)
    ])
    expect(authors[1]).toBe("session PHPSESSID=s1")
  })

  it("not a session set for a request without one, for another cookie, or for a request with Authorization", () => {
    expect(senderKeys([answered(undefined, "PHPSESSID=s2"), answered("s2", undefined)])[1]).toBe(
      "session PHPSESSID=s2"
    )
    const other = exchange({
      request: { Cookie: "JSESSIONID=j1" },
      response: { "Set-Cookie": "PHPSESSID=s2" }
    })
    expect(senderKeys([other, answered("s2", undefined)])[1]).toBe("session PHPSESSID=s2")
    const authorized = exchange({
      request: { Cookie: "PHPSESSID=s1", Authorization: "Bearer opaque" },
      response: { "Set-Cookie": "PHPSESSID=s2" }
    })
    expect(senderKeys([authorized, answered("s2", undefined)])[1]).toBe("session PHPSESSID=s2")
  })

  it("any Cookie and Set-Cookie lines: never throws, and every renewal leads to a session a request named", () => {
    const cookieLine = fc.oneof(
      fc.string(),
      fc
        .constantFrom("PHPSESSID", "JSESSIONID", "sessionid", "theme")
        .chain((name) =>
          fc.tuple(fc.constant(name), fc.string({ maxLength: 6 }), fc.string({ maxLength: 20 }))
        )
        .map(([name, value, attributes]) => `${name}=${value}; ${attributes}`)
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(cookieLine), fc.option(cookieLine), fc.webUrl()), { maxLength: 12 }),
        (steps) => {
          const renewals = createSessionRenewals()
          const named = new Set<string>()
          for (const [cookie, setCookie, url] of steps) {
            const each = exchange({
              url,
              request: { Cookie: cookie ?? undefined },
              response: { "Set-Cookie": setCookie ?? undefined }
            })
            const key = senderKeyOf(each, new Map())
            if (key !== undefined) named.add(key)
            renewals.note(each)
          }
          for (const first of renewals.renewed.values()) expect(named.has(first)).toBe(true)
        }
      )
    )
  })

  it("the engine's snapshot says which sessions it took for renewed, and keeps what an earlier one said", () => {
    const engine = createEngine()
    engine.ingestExchange(write({ status: 201, etag: '"a1"', request: { Cookie: "PHPSESSID=s1" } }))
    const before = engine.snapshot()
    const { id: _id, ...renewing } = answered("s1", "PHPSESSID=s2")
    engine.ingestExchange(renewing)
    expect([...engine.snapshot().renewedSessions]).toEqual([["session PHPSESSID=s2", "session PHPSESSID=s1"]])
    expect(before.renewedSessions.size).toBe(0)
  })
})
