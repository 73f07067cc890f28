import { beforeEach, describe, expect, it } from "vitest"

import { createEngine } from "../../../src/core/engine"
import { requestUser } from "../../../src/core/http/authorization"
import { exchangeUserDirectory, labelUsers, resourceUsers } from "../../../src/core/lineage/resource-users"
import type { Exchange } from "../../../src/core/model"
import { read, resetExchangeIds, write } from "../../builders/exchange"

beforeEach(resetExchangeIds)

function jwtFor(subject: string, issuedAt: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
  return `Bearer ${part({ alg: "none" })}.${part({ sub: subject, iat: issuedAt })}.`
}

/** The resource's users as the panel shows them, from exchanges through the real engine. */
function usersOf(exchanges: readonly Exchange[]): ReadonlyMap<number, string> | undefined {
  const engine = createEngine()
  for (const exchange of exchanges) engine.ingestExchange(exchange)
  const { resources, exchanges: kept, renewedSessions } = engine.snapshot()
  return resourceUsers(resources[0], exchangeUserDirectory(kept, renewedSessions))
}

/** Labels of the users these exchanges' requests name, in order. */
function userLabels(exchanges: readonly Exchange[]) {
  return labelUsers(exchanges.flatMap((exchange) => requestUser(exchange.requestHeaders) ?? []))
}

describe("labelUsers", () => {
  it("names JWT subjects and Basic user-ids, and letters opaque tokens in order of first appearance", () => {
    const basic = `Basic ${Buffer.from("carol:secret").toString("base64")}`
    const labels = userLabels([
      read('"a"', { request: { Authorization: "Bearer opaque-2" } }),
      read('"a"', { request: { Authorization: jwtFor("alice", 1) } }),
      read('"a"', { request: { Authorization: "Bearer opaque-1" } }),
      read('"a"', { request: { Authorization: jwtFor("alice", 2) } }),
      read('"a"', { request: { Authorization: basic } }),
      read('"a"')
    ])
    expect([...labels.values()]).toEqual(["user A", "alice", "user B", "carol"])
  })

  it("gives a letter to a second user with a name already taken (one subject at two issuers)", () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
    const at = (iss: string) => `Bearer ${part({ alg: "none" })}.${part({ iss, sub: "alice" })}.`
    const labels = userLabels([
      read('"a"', { request: { Authorization: at("https://one") } }),
      read('"a"', { request: { Authorization: at("https://two") } })
    ])
    expect([...labels.values()]).toEqual(["alice", "user A"])
  })
})

describe("resourceUsers", () => {
  it("names who read and who wrote when two users touched the resource", () => {
    const users = usersOf([
      read('"a1"', { request: { Authorization: jwtFor("alice", 1) } }),
      read('"a1"', { request: { Authorization: "Bearer bobs-token" } }),
      write({ ifMatch: '"a1"', etag: '"a2"', status: 200, request: { Authorization: jwtFor("alice", 9) } }),
      write({ ifMatch: '"a1"', status: 412, request: { Authorization: "Bearer bobs-token" } }),
      write({ status: 200 }) // no Authorization: nobody to name
    ])
    expect(users).toEqual(
      new Map([
        [1, "alice"],
        [2, "user A"],
        [3, "alice"],
        [4, "user A"]
      ])
    )
  })

  it("names nobody when one user (a refreshed token is still one) or none made the requests", () => {
    expect(
      usersOf([
        read('"a1"', { request: { Authorization: jwtFor("alice", 1) } }),
        write({ ifMatch: '"a1"', etag: '"a2"', status: 200, request: { Authorization: jwtFor("alice", 2) } })
      ])
    ).toBeUndefined()
    resetExchangeIds()
    expect(usersOf([read('"a1"'), write({ status: 200 })])).toBeUndefined()
  })

  it("a session the server renewed is its first session's user: one user, or the same letter", () => {
    const session = (id: string, response: Record<string, string> = {}) => ({
      request: { Cookie: `PHPSESSID=${id}` },
      response
    })
    const renewed = [
      read('"a1"', session("s1", { ETag: '"a1"', "Set-Cookie": "PHPSESSID=s2; path=/" })),
      write({ ifMatch: '"a1"', status: 200, ...session("s2", { ETag: '"a2"' }) })
    ]
    expect(usersOf(renewed)).toBeUndefined()
    resetExchangeIds()
    const bobsRead = read('"a2"', session("bob", { ETag: '"a2"' }))
    expect(usersOf([...renewed, bobsRead])).toEqual(
      new Map([
        [1, "user A"],
        [2, "user A"],
        [3, "user B"]
      ])
    )
  })

  it("never shows a credential: a user missing from the labels is 'a user'", () => {
    const engine = createEngine()
    engine.ingestExchange(read('"a1"', { request: { Authorization: "Bearer secret-1" } }))
    engine.ingestExchange(read('"a1"', { request: { Authorization: "Bearer secret-2" } }))
    const { resources, exchanges } = engine.snapshot()
    const users = resourceUsers(resources[0], {
      userKeyOf: exchangeUserDirectory(exchanges).userKeyOf,
      labels: () => new Map()
    })
    expect([...(users?.values() ?? [])]).toEqual(["a user", "a user"])
  })
})
