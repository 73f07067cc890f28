import { describe, expect, it } from "vitest"
import { EvidenceLog } from "../../src/cli/evidence-log"

describe("EvidenceLog", () => {
  it("gives back each exchange's evidence by id, with its file and entry index", () => {
    const log = new EvidenceLog()
    log.add({ id: 1, method: "GET", url: "http://a/1", status: 200 }, "one.har", 0)
    log.add({ id: 2, method: "PUT", url: "http://a/1", status: 412 }, "one.har", 3)
    log.add({ id: 3, method: "DELETE", url: "http://b/9", status: 204 }, "two.har", 0)
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
    log.add({ id: 5, method: "GET", url: "http://a/5", status: 200 }, "x.har", 7)
    expect(log.get(4)).toBeUndefined()
    expect(log.get(0)).toBeUndefined()
    expect(log.get(6)).toBeUndefined()
    expect(log.get(5)?.entryIndex).toBe(7)
    expect(log.size).toBe(1)
  })

  it("keeps files apart when they alternate (merged streams)", () => {
    const log = new EvidenceLog()
    log.add({ id: 1, method: "GET", url: "u", status: 200 }, "a.har", 0)
    log.add({ id: 2, method: "GET", url: "u", status: 200 }, "b.har", 0)
    log.add({ id: 3, method: "GET", url: "u", status: 200 }, "a.har", 1)
    expect([1, 2, 3].map((id) => log.get(id)?.file)).toEqual(["a.har", "b.har", "a.har"])
  })
})
