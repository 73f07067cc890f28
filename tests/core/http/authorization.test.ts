import { describe, expect, it } from "vitest"
import fc from "fast-check"

import { authorizedUser as readUser, requestUser } from "../../../src/core/http/authorization"

const authorizedUser = (value: string) => readUser(value).key

/** A JWS compact serialization with this payload (the signature is not checked, so any will do). */
function jwt(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`
}

function basic(userAndPassword: string): string {
  return `Basic ${Buffer.from(userAndPassword).toString("base64")}`
}

describe("authorizedUser", () => {
  it("names a JWT's issuer and subject, so a refreshed token is the same user", () => {
    const first = `Bearer ${jwt({ iss: "https://id.example", sub: "alice", iat: 1, exp: 301 })}`
    const refreshed = `Bearer ${jwt({ iss: "https://id.example", sub: "alice", iat: 300, exp: 601 })}`
    expect(first).not.toBe(refreshed)
    expect(authorizedUser(first)).toBe("jwt https://id.example alice")
    expect(authorizedUser(refreshed)).toBe(authorizedUser(first))
    expect(authorizedUser(`bearer ${jwt({ sub: 42 })}`)).toBe("jwt  42")
    expect(readUser(first).name).toBe("alice")
  })

  it("tells JWT subjects and issuers apart", () => {
    const alice = authorizedUser(`Bearer ${jwt({ iss: "a", sub: "alice" })}`)
    expect(authorizedUser(`Bearer ${jwt({ iss: "a", sub: "bob" })}`)).not.toBe(alice)
    expect(authorizedUser(`Bearer ${jwt({ iss: "b", sub: "alice" })}`)).not.toBe(alice)
  })

  it("names a Basic user by the user-id, not the password", () => {
    expect(authorizedUser(basic("alice:old secret"))).toBe("basic alice")
    expect(authorizedUser(basic("alice:new:secret"))).toBe("basic alice")
    expect(authorizedUser(basic("bob:old secret"))).toBe("basic bob")
    expect(readUser(basic("bob:old secret")).name).toBe("bob")
  })

  it("keeps the whole value when the header names no user it can read", () => {
    for (const value of [
      "Bearer lab-demo-alice", // opaque token
      `Bearer ${jwt({ name: "no sub" })}`,
      "Bearer a.b.c", // three parts, not JSON
      `Bearer x.${Buffer.from("[1]").toString("base64url")}.y`, // JSON, not an object
      "Basic bm8gY29sb24=", // "no colon"
      'Digest username="alice", realm="x"',
      ""
    ]) {
      expect(readUser(value)).toEqual({ key: value.trim(), name: undefined, via: "authorization" })
    }
  })

  it("reads any JSON payload a JWT may carry without throwing; a string or number sub is the name", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        const encoded = Buffer.from(JSON.stringify(payload) ?? "null").toString("base64url")
        const user = readUser(`Bearer e30.${encoded}.sig`)
        const sub =
          typeof payload === "object" && payload !== null && !Array.isArray(payload) ? payload.sub : undefined
        const named = typeof sub === "string" || typeof sub === "number"
        expect(user.name).toBe(named ? String(sub) : undefined)
      })
    )
  })

  it("never throws, and answers the same for the same header", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (scheme, token) => {
        const value = `${scheme} ${token}`
        expect(authorizedUser(value)).toBe(authorizedUser(value))
      })
    )
  })
})

describe("requestUser", () => {
  const cookie = (...lines: string[]) => lines.map((value) => ({ name: "Cookie", value }))

  it("is the Authorization's user when the request sends one, whatever its cookies", () => {
    const headers = [
      { name: "authorization", value: basic("alice:pw") },
      ...cookie("JSESSIONID=A1; theme=dark")
    ]
    expect(requestUser(headers)).toEqual({ key: "basic alice", name: "alice", via: "authorization" })
  })

  it("else a server-side session's id cookie: one login's requests compare equal, two logins apart", () => {
    const first = requestUser(cookie("_ga=GA1.1; JSESSIONID=A1; theme=dark"))
    const later = requestUser(cookie("_ga=GA1.9; JSESSIONID=A1; theme=light"))
    expect(first).toEqual({ key: "session JSESSIONID=A1", name: undefined, via: "cookie" })
    expect(later).toEqual(first)
    expect(requestUser(cookie("JSESSIONID=B2"))?.key).not.toBe(first?.key)
    for (const name of [
      "PHPSESSID",
      "connect.sid",
      "sessionid",
      "ASP.NET_SessionId",
      "SESSION",
      "__Host-SESSION"
    ])
      expect(requestUser(cookie(`a=1; ${name}=xyz`))?.key).toBe(`session ${name}=xyz`)
  })

  it("reads every cookie line (HTTP/2 may split them)", () => {
    expect(requestUser(cookie("theme=dark", "sessionid=s1"))?.key).toBe("session sessionid=s1")
  })

  it("names nobody by cookies a browser rewrites: analytics, and sessions stored in the cookie", () => {
    for (const cookies of [
      "_ga=GA1.1; theme=dark",
      "session=eyJ1c2VyIjoxfQ; session.sig=abc",
      "_app_session=abc--def",
      "laravel_session=eyJpdiI",
      "JSESSIONID=",
      "jsessionid=A1"
    ])
      expect(requestUser(cookie(cookies))).toBeUndefined()
    expect(requestUser([])).toBeUndefined()
  })

  it("never throws on any Cookie text", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const user = requestUser(cookie(value))
        expect(user === undefined || user.key.startsWith("session ")).toBe(true)
      })
    )
  })
})
