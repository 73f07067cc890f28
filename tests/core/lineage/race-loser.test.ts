import { beforeEach, describe, expect, it } from "vitest"

import { raceWinners } from "../../../src/core/lineage/race-loser"
import { read, resetExchangeIds, write } from "../../builders/exchange"
import { runEngine } from "../../builders/findings"

beforeEach(resetExchangeIds)

const winnersOf = (exchanges: Parameters<typeof runEngine>[0]) =>
  Object.fromEntries(raceWinners(runEngine(exchanges).resources[0].events))

describe("raceWinners", () => {
  it("pairs a refused write naming the current version with the next accepted write naming it (412 or 409, a DELETE too)", () => {
    expect(
      winnersOf([
        read('"a1"'),
        write({ ifMatch: '"a1"', status: 409 }),
        write({ ifMatch: '"a1"', status: 0 }), // failed: the server's answer unknown, passed over
        write({ ifMatch: '"a1"', status: 412 }), // a third writer, refused too
        write({ method: "DELETE", ifMatch: '"a1"', status: 204 })
      ])
    ).toEqual({ 2: 5, 4: 5 })
  })

  it("finds none when the next 2xx is a read, a write naming another version, or nothing", () => {
    expect(winnersOf([read('"a1"'), write({ ifMatch: '"a1"', status: 412 }), read('"a1"')])).toEqual({})
    resetExchangeIds()
    expect(
      winnersOf([read('"a1"'), write({ ifMatch: '"a1"', status: 412 }), write({ etag: '"a2"', status: 200 })])
    ).toEqual({})
    resetExchangeIds()
    expect(winnersOf([read('"a1"'), write({ ifMatch: '"a1"', status: 412 })])).toEqual({})
  })

  it("finds none for a refused stale tag: that refusal needs no race to explain it", () => {
    expect(
      winnersOf([
        read('"a1"'),
        write({ ifMatch: '"a1"', etag: '"a2"' }),
        write({ ifMatch: '"a1"', status: 412 }),
        write({ ifMatch: '"a1"', status: 200, etag: '"a3"' })
      ])
    ).toEqual({})
  })
})
