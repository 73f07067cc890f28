import { describe, expect, it } from "vitest"
import { EvidenceLog } from "../../src/cli/evidence-log"

describe("EvidenceLog", () => {
  it("gives back each exchange's evidence by id, with its file and entry index", () => {
    const log = new EvidenceLog()
    log.add({ id: 1, method: "GET", url: "http://a/1", status: 200, requestHeaders: [] }, "one.har", 0)
    log.add({ id: 2, method: "PUT", url: "http://a/1", status: 412, requestHeaders: [] }, "one.har", 3)
    log.add({ id: 3, method: "DELETE", url: "http://b/9", status: 204, requestHeaders: [] }, "two.har", 0)
    expect(log.size).toBe(3)
    expect(log.get(2)).toEqual({
      id: 2,
      method: "PUT",
      url: "http://a/1",
      status: 412,
      file: "one.har",
      entryIndex: 3
    })
    expect(log.get(3)).toEqual({
      id: 3,
      method: "DELETE",
      url: "http://b/9",
      status: 204,
      file: "two.har",
      entryIndex: 0
    })
  })

  it("knows nothing of ids it was never given", () => {
    const log = new EvidenceLog()
    log.add({ id: 5, method: "GET", url: "http://a/5", status: 200, requestHeaders: [] }, "x.har", 7)
    expect(log.get(4)).toBeUndefined()
    expect(log.get(0)).toBeUndefined()
    expect(log.get(6)).toBeUndefined()
    expect(log.get(5)?.entryIndex).toBe(7)
    expect(log.size).toBe(1)
  })

  it("keeps files apart when they alternate (merged streams)", () => {
    const log = new EvidenceLog()
    log.add({ id: 1, method: "GET", url: "u", status: 200, requestHeaders: [] }, "a.har", 0)
    log.add({ id: 2, method: "GET", url: "u", status: 200, requestHeaders: [] }, "b.har", 0)
    log.add({ id: 3, method: "GET", url: "u", status: 200, requestHeaders: [] }, "a.har", 1)
    expect([1, 2, 3].map((id) => log.get(id)?.file)).toEqual(["a.har", "b.har", "a.har"])
  })
})

describe("EvidenceLog users", () => {
  const as = (token: string) => [{ name: "Authorization", value: `Bearer ${token}` }]

  it("knows who sent each exchange, and labels the users in order of first appearance", () => {
    const log = new EvidenceLog()
    log.add({ id: 1, method: "GET", url: "u", status: 200, requestHeaders: as("b-token") }, "a.har", 0)
    log.add({ id: 2, method: "GET", url: "u", status: 200, requestHeaders: [] }, "a.har", 1)
    log.add({ id: 3, method: "PUT", url: "u", status: 200, requestHeaders: as("a-token") }, "a.har", 2)
    log.add({ id: 4, method: "PUT", url: "u", status: 412, requestHeaders: as("b-token") }, "a.har", 3)
    const { userKeyOf, labels } = log.userDirectory(false, new Map())
    expect([1, 2, 3, 4].map(userKeyOf)).toEqual([
      "Bearer b-token",
      undefined,
      "Bearer a-token",
      "Bearer b-token"
    ])
    expect(labels()).toEqual(
      new Map([
        ["Bearer b-token", "user A"],
        ["Bearer a-token", "user B"]
      ])
    )
  })

  it("a renewed session is its first session's user", () => {
    const session = (id: string) => [{ name: "Cookie", value: `JSESSIONID=${id}` }]
    const log = new EvidenceLog()
    log.add({ id: 1, method: "GET", url: "u", status: 200, requestHeaders: session("one") }, "a.har", 0)
    log.add({ id: 2, method: "PUT", url: "u", status: 200, requestHeaders: session("two") }, "a.har", 1)
    log.add({ id: 3, method: "PUT", url: "u", status: 200, requestHeaders: session("bob") }, "a.har", 2)
    const renewed = new Map([["session JSESSIONID=two", "session JSESSIONID=one"]])
    const { userKeyOf, labels } = log.userDirectory(false, renewed)
    expect([1, 2, 3].map(userKeyOf)).toEqual([
      "session JSESSIONID=one",
      "session JSESSIONID=one",
      "session JSESSIONID=bob"
    ])
    expect([...labels().values()]).toEqual(["user A", "user B"])
  })
})
